"""Every page carries a Content-Security-Policy that lets no inline script run, and no template
needs one: scripts and styles come from static files only.

The pages are generated from the URL configuration: every named route of the site (outside the
admin and the API) is either a page below, opened as the visitor who may see it, or listed as not
a page with the reason, so a new page cannot be added without being checked here.
"""

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.services import create_appeal
from requests_tracker.following.services import follow_body
from requests_tracker.information_requests.demo import JOURNALIST, NGO_STAFF
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.laws.models import LegalRule
from requests_tracker.monitoring.models import Block, Category, MonthlyNarrative, Violation

PROJECT_DIR = Path(settings.BASE_DIR)


@dataclass(frozen=True)
class Page:
    name: str
    visitor: str  # "anonymous", "journalist" or "staff"
    # (argument of the route, name of the object made by the `site` fixture)
    arguments: tuple[tuple[str, str], ...] = ()
    status: int = 200


PAGES = (
    Page("home", "anonymous"),
    Page("deadline-calculator-page", "anonymous"),
    Page("login", "anonymous"),
    Page("signup", "anonymous"),
    Page("signup-sent", "anonymous"),
    Page("signup-confirm", "anonymous", (("uidb64", "uidb64"), ("token", "token")), status=400),
    Page("password_reset", "anonymous"),
    Page("password_reset_done", "anonymous"),
    Page("password_reset_confirm", "anonymous", (("uidb64", "uidb64"), ("token", "token"))),
    Page("password_reset_complete", "anonymous"),
    Page("public-requests", "anonymous"),
    Page("public-request", "anonymous", (("pk", "public_request"),)),
    Page("body-page", "anonymous", (("slug", "body"),)),
    Page("body-page", "journalist", (("slug", "body"),)),
    Page("body-contact-proposals", "staff"),
    Page("directory-files", "staff"),
    Page("open-data", "anonymous"),
    Page("profile", "journalist"),
    Page("dashboard", "journalist"),
    Page("request-new", "journalist"),
    Page("request-detail", "journalist", (("pk", "request"),)),
    Page("collective-appeals", "staff"),
    Page("collective-appeal-new", "staff"),
    Page("collective-appeal-detail", "staff", (("pk", "appeal"),)),
    Page("violation-list", "staff"),
    Page("violation-new", "staff"),
    Page("violation-categories", "staff"),
    Page("violation-edit", "staff", (("pk", "violation"),)),
    Page("violation-import", "staff"),
    Page("monitoring-dashboard", "staff"),
    Page("monthly-report", "staff", (("year", "year"), ("month", "month"))),
    Page("report-items", "staff", (("year", "year"), ("month", "month"))),
    Page("report-item-edit", "staff", (("pk", "report_item"),)),
    Page("api-v1:docs", "anonymous"),
    Page("admin:index", "staff"),
    Page("admin:login", "anonymous"),
    Page("request-publish", "journalist", (("pk", "request"),)),
    Page("body-index", "anonymous"),
    Page("following", "journalist"),
    Page("follow-search", "journalist", status=400),
    Page("follow-unsubscribe", "anonymous", (("token", "unsubscribe_token"),)),
    Page("api-token-revoke", "journalist", (("pk", "api_token"),)),
    Page("public-search", "anonymous"),
)
NOT_PAGES = {
    "set_language": "POST only",
    "logout": "POST only",
    "calendar-feed": "an iCalendar file",
    "mailgun-inbound": "a webhook",
    "request-record": "POST only",
    "suggestion-confirm": "POST only",
    "suggestion-dismiss": "POST only",
    "request-visibility": "POST only",
    "request-escalate": "POST only",
    "request-send-email": "POST only",
    "request-email-send-again": "POST only",
    "request-email-stop-trying": "POST only",
    "request-submit-e-otinish": "POST only",
    "request-posted": "POST only",
    "request-delivered": "POST only",
    "request-submit-in-person": "POST only",
    "request-address-sheet": "a PDF file",
    "collective-cosigner-add": "POST only",
    "collective-cosigner-confirm": "POST only",
    "collective-addressees-add": "POST only",
    "collective-appeal-schedule": "POST only",
    "collective-appeal-cancel": "POST only",
    "collective-remind-silent": "POST only",
    "collective-complain": "POST only",
    "collective-registrations": "POST only",
    "collective-registrations-upload": "POST only",
    "violation-review": "POST only",
    "body-contact-propose": "POST only",
    "body-contact-review": "POST only",
    "directory-export": "a CSV or XLSX file",
    "violation-import-confirm": "POST only",
    "violation-import-progress": "JSON",
    "open-data-schema": "JSON",
    "open-data-violations": "a CSV, JSON or XLSX file",
    "violation-bulk-review": "POST only",
    "report-item-delete": "POST only",
    "monthly-report-publish": "POST only",
    "monthly-report-version": "a stored version's file (Markdown, HTML, JSON, PDF or DOCX)",
    "public-request-attachment": "a file download",
    "follow-request": "POST only",
    "follow-body": "POST only",
    "follow-feed": "an Atom feed",
    "body-feed": "an Atom feed",
    "public-request-feed": "an Atom feed",
    "api-token-create": "POST only",
}


