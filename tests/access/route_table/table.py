"""The route table: every route that takes an object, how to call it, and what it does.

A row names the route as the URL configuration spells it, the method, the path with the object's
ids in braces, the action (see expected.py) and the exact statuses an allowed subject gets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.access.route_table.world import NOW, World

MISSING = 987654321  # no row of any table has this id
APPEAL = "/api/v1/collective-appeals/{appeal}"
REQUEST = "/requests/{request}"


def no_data(visibility: str) -> dict[str, str]:
    return {}


def note(visibility: str) -> dict[str, str]:
    return {"note-occurred_at": "2026-04-01T10:00", "note-note": "Позвонили в канцелярию"}


def other_visibility(visibility: str) -> dict[str, str]:
    """A change of visibility from whatever the request has now."""
    return {"visibility": "private" if visibility != "private" else "public"}


def complaint(visibility: str) -> dict[str, str]:
    return {"step": "complaint"}


def reminder(visibility: str) -> dict[str, str]:
    return {"intent": "reminder"}


def correction_note(visibility: str) -> dict[str, str]:
    return {"correction_note": "Добавлено позднее сообщение о судебном акте"}


def pending_review(visibility: str) -> dict[str, str]:
    return {"reason": "Проверено по реестру"}


def api_note(visibility: str) -> dict[str, str]:
    return {"kind": "note", "occurred_at": "2026-04-01T10:00", "note": "Позвонили в канцелярию"}


def api_subject(visibility: str) -> dict[str, str]:
    return {"subject": "Новая тема"}


def publish(visibility: str) -> dict[str, str]:
    return {"action": "publish"}


@dataclass(frozen=True)
class Row:
    pattern: str
    method: str
    path: str
    action: str
    surface: str  # "page", "api" or "admin": what a refusal looks like
    allowed_status: frozenset[int]
    data: Callable[[str], dict[str, str]] = field(default=no_data)

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"


def ids(world: World, visibility: str) -> dict[str, object]:
    """The ids and tokens the paths take, for the objects of one visibility."""
    objects = world.requests.get(visibility) or world.requests["private"]
    return {
        "request": objects.request.pk,
        "letter": objects.letter.pk,
        "evidence": objects.evidence.pk,
        "outgoing": objects.outgoing.pk,
        "incoming": objects.incoming.pk,
        "violation": objects.violation.pk,
        "suggestion": objects.suggestion.pk,
        "appeal": world.appeal.pk,
        "cosigner": world.cosigner.pk,
        "proposal": world.proposal.pk,
        "template": world.template.pk,
        "feed": world.feed.token,
        "access_log_entry": world.access_log_entry.pk,
        "report_item": world.report_item.pk,
        "held": world.held.pk,
        "year": NOW.year,
        "month": f"{NOW.month:02d}",
    }


def missing_ids() -> dict[str, object]:
    """The same placeholders for objects that do not exist."""
    return {
        "request": MISSING,
        "letter": MISSING,
        "evidence": MISSING,
        "outgoing": MISSING,
        "incoming": MISSING,
        "violation": MISSING,
        "suggestion": MISSING,
        "appeal": MISSING,
        "cosigner": MISSING,
        "proposal": MISSING,
        "template": MISSING,
        "feed": "no-such-feed-token",
        "access_log_entry": MISSING,
        "report_item": MISSING,
        "held": MISSING,
        "year": 1000,  # a month with no data at all
        "month": "01",
    }


def admin_rows(model: str, placeholder: str, action: str, delete: str) -> list[Row]:
    """The admin's change and history pages of one model, and its delete confirmation (GET)."""
    return [
        *[
            Row(
                f"admin/{model}/<path:object_id>/{view}/",
                "get",
                f"/admin/{model}/{{{placeholder}}}/{view}/",
                action,
                "admin",
                frozenset({200}),
            )
            for view in ("change", "history")
        ],
        Row(
            f"admin/{model}/<path:object_id>/delete/",
            "get",
            f"/admin/{model}/{{{placeholder}}}/delete/",
            delete,
            "admin",
            frozenset({200}),
        ),
    ]


