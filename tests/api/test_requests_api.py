"""The requests API: the list and its filters, drafts filed and rewritten with the filing form's
checks, publishing, and what anyone else gets (a 404, nothing changed)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from requests_tracker.accounts.models import Membership, Role, User
from requests_tracker.accounts.tokens import create_api_token
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.drafts import NotADraftError, update_draft
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule
from tests.factories import OrganizationFactory, UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")

pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def user_named(username: str) -> User:
    user: User = UserFactory.create(username=username, preferred_language="en")
    return user


def client_of(user: User) -> APIClient:
    """A client with a token of ``user``'s, answered in the user's language (English)."""
    client = APIClient()
    key = create_api_token(user=user, name="script", now=timezone.now()).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def made_on(when: datetime, **values: object) -> InformationRequest:
    """A draft made at ``when`` (its row's created_at too, which the filters read)."""
    with time_machine.travel(when, tick=False):
        return make_request(created_at=when, **values)  # type: ignore[arg-type]


def draft_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "public_body": "police-kz-75",
        "legal_rules": ["KZ.ATI.11.response"],
        "subject": "Статистика обращений",
        "text": "1. Сколько обращений поступило в 2025 году?",
        "language": "ru",
    }
    body.update(changes)
    return body


def submitted(information_request: InformationRequest, *, on: datetime) -> None:
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=on,
        recorded_by=information_request.requester,
        data={"channel": "post"},
    )


# --- The list -------------------------------------------------------------------------------


def test_the_list_holds_the_users_requests_and_those_shared_with_them_only() -> None:
    # given: dana's own request, a colleague's shared with the outlet, a colleague's private one,
    # and a stranger's
    dana, colleague = user_named("dana"), user_named("aidos")
    outlet = OrganizationFactory.create()
    for member in (dana, colleague):
        Membership.objects.create(user=member, organization=outlet, role=Role.JOURNALIST)
    own = make_request(requester=dana, subject="Мой запрос")
    shared = make_request(requester=colleague, organization=outlet, subject="Общий")
    InformationRequest.objects.filter(pk=shared.pk).update(visibility=Visibility.ORGANIZATION)
    make_request(requester=colleague, organization=outlet, subject="Личный коллеги")
    make_request(subject="Чужой")

    # when
    response = client_of(dana).get("/api/v1/requests/")

    # then: newest first, without a count
    assert response.status_code == 200
    assert [row["subject"] for row in response.json()["results"]] == ["Общий", "Мой запрос"]
    assert [row["id"] for row in response.json()["results"]] == [shared.pk, own.pk]
    assert set(response.json()) == {"next", "previous", "results"}


def test_the_list_is_filtered_by_status_visibility_body_step_and_creation_date() -> None:
    # given: three requests of dana's, made on different days, one submitted, one public
    dana = user_named("dana")
    first = made_on(at(1, 15), requester=dana, subject="Январский")
    second = made_on(at(3, 2), requester=dana, body_slug="ministry-internal-affairs")
    third = made_on(at(3, 20), requester=dana, subject="Мартовский")
    submitted(second, on=at(3, 3))
    InformationRequest.objects.filter(pk=third.pk).update(visibility=Visibility.PUBLIC)
    client = client_of(dana)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/requests/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    # when / then
    assert ids("status=submitted") == [second.pk]
    assert ids("status=draft") == [third.pk, first.pk]
    assert ids("visibility=public") == [third.pk]
    assert ids("public_body=ministry-internal-affairs") == [second.pk]
    assert ids("step=complaint") == []
    assert ids("step=request") == [third.pk, second.pk, first.pk]
    assert ids("created_year=2026") == [third.pk, second.pk, first.pk]
    assert ids("created_year=2025") == []
    assert ids("created_after=2026-03-01&created_before=2026-03-19") == [second.pk]
    assert ids("created_after=2026-03-20") == [third.pk]


def test_a_filter_that_means_nothing_is_a_400_that_says_why() -> None:
    # given
    client = client_of(user_named("dana"))

    # when
    status = client.get("/api/v1/requests/?status=lost")
    year = client.get("/api/v1/requests/?created_year=99999")
    day = client.get("/api/v1/requests/?created_after=yesterday")

    # then
    assert (status.status_code, year.status_code, day.status_code) == (400, 400, 400)
    assert status.json() == {
        "status": ["Select a valid choice. lost is not one of the available choices."]
    }
    assert year.json() == {"created_year": ["Ensure this value is less than or equal to 2100."]}
    assert day.json() == {"created_after": ["Enter a valid date."]}


