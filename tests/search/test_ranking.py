"""The order of the results: best first among the newest matches, then the older ones."""

import pytest
from django.db import connection

from requests_tracker.core.pagination import page_of
from requests_tracker.search import ranking
from requests_tracker.search.queries import public_search
from requests_tracker.search.ranking import ranked

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_rank_cd")


def subjects(listing) -> list[str]:
    return [document.information_request.subject for document in listing.rows(0, 10)]


@pytest.fixture
def three(published):
    # oldest first: the oldest says "бюджет" three times, the newest once
    published(subject="Бюджет бюджет бюджет", text="Прошу.")
    published(subject="Бюджет дважды бюджет", text="Прошу.")
    published(subject="Бюджет однажды", text="Прошу.")


def test_the_matches_are_ranked_best_first(three):
    listing = ranked(public_search({"q": "бюджет"}), text="бюджет", column="public")

    assert subjects(listing) == ["Бюджет бюджет бюджет", "Бюджет дважды бюджет", "Бюджет однажды"]
    assert listing.count(100) == 3


def test_past_the_window_the_older_matches_follow_newest_first(three, monkeypatch):
    # given a rank window of the two newest matches
    monkeypatch.setattr(ranking, "RANK_WINDOW", 2)

    listing = ranked(public_search({"q": "бюджет"}), text="бюджет", column="public")

    # then those two are ranked, the oldest (the best) comes after them; the count is all three
    assert subjects(listing) == ["Бюджет дважды бюджет", "Бюджет однажды", "Бюджет бюджет бюджет"]
    assert [d.information_request.subject for d in listing.rows(1, 3)] == [
        "Бюджет однажды",
        "Бюджет бюджет бюджет",
    ]
    assert page_of(listing, number=1, per_page=2).count == 3
