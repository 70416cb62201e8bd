"""The routes that take an object, and those known to take no private one."""

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Routes whose parameter names no private object, each with the reason.
NO_PRIVATE_OBJECT: dict[str, str] = {
    "accounts/confirm/<uidb64>/<token>/": "the sign-up link's own signed token",
    "accounts/password-reset/<uidb64>/<token>/": "Django's signed password-reset token",
    "bodies/<slug:slug>/": "a public body's public page",
    "bodies/<slug:slug>/propose-contact/": "anyone signed in proposes a contact to a public body",
    r"^open-data/violations\.(?P<extension>csv|json|xlsx)$": "published violations only",
    "api/v1/^jurisdictions/(?P<code>[^/.]+)/$": "reference data (laws)",
    "api/v1/^laws/(?P<code>[^/.]+)/$": "reference data (laws)",
    "api/v1/^rules/(?P<rule_id>[^/]+)/$": "reference data (public rule lookup)",
    "api/v1/^calendar-overrides/(?P<pk>[0-9]+)/$": "reference data (decreed working days)",
    "api/v1/^regions/(?P<code>[^/.]+)/$": "reference data (the directory)",
    "api/v1/^bodies/(?P<slug>[^/.]+)/$": "reference data (the directory)",
    r"admin/^(?P<app_label>auth|authtoken|core|accounts|laws|bodies|information_requests|monitoring|notifications|correspondence|mail|following|axes)/$": (  # noqa: E501
        "the admin's index of one app: a list of models, no object"
    ),
    "admin/(?P<url>.*)$": "the admin's catch-all: a redirect or a 404 for any path",
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        "'view on site': a redirect to the object's own page, which the table tries"
    ),
    "admin/accounts/user/<id>/password/": "a user's password form: accounts, not a request",
    "follow/body/<slug:slug>/": "anyone signed in follows a public body",
    "follow/unsubscribe/<str:token>/": (
        "the unsubscribe link's own random token; a wrong one is a 404 (tests/following)"
    ),
    "follow/feed/<str:token>.atom": (
        "a follower's feed of public news, read by its random token (tests/following)"
    ),
    "bodies/<slug:slug>/feed.atom": "a public body's feed of its published requests only",
    "accounts/profile/tokens/<int:pk>/revoke/": (
        "a user's own API token: looked up among the user's own only (access/tokens.py), "
        "tested in tests/api/test_api_tokens.py"
    ),
}

# Admin models that are reference data, accounts or machinery, not a request or what hangs off
# it; the admin's own model permissions guard them.
ADMIN_MODELS_WITHOUT_A_REQUEST = (
    "auth/group",
    "authtoken/tokenproxy",
    "core/heartbeat",
    "accounts/user",
    "accounts/organization",
    "laws/jurisdiction",
    "laws/instrument",
    "laws/legalrule",
    "laws/calendaroverride",
    "laws/transferdecree",
    "bodies/region",
    "bodies/publicbody",
    "correspondence/lettertemplate",
    "monitoring/violationcategory",
    "monitoring/reportmasthead",
    "notifications/alert",
    "axes/accessattempt",
    "axes/accesslog",
    "axes/accessfailurelog",
    "following/follownotice",
    "accounts/apitoken",
)
for _model in ADMIN_MODELS_WITHOUT_A_REQUEST:
    for _view in ("history/", "delete/", "change/", ""):
        NO_PRIVATE_OBJECT[f"admin/{_model}/<path:object_id>/{_view}"] = "admin of " + _model

# The admin's bare object address only redirects to its change page (tried in the table).
ADMIN_MODELS_WITH_A_REQUEST = (
    "information_requests/informationrequest",
    "information_requests/evidencefile",
    "correspondence/letter",
    "mail/outgoingemail",
    "mail/incomingemail",
    "monitoring/violation",
    "accounts/accesslogentry",
)
for _model in ADMIN_MODELS_WITH_A_REQUEST:
    NO_PRIVATE_OBJECT[f"admin/{_model}/<path:object_id>/"] = "a redirect to the change page"
NO_PRIVATE_OBJECT["admin/monitoring/monthlynarrative/<path:object_id>/"] = (
    "a redirect to the change page of a report item (tried in the table)"
)


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def object_routes(urlconf: str | None = None) -> list[str]:
    """Every route with a parameter other than a DRF format suffix, as the resolver spells it.

    The format-suffix copies of DRF routes (``\\.(?P<format>...)``) are left out: the same view
    answers them as the route without the suffix.
    """
    routes = []
    seen_resolver = get_resolver(urlconf)
    for route, pattern in walk(seen_resolver):
        parameters = set(pattern.pattern.regex.groupindex) | set(
            getattr(pattern.pattern, "converters", {})
        )
        if "(?P<format>" in route or "<drf_format_suffix:format>" in route:
            continue
        if parameters or "<" in route:
            routes.append(route)
    return routes


def unlisted(routes: list[str], listed: set[str]) -> list[str]:
    """The routes in neither the table nor the list of routes without a private object."""
    return [route for route in routes if route not in listed and route not in NO_PRIVATE_OBJECT]