def test_the_list_is_read_a_page_at_a_time_by_cursor() -> None:
    # given: three requests
    dana = user_named("dana")
    made = [make_request(requester=dana, subject=f"Запрос {n}") for n in range(3)]
    client = client_of(dana)

    # when
    first = client.get("/api/v1/requests/?page_size=2").json()
    second = client.get(first["next"]).json()

    # then
    assert [row["id"] for row in first["results"]] == [made[2].pk, made[1].pk]
    assert [row["id"] for row in second["results"]] == [made[0].pk]
    assert second["next"] is None
    assert second["previous"] is not None


# --- Filing and rewriting a draft -------------------------------------------------------------


def test_a_draft_is_filed_with_the_visibility_asked_for() -> None:
    # given: a member of an outlet
    dana = user_named("dana")
    outlet = OrganizationFactory.create()
    Membership.objects.create(user=dana, organization=outlet, role=Role.JOURNALIST)

    # when
    response = client_of(dana).post(
        "/api/v1/requests/",
        draft_body(organization=outlet.pk, visibility="organization"),
        format="json",
    )

    # then
    assert response.status_code == 201, response.content
    information_request = InformationRequest.objects.get(pk=response.json()["id"])
    assert (information_request.organization, information_request.visibility) == (
        outlet,
        "organization",
    )
    assert information_request.requester == dana
    assert list(information_request.events.values_list("kind", flat=True)) == ["created"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"legal_rules": ["KZ.NO_SUCH.rule"]},
            "legal_rules",
            "KZ.NO_SUCH.rule was not in force on the date of receipt: choose among the legal "
            "bases shown.",
        ),
        (
            {"public_body": "no-such-body"},
            "public_body",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"language": "de"},
            "language",
            "Select a valid choice. de is not one of the available choices.",
        ),
        (
            {"received_on": "2030-01-01"},
            "received_on",
            "The date of receipt cannot be in the future.",
        ),
        (
            {"organization": 987654},
            "organization",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_a_draft_the_filing_form_refuses_is_a_400_and_nothing_is_made(
    changes: dict[str, object], field: str, message: str
) -> None:
    # given: dana, a member of an outlet (so the form offers its organisations)
    dana = user_named("dana")
    Membership.objects.create(
        user=dana, organization=OrganizationFactory.create(), role=Role.JOURNALIST
    )

    # when
    with time_machine.travel(at(3, 2), tick=False):
        response = client_of(dana).post("/api/v1/requests/", draft_body(**changes), format="json")

    # then
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert InformationRequest.objects.count() == 0


def test_a_draft_is_rewritten_in_part_and_the_rest_stays() -> None:
    # given
    dana = user_named("dana")
    draft = make_request(requester=dana, subject="Старая тема")

    # when
    with time_machine.travel(at(3, 3), tick=False):
        response = client_of(dana).patch(
            f"/api/v1/requests/{draft.pk}/",
            {"subject": "Новая тема", "legal_rules": ["KZ.MEDIA.36.response"]},
            format="json",
        )

    # then
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.subject == "Новая тема"
    assert draft.text == "Прошу сообщить число обращений за 2026 год."
    assert draft.public_body == PublicBody.objects.get(slug="police-kz-75")
    assert list(draft.legal_rules.values_list("rule_id", flat=True)) == ["KZ.MEDIA.36.response"]
    assert response.json()["legal_rules"] == ["KZ.MEDIA.36.response"]


def test_a_sent_request_is_not_rewritten_and_nothing_changes() -> None:
    # given
    dana = user_named("dana")
    information_request = make_request(requester=dana, subject="Как отправлено")
    submitted(information_request, on=at(3, 2, 11))

    # when
    with time_machine.travel(at(3, 3), tick=False):
        response = client_of(dana).put(
            f"/api/v1/requests/{information_request.pk}/",
            draft_body(subject="Переписано"),
            format="json",
        )

    # then
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only a draft can be changed: this request is “Submitted”."
    }
    information_request.refresh_from_db()
    assert information_request.subject == "Как отправлено"


def test_the_draft_service_refuses_a_request_that_left_the_draft() -> None:
    # given: a request sent after the page or the API read it as a draft
    information_request = make_request(subject="Как отправлено")
    submitted(information_request, on=at(3, 2, 11))

    # when / then
    with translation.override("en"), pytest.raises(NotADraftError, match="Only a draft can be"):
        update_draft(
            information_request=information_request,
            public_body=information_request.public_body,
            legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
            subject="Переписано",
            text="—",
            language="ru",
            organization=None,
        )
    information_request.refresh_from_db()
    assert information_request.subject == "Как отправлено"