OK = frozenset({200})
REDIRECT = frozenset({302})

ROWS: list[Row] = [
    # The request's pages.
    Row("requests/<int:pk>/", "get", REQUEST + "/", "request-read", "page", OK),
    Row(
        "requests/<int:pk>/events/<str:kind>/",
        "post",
        REQUEST + "/events/note/",
        "request-change",
        "page",
        REDIRECT,
        note,
    ),
    Row(
        "requests/<int:pk>/suggestions/<int:suggestion_pk>/confirm/",
        "post",
        REQUEST + "/suggestions/{suggestion}/confirm/",
        "request-change",
        "page",
        REDIRECT,  # with no form posted: the errors are shown, nothing is recorded
    ),
    Row(
        "requests/<int:pk>/suggestions/<int:suggestion_pk>/dismiss/",
        "post",
        REQUEST + "/suggestions/{suggestion}/dismiss/",
        "request-change",
        "page",
        REDIRECT,
    ),
    Row(
        "requests/<int:pk>/visibility/",
        "post",
        REQUEST + "/visibility/",
        "request-publish",
        "page",
        REDIRECT,
        other_visibility,
    ),
    Row(
        "requests/<int:pk>/escalate/<str:step>/",
        "post",
        REQUEST + "/escalate/complaint/",
        "request-change",
        "page",
        REDIRECT,
    ),
    Row(
        "requests/<int:pk>/send-email/",
        "post",
        REQUEST + "/send-email/",
        "request-change",
        "page",
        REDIRECT,
    ),
    Row(
        "requests/<int:pk>/emails/<int:email_pk>/send-again/",
        "post",
        REQUEST + "/emails/{outgoing}/send-again/",
        "request-change",
        "page",
        REDIRECT,
    ),
    Row(
        "requests/<int:pk>/emails/<int:email_pk>/stop-trying/",
        "post",
        REQUEST + "/emails/{outgoing}/stop-trying/",
        "request-change",
        "page",
        REDIRECT,
    ),
    *[
        Row(
            f"requests/<int:pk>/submit/{channel}/",
            "post",
            REQUEST + f"/submit/{channel}/",
            "request-change",
            "page",
            REDIRECT,
        )
        for channel in ("e-otinish", "posted", "delivered", "in-person")
    ],
    Row(
        "requests/<int:pk>/address-sheet/",
        "get",
        REQUEST + "/address-sheet/",
        "request-read",
        "page",
        OK,
    ),
    Row(
        "public/requests/<int:pk>/", "get", "/public/requests/{request}/", "public-page", "page", OK
    ),
    # The request's API: the letter with the requester's details, escalation, email, bundle.
    Row(
        "api/v1/requests/<int:pk>/letter/",
        "get",
        "/api/v1/requests/{request}/letter/",
        "request-read",
        "api",
        OK,
    ),
    Row(
        "api/v1/requests/<int:pk>/escalate/",
        "post",
        "/api/v1/requests/{request}/escalate/",
        "request-change",
        "api",
        frozenset({201}),
        complaint,
    ),
    Row(
        "api/v1/requests/<int:pk>/send-email/",
        "post",
        "/api/v1/requests/{request}/send-email/",
        "request-change",
        "api",
        frozenset({202}),
        reminder,
    ),
    Row(
        "api/v1/requests/<int:pk>/evidence-bundle/",
        "get",
        "/api/v1/requests/{request}/evidence-bundle/",
        "request-read",
        "api",
        OK,
    ),
    Row("api/v1/letters/<int:pk>/", "get", "/api/v1/letters/{letter}/", "request-read", "api", OK),
    # The admin's pages of a request and of what hangs off it.
    *admin_rows(
        "information_requests/informationrequest", "request", "admin-request", "admin-delete"
    ),
    *admin_rows("information_requests/evidencefile", "evidence", "admin-request", "admin-delete"),
    *admin_rows("correspondence/letter", "letter", "admin-request", "admin-delete"),
    *admin_rows("mail/outgoingemail", "outgoing", "admin-request", "admin-no-delete"),
    *admin_rows("mail/incomingemail", "incoming", "admin-request", "admin-no-delete"),
    *admin_rows("monitoring/violation", "violation", "admin-violation", "admin-delete"),
    # The access log: read by superusers only, and never changed or deleted by anyone.
    *admin_rows("accounts/accesslogentry", "access_log_entry", "admin-access-log", "no-one"),
    # Violations: the staff pages and the API (open data once published).
    Row(
        "monitoring/violations/<int:pk>/edit/",
        "get",
        "/monitoring/violations/{violation}/edit/",
        "violation-staff",
        "page",
        # A published violation is no longer edited: its edit page leads back to the list.
        frozenset({200, 302}),
    ),
    Row(
        "monitoring/violations/<int:pk>/review/<str:action>/",
        "post",
        "/monitoring/violations/{violation}/review/verify/",
        "violation-staff",
        "page",
        REDIRECT,
    ),
    Row(
        "api/v1/^violations/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/violations/{violation}/",
        "violation-open-data",
        "api",
        OK,
    ),
    # The month's case items: NGO staff's, on the page, in the API and the admin (deleting from
    # the admin is a superuser's: NGO staff hold no delete permission).
    Row(
        "monitoring/report/<year:year>-<month:month>/items/",
        "get",
        "/monitoring/report/{year}-{month}/items/",
        "monitoring",
        "page",
        OK,
    ),
    Row(
        "monitoring/report-items/<int:pk>/edit/",
        "get",
        "/monitoring/report-items/{report_item}/edit/",
        "monitoring",
        "page",
        OK,
    ),
    Row(
        "monitoring/report-items/<int:pk>/delete/",
        "post",
        "/monitoring/report-items/{report_item}/delete/",
        "monitoring",
        "page",
        REDIRECT,
    ),
    Row(
        "api/v1/^report-items/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/report-items/{report_item}/",
        "monitoring",
        "api",
        OK,
    ),
    *admin_rows("monitoring/monthlynarrative", "report_item", "monitoring", "admin-report-item"),
    # The collective appeal's pages.
    Row("collective/<int:pk>/", "get", "/collective/{appeal}/", "appeal-read", "page", OK),
    *[
        Row(
            f"collective/<int:pk>/{step}/",
            "post",
            f"/collective/{{appeal}}/{step}/",
            "appeal-change",
            "page",
            REDIRECT,
        )
        for step in ("cosigners", "addressees", "schedule", "cancel", "remind-silent", "complain")
    ],
    # The registrations form posted empty is refused as a bad form, after the access check.
    *[
        Row(
            f"collective/<int:pk>/{step}/",
            "post",
            f"/collective/{{appeal}}/{step}/",
            "appeal-change",
            "page",
            frozenset({400}),
        )
        for step in ("registrations", "registrations/upload")
    ],
    # Confirming is the co-signer's own act: whoever may read the appeal reaches the service,
    # which refuses anyone but a member of the co-signing organisation (a business refusal).
    Row(
        "collective/<int:pk>/cosigners/<int:cosigner_id>/confirm/",
        "post",
        "/collective/{appeal}/cosigners/{cosigner}/confirm/",
        "appeal-read",
        "page",
        REDIRECT,
    ),
    # The collective appeal's API.
    Row(
        "api/v1/^collective-appeals/(?P<pk>[0-9]+)/$",
        "get",
        APPEAL + "/",
        "appeal-read",
        "api",
        OK,
    ),
    *[
        Row(
            f"api/v1/^collective-appeals/(?P<pk>[0-9]+)/{step}/$",
            "get",
            APPEAL + f"/{step}/",
            "appeal-read",
            "api",
            OK,
        )
        for step in ("progress", "export.csv")
    ],
    *[
        Row(
            f"api/v1/^collective-appeals/(?P<pk>[0-9]+)/{step}/$",
            "post",
            APPEAL + f"/{step}/",
            "appeal-change",
            "api",
            # Posted empty: the steps that need a choice say 400; reminding and complaining
            # about no silent or refused addressee do nothing and say 200.
            frozenset({200 if step in ("complain", "remind-silent") else 400}),
        )
        for step in ("addressees", "cancel", "complain", "cosigners", "remind-silent", "schedule")
    ],
    Row(
        "api/v1/^collective-appeals/(?P<pk>[0-9]+)/cosigners/(?P<cosigner_id>\\d+)/confirm/$",
        "post",
        APPEAL + "/cosigners/{cosigner}/confirm/",
        "appeal-read",
        "api",
        frozenset({200, 400}),  # 200 for the co-signing outlet's members, 400 for the others
    ),
    # Staff pages that take an id, a token or a month.
    Row(
        "monitoring/report/<year:year>-<month:month>/",
        "get",
        "/monitoring/report/{year}-{month}/",
        "monitoring",
        "page",
        OK,
    ),
    Row(
        "monitoring/report/<year:year>-<month:month>/publish/",
        "post",
        "/monitoring/report/{year}-{month}/publish/",
        "monitoring",
        "page",
        REDIRECT,
        correction_note,
    ),
    Row(
        "monitoring/report/<year:year>-<month:month>/versions/<int:version>/",
        "get",
        "/monitoring/report/{year}-{month}/versions/1/",
        "monitoring",
        "page",
        OK,
    ),
    Row(
        "monitoring/violations/import/<str:token>/confirm/",
        "post",
        "/monitoring/violations/import/" + "0" * 32 + "/confirm/",
        "monitoring",
        "page",
        REDIRECT,
    ),
    Row(
        "monitoring/violations/import/progress/<str:key>/",
        "get",
        "/monitoring/violations/import/progress/some-upload/",
        "monitoring",
        "page",
        OK,
    ),
    Row(
        "directory/proposals/<int:pk>/<str:action>/",
        "post",
        "/directory/proposals/{proposal}/reject/",
        "monitoring",
        "page",
        REDIRECT,
        pending_review,
    ),
    Row(
        "directory/export.<str:extension>",
        "get",
        "/directory/export.csv",
        "monitoring",
        "page",
        OK,
    ),
    Row(
        "api/v1/^letter-templates/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/letter-templates/{template}/",
        "template-read",
        "api",
        OK,
    ),
    Row("calendar/<str:token>.ics", "get", "/calendar/{feed}.ics", "feed-token", "page", OK),
    Row("requests/<int:pk>/publish/", "get", REQUEST + "/publish/", "request-publish", "page", OK),
    Row(
        "requests/<int:pk>/publish/",
        "post",
        REQUEST + "/publish/",
        "request-publish",
        "page",
        REDIRECT,
        publish,
    ),
    # The world's evidence file is a plain text without personal data: checked, so published.
    Row(
        "public/requests/<int:pk>/attachments/<int:file_pk>/",
        "get",
        "/public/requests/{request}/attachments/{evidence}/",
        "public-page",
        "page",
        OK,
    ),
    Row(
        "follow/request/<int:pk>/",
        "post",
        "/follow/request/{request}/",
        "request-follow",
        "page",
        REDIRECT,
    ),
    Row(
        "public/requests/<int:pk>/feed.atom",
        "get",
        "/public/requests/{request}/feed.atom",
        "public-page",
        "page",
        OK,
    ),
    # The holding queue, the dataset keepers' violations, the monthly reports and the contact
    # proposals in the API (posted empty: the held message has no suggestion to file it on; a
    # review step that the violation's state refuses is a 400 after the access check).
    Row(
        "api/v1/^held-messages/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/held-messages/{held}/",
        "monitoring",
        "api",
        OK,
    ),
    Row(
        "api/v1/^held-messages/(?P<pk>[0-9]+)/discard/$",
        "post",
        "/api/v1/held-messages/{held}/discard/",
        "monitoring",
        "api",
        OK,
    ),
    Row(
        "api/v1/^held-messages/(?P<pk>[0-9]+)/file/$",
        "post",
        "/api/v1/held-messages/{held}/file/",
        "monitoring",
        "api",
        frozenset({400}),
    ),
    Row(
        "api/v1/^dataset/violations/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/dataset/violations/{violation}/",
        "violation-staff",
        "api",
        OK,
    ),
    *[
        Row(
            f"api/v1/^dataset/violations/(?P<pk>[0-9]+)/{step}/$",
            "post",
            f"/api/v1/dataset/violations/{{violation}}/{step}/",
            "violation-staff",
            "api",
            # The public request's violation is published, the others drafts.
            frozenset({400} if step == "publish" else {200, 400}),
        )
        for step in ("verify", "publish", "draft")
    ],
    Row(
        "api/v1/^reports/(?P<year>[1-9][0-9]{3})-(?P<month>(?:0[1-9]|1[0-2]))/$",
        "get",
        "/api/v1/reports/{year}-{month}/",
        "monitoring",
        "api",
        OK,
    ),
    Row(
        "api/v1/^reports/(?P<year>[1-9][0-9]{3})-(?P<month>(?:0[1-9]|1[0-2]))/"
        "(?P<output_format>(?:md|html|pdf|docx))$",
        "get",
        "/api/v1/reports/{year}-{month}/pdf",
        "monitoring",
        "api",
        OK,
    ),
    Row(
        "api/v1/^contact-proposals/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/contact-proposals/{proposal}/",
        "proposal-read",
        "api",
        OK,
    ),
    Row(
        "api/v1/^contact-proposals/(?P<pk>[0-9]+)/accept/$",
        "post",
        "/api/v1/contact-proposals/{proposal}/accept/",
        "monitoring",
        "api",
        OK,
    ),
    Row(
        "api/v1/^contact-proposals/(?P<pk>[0-9]+)/reject/$",
        "post",
        "/api/v1/contact-proposals/{proposal}/reject/",
        "monitoring",
        "api",
        OK,
        pending_review,
    ),
    # The requests API (information_requests/api.py): the world's requests are overdue, so a
    # rewrite of the draft is a 409 for whoever may change them.
    Row(
        "api/v1/^requests/(?P<pk>[0-9]+)/$",
        "get",
        "/api/v1/requests/{request}/",
        "request-read",
        "api",
        OK,
    ),
    *[
        Row(
            "api/v1/^requests/(?P<pk>[0-9]+)/$",
            method,
            "/api/v1/requests/{request}/",
            "request-change",
            "api",
            frozenset({409}),
            api_subject,
        )
        for method in ("patch", "put")
    ],
    *[
        Row(
            f"api/v1/^requests/(?P<pk>[0-9]+)/{step}/$",
            "post",
            f"/api/v1/requests/{{request}}/{step}/",
            "request-publish",
            "api",
            OK,
        )
        for step in ("publish", "unpublish")
    ],
    *[
        Row(
            f"api/v1/^requests/(?P<pk>[0-9]+)/{part}/$",
            "get",
            f"/api/v1/requests/{{request}}/{part}/",
            "request-read",
            "api",
            OK,
        )
        for part in ("events", "letters", "emails")
    ],
    Row(
        "api/v1/^requests/(?P<pk>[0-9]+)/events/$",
        "post",
        "/api/v1/requests/{request}/events/",
        "request-change",
        "api",
        frozenset({201}),
        api_note,
    ),
    Row(
        "api/v1/evidence/<int:pk>/",
        "get",
        "/api/v1/evidence/{evidence}/",
        "request-read",
        "api",
        OK,
    ),
    Row(
        "api/v1/requests/<int:pk>/public-preview/",
        "get",
        "/api/v1/requests/{request}/public-preview/",
        "request-publish",
        "api",
        OK,
    ),
]
