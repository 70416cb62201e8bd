"""The public search's filters, and its contract with the saved searches."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from requests_tracker.search.queries import published_matches

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def three(published):
    police = published(subject="Бюджет полиции", text="Прошу.", body_slug="police-kz-75")
    filed = datetime(2025, 5, 5, 10, 0, tzinfo=ALMATY)
    with time_machine.travel(filed, tick=False):  # the row's created_at is the clock's
        akimat = published(
            subject="Бюджет акимата",
            text="Прошу.",
            body_slug="akimat-kz-10",
            rule_ids=("KZ.MEDIA.36.response",),
            created_at=filed,
        )
    other = published(subject="Бюджет области", text="Прошу.", body_slug="police-kz-10")
    return police, akimat, other


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "бюджет"}, {"police", "akimat", "other"}),
        ({"q": "бюджет", "body": "police-kz-75"}, {"police"}),
        ({"body_kind": "akimat"}, {"akimat"}),
        ({"region": "KZ-10"}, {"akimat", "other"}),
        ({"law": "KZ.MEDIA"}, {"akimat"}),
        ({"law": "KZ.ATI"}, {"police", "other"}),
        ({"year": "2025"}, {"akimat"}),
        ({"status": "draft"}, {"police", "akimat", "other"}),
        ({"status": "overdue"}, set()),
        ({"q": "бюджет", "body_kind": "court"}, set()),
    ],
)
def test_each_filter_narrows_the_public_search(three, params, expected):
    police, akimat, other = three
    names = {police.pk: "police", akimat.pk: "akimat", other.pk: "other"}

    # when the saved-search contract asks which of the three match
    found = published_matches(params, [police.pk, akimat.pk, other.pk])

    # then exactly those worked out by hand
    assert {names[pk] for pk in found} == expected


@pytest.mark.parametrize(
    "params",
    [{"body": "no-such-body"}, {"year": "abc"}, {"region": "KZ-99"}, {"law": "KZ.XX"}],
)
def test_an_invalid_filter_matches_nothing(three, params):
    assert published_matches(params, [request.pk for request in three]) == set()


def test_only_the_ids_given_are_answered(three):
    police, _akimat, _other = three
    assert published_matches({"q": "бюджет"}, [police.pk]) == {police.pk}
