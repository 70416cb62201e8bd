"""Bulk verify and publish on the staff list: each violation through the review service."""

from datetime import date

import pytest
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.demo import JOURNALIST
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.recording import NewViolation, record_violations
from requests_tracker.monitoring.services import review_each, verify_violation

pytestmark = pytest.mark.django_db
URL = "/monitoring/violations/review/"
MISSING = 900_000_000  # no violation has this id


def drafts(count: int) -> list[Violation]:
    return record_violations(
        violations=[
            NewViolation(block="B", category="refusal", occurred_on=date(2018, 2, day))
            for day in range(1, count + 1)
        ]
    )


def states(violations: list[Violation]) -> list[str]:
    return [Violation.objects.get(pk=v.pk).review_state for v in violations]


@pytest.fixture
def english_staff(ngo_staff_client: Client) -> Client:
    ngo_staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked
    return ngo_staff_client


def messages_after(client: Client, response: object) -> list[str]:
    page = client.get(response["Location"])  # type: ignore[index]
    return [str(message) for message in page.context["messages"]]


def test_the_list_offers_the_bulk_form_and_a_tick_box_for_each_unpublished_row(
    english_staff: Client,
) -> None:
    first, _second = drafts(2)

    page = english_staff.get("/monitoring/violations/?state=draft").content.decode()

    assert f'action="{URL}" id="bulk-review"' in page
    assert f'name="ids" value="{first.pk}" form="bulk-review"' in page
    assert 'name="action" value="verify"' in page
    assert 'name="action" value="publish"' in page


def test_staff_verify_the_ticked_drafts_and_leave_the_others(
    english_staff: Client, ngo_staff: User
) -> None:
    first, second, third = drafts(3)

    response = english_staff.post(
        URL,
        {"action": "verify", "ids": [first.pk, third.pk], "next": "/monitoring/violations/"},
    )

    assert (response.status_code, response["Location"]) == (302, "/monitoring/violations/")
    assert states([first, second, third]) == ["verified", "draft", "verified"]
    assert Violation.objects.get(pk=first.pk).reviewed_by == ngo_staff
    assert messages_after(english_staff, response) == ["2 violations changed: Verified."]


def test_staff_publish_the_ticked_verified_ones_and_a_draft_among_them_is_refused_and_named(
    english_staff: Client,
) -> None:
    first, second, draft = drafts(3)
    verified = english_staff.post(URL, {"action": "verify", "ids": [first.pk, second.pk]})
    assert messages_after(english_staff, verified) == ["2 violations changed: Verified."]

    response = english_staff.post(
        URL, {"action": "publish", "ids": [first.pk, second.pk, draft.pk]}
    )

    assert response.status_code == 302
    assert states([first, second, draft]) == ["published", "published", "draft"]
    assert messages_after(english_staff, response) == [
        "2 violations changed: Published.",
        f"Refusal to provide information 2018-02-03 (#{draft.pk}): A violation in state "
        "“Draft” cannot become “Published”.",
    ]


def test_an_outsider_is_refused_and_nothing_changes(demo_data: None, client: Client) -> None:
    (violation,) = drafts(1)
    client.force_login(User.objects.get(username=JOURNALIST.username))

    response = client.post(URL, {"action": "verify", "ids": [violation.pk]})

    assert response.status_code == 404
    assert states([violation]) == ["draft"]


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    (violation,) = drafts(1)

    response = client.post(URL, {"action": "verify", "ids": [violation.pk]})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert states([violation]) == ["draft"]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "delete", "ids": ["1"]},
        {"action": "verify", "ids": ["1x"]},
        {"action": "draft", "ids": ["1"]},
    ],
)
def test_an_unknown_action_or_a_bad_id_is_a_bad_request(
    english_staff: Client, data: dict[str, object]
) -> None:
    (violation,) = drafts(1)

    assert english_staff.post(URL, data).status_code == 400
    assert states([violation]) == ["draft"]


def test_nothing_ticked_says_so(english_staff: Client) -> None:
    response = english_staff.post(URL, {"action": "verify"})

    assert messages_after(english_staff, response) == ["Tick at least one violation."]


def test_more_than_the_limit_at_once_is_refused_and_nothing_changes(english_staff: Client) -> None:
    (violation,) = drafts(1)
    ids = [violation.pk, *range(MISSING, MISSING + 500)]

    response = english_staff.post(URL, {"action": "verify", "ids": ids})

    assert messages_after(english_staff, response) == ["Tick at most 500 violations at once."]
    assert states([violation]) == ["draft"]


def test_the_bulk_service_refuses_someone_not_ngo_staff(demo_data: None) -> None:
    (violation,) = drafts(1)
    journalist = User.objects.get(username=JOURNALIST.username)

    with pytest.raises(DomainError, match="Only NGO staff may review"):
        review_each(violations=[violation], user=journalist, step=verify_violation)

    assert states([violation]) == ["draft"]