def test_the_draft_service_refuses_a_rule_of_another_jurisdiction() -> None:
    # given
    draft = make_request(subject="Черновик")
    foreign = LegalRule.objects.exclude(instrument__jurisdiction__code="KZ").first()
    assert foreign is not None

    # when / then
    with translation.override("en"), pytest.raises(DomainError, match="Every legal rule must"):
        update_draft(
            information_request=draft,
            public_body=draft.public_body,
            legal_rules=[foreign],
            subject="Черновик",
            text="—",
            language="ru",
            organization=None,
        )
    assert list(draft.legal_rules.values_list("rule_id", flat=True)) == ["KZ.ATI.11.response"]


def test_someone_else_cannot_read_rewrite_or_publish_a_request() -> None:
    # given
    draft = make_request(subject="Чужой черновик")
    client = client_of(user_named("stranger"))

    # when
    read = client.get(f"/api/v1/requests/{draft.pk}/")
    rewritten = client.patch(f"/api/v1/requests/{draft.pk}/", {"subject": "Взлом"}, format="json")
    published = client.post(f"/api/v1/requests/{draft.pk}/publish/")

    # then
    assert (read.status_code, rewritten.status_code, published.status_code) == (404, 404, 404)
    draft.refresh_from_db()
    assert (draft.subject, draft.visibility) == ("Чужой черновик", "private")


def test_an_editor_colleague_may_rewrite_a_shared_draft_but_not_publish_it() -> None:
    # given: dana's draft shared with her outlet, whose editor is aidos
    dana, editor = user_named("dana"), user_named("aidos")
    outlet = OrganizationFactory.create()
    Membership.objects.create(user=dana, organization=outlet, role=Role.JOURNALIST)
    Membership.objects.create(user=editor, organization=outlet, role=Role.EDITOR)
    draft = make_request(requester=dana, organization=outlet, subject="Общий черновик")
    InformationRequest.objects.filter(pk=draft.pk).update(visibility=Visibility.ORGANIZATION)
    client = client_of(editor)

    # when
    with time_machine.travel(at(3, 3), tick=False):
        rewritten = client.patch(
            f"/api/v1/requests/{draft.pk}/", {"subject": "Правка редактора"}, format="json"
        )
        published = client.post(f"/api/v1/requests/{draft.pk}/publish/")

    # then
    assert (rewritten.status_code, published.status_code) == (200, 404)
    draft.refresh_from_db()
    assert (draft.subject, draft.visibility) == ("Правка редактора", "organization")


# --- Publishing -------------------------------------------------------------------------------


def test_the_owner_publishes_and_unpublishes_a_request() -> None:
    # given
    dana = user_named("dana")
    information_request = make_request(requester=dana)
    client = client_of(dana)

    # when
    published = client.post(
        f"/api/v1/requests/{information_request.pk}/publish/",
        {"confirmed_attachments": []},
        format="json",
    )
    visible_after_publishing = InformationRequest.objects.get(pk=information_request.pk).visibility
    unpublished = client.post(
        f"/api/v1/requests/{information_request.pk}/unpublish/",
        {"visibility": "organization"},
        format="json",
    )

    # then
    assert (published.status_code, unpublished.status_code) == (200, 200)
    assert visible_after_publishing == "public"
    assert published.json()["visibility"] == "public"
    assert unpublished.json()["visibility"] == "organization"


def test_unpublishing_to_everyone_is_refused() -> None:
    # given
    dana = user_named("dana")
    information_request = make_request(requester=dana)
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")

    # when
    response = client_of(dana).post(
        f"/api/v1/requests/{information_request.pk}/unpublish/",
        {"visibility": "public"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert response.json() == {"visibility": ['"public" is not a valid choice.']}
    assert InformationRequest.objects.get(pk=information_request.pk).visibility == "public"


def test_the_retrieved_request_has_no_deadline_until_the_clock_starts() -> None:
    # given
    dana = user_named("dana")
    draft = make_request(requester=dana)

    # when
    response = client_of(dana).get(f"/api/v1/requests/{draft.pk}/")

    # then
    assert response.status_code == 200
    assert (response.json()["legal_deadline"], response.json()["legal_due_date"]) == (None, None)


def test_an_anonymous_call_is_a_401() -> None:
    # when
    response = APIClient().get("/api/v1/requests/")

    # then
    assert response.status_code == 401


def test_a_page_of_the_list_costs_the_same_queries_whatever_its_length() -> None:
    # given: a client, and the queries of a page of one request
    dana = user_named("dana")
    client = client_of(dana)
    make_request(requester=dana)
    client.get("/api/v1/requests/")  # the token's first use is written once, not counted here
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/requests/").json()["results"]) == 1

    # when: the page holds twenty
    for number in range(19):
        make_request(requester=dana, subject=f"Запрос {number}")
    with CaptureQueriesContext(connection) as twenty:
        assert len(client.get("/api/v1/requests/").json()["results"]) == 20

    # then: no query per row (the rows, their rules, the token and its user)
    assert len(twenty.captured_queries) == len(one.captured_queries)
