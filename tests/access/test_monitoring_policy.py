"""The monitoring dataset is NGO staff's: drafts and verified rows are theirs and superusers';
what the dataset publishes is open data. A violation drawn from a private request opens the
violation to NGO staff, never the request."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from requests_tracker.access.monitoring import (
    may_keep_dataset,
    may_read_reports,
    readable_violations,
    reviewable_violations,
)
from requests_tracker.access.requests import can_read
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation

pytestmark = pytest.mark.django_db


@pytest.fixture
def violations(
    request_in: Callable[[str], InformationRequest],
) -> dict[str, Violation]:
    """One violation in each review state, drawn from a private request (one per category: a
    request has one violation of each)."""
    private = request_in("private")
    return {
        state: Violation.objects.create(
            block=Block.B,
            category=category,
            information_request=private,
            public_body=private.public_body,
            occurred_on=date(2026, 3, 17),
            review_state=state,
        )
        for state, category in zip(
            ReviewState.values,
            (Category.SILENCE, Category.REFUSAL, Category.EVASIVE_ANSWER),
            strict=True,
        )
    }


@pytest.mark.parametrize(
    ("subject", "keeps_dataset", "reads"),
    [
        ("ngo staff", True, {"draft", "verified", "published"}),
        ("ngo admin", True, {"draft", "verified", "published"}),
        ("superuser", True, {"draft", "verified", "published"}),
        ("outlet admin", False, {"published"}),
        ("site staff", False, {"published"}),
        ("owner", False, {"published"}),
        ("outsider", False, {"published"}),
        ("anonymous", False, {"published"}),
    ],
)
def test_who_reads_and_reviews_the_violations(
    subjects: dict[str, Any],
    violations: dict[str, Violation],
    subject: str,
    keeps_dataset: bool,
    reads: set[str],
) -> None:
    # given
    user = subjects[subject]

    # when
    readable = {violation.review_state for violation in readable_violations(user)}
    reviewable = {violation.review_state for violation in reviewable_violations(user)}

    # then
    assert readable == reads
    assert reviewable == ({"draft", "verified", "published"} if keeps_dataset else set())
    assert (may_keep_dataset(user), may_read_reports(user)) == (keeps_dataset, keeps_dataset)


def test_ngo_staff_read_a_violation_of_a_private_request_but_not_the_request(
    subjects: dict[str, Any], violations: dict[str, Violation]
) -> None:
    staff = subjects["ngo staff"]
    draft = violations["draft"]
    assert draft.information_request is not None

    assert draft in readable_violations(staff)
    assert can_read(staff, draft.information_request) is False