def site_route_names(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> set[str]:
    """The named routes of the site: everything but the admin's and the API's."""
    names: set[str] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in ("admin", "api-v1"):
                names |= site_route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_route_of_the_site_is_a_checked_page_or_says_why_not() -> None:
    checked = {page.name for page in PAGES}

    unaccounted = site_route_names() - checked - set(NOT_PAGES)

    assert unaccounted == set()


@pytest.fixture
def site(demo_data: None) -> dict[str, object]:
    """One object of each kind a page shows, as the demo accounts see them."""
    journalist = User.objects.get(username=JOURNALIST.username)
    staff = User.objects.get(username=NGO_STAFF.username)
    information_request = InformationRequest.objects.filter(requester=journalist).first()
    assert information_request is not None
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=Visibility.PUBLIC
    )
    appeal = create_appeal(
        title="Статистика отказов",
        text="Просим предоставить статистику отказов.",
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=staff.memberships.get().organization,
        user=staff,
        now=timezone.now(),
    )
    violation = Violation.objects.create(
        block=Block.B, category=Category.REFUSAL_CPC_201, occurred_on=date(2026, 3, 10)
    )
    report_item = MonthlyNarrative.objects.create(
        month=date(2026, 3, 1), title_ru="Задержания журналистов", text_ru="> Цитата\n\n- пункт"
    )
    return {
        "report_item": report_item.pk,
        "request": information_request.pk,
        "public_request": information_request.pk,
        "body": PublicBody.objects.get(slug="police-kz-75").slug,
        "appeal": appeal.pk,
        "violation": violation.pk,
        "year": 2026,
        "month": 3,
        "uidb64": "MQ",
        "token": "not-a-token",
        "unsubscribe_token": follow_body(
            user=journalist, public_body=PublicBody.objects.get(slug="police-kz-75")
        ).unsubscribe_token,
        "api_token": create_api_token(user=journalist, name="скрипт", now=timezone.now()).token.pk,
    }


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            # JSON data blocks are never run.
            self._in_inline_script = attributes.get("type") not in ("application/json",)
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if value is not None and re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"<{tag} {name}=>")
            if value is not None and name == "style":
                self.found.append(f"<{tag} style=>")
            if value is not None and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def script_sources(policy: str) -> list[str]:
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    return directives["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_carries_a_policy_that_runs_no_inline_script(
    page: Page, site: dict[str, object], client: Client
) -> None:
    if page.visitor != "anonymous":
        username = JOURNALIST.username if page.visitor == "journalist" else NGO_STAFF.username
        client.force_login(User.objects.get(username=username))
    path = reverse(page.name, kwargs={argument: site[name] for argument, name in page.arguments})

    response = client.get(path)

    assert response.status_code == page.status
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    assert script_sources(policy) == ["'self'"]
    for directive in (
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert f"{directive};" in f"{policy};"
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
def test_the_api_docs_load_their_start_up_script_from_the_same_origin(client: Client) -> None:
    page = client.get("/api/v1/docs/").content.decode()
    script_url = re.findall(r'<script src="([^"]+)"', page)[-1]

    script = client.get(script_url.replace("&amp;", "&"))

    assert script_url.startswith("/api/v1/docs/?")
    assert script.status_code == 200
    assert script["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in script.content.decode()


def template_files() -> list[Path]:
    """Every HTML template of the project: templates/ and each app's templates/ folder."""
    folders = [PROJECT_DIR / "templates", *(PROJECT_DIR / "requests_tracker").glob("*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


# Emails are not pages: a mail reader applies no policy, and many strip <link> but keep styles.
EMAIL_TEMPLATES = {"notifications/alert.html", "registration/password_reset_email.html"}


def test_the_template_files_are_found() -> None:
    names = {path.relative_to(PROJECT_DIR).as_posix() for path in template_files()}

    assert "templates/base.html" in names
    assert "templates/monitoring/import.html" in names
    assert "templates/drf_spectacular/swagger_ui.html" in names


@pytest.mark.parametrize(
    "template", template_files(), ids=lambda path: path.relative_to(PROJECT_DIR).as_posix()
)
def test_no_template_has_inline_script_or_style(template: Path) -> None:
    found = inline_code(template.read_text())

    if template.as_posix().endswith(tuple(f"/templates/{name}" for name in EMAIL_TEMPLATES)):
        found = [item for item in found if "style" not in item]
    assert found == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script src="/static/js/app.js" defer></script>', []),
        ('<script type="application/json" id="data">{"a": 1}</script>', []),
        ("<script>alert(1)</script>", ["<script>alert(1)"]),
        ('<button onclick="go()">Go</button>', ["<button onclick=>"]),
        ('<a href="javascript:go()">Go</a>', ["<a href=javascript:>"]),
        ('<p style="color: red">Red</p>', ["<p style=>"]),
        ("<style>p { color: red }</style>", ["<style>"]),
        ("{% if only %}<p>Only</p>{% endif %}", []),
    ],
)
def test_the_inline_code_finder_finds_what_the_policy_blocks(
    html: str, expected: list[str]
) -> None:
    assert inline_code(html) == expected
