"""The SQLite fallback finds the same requests as PostgreSQL for whole-word queries.

Each case runs the same public search twice on this database: its own path and the fallback
forced (on SQLite both are the fallback). The texts hold no other form of the words asked for,
so stemming and trigrams add nothing and the sets must be equal.
"""

import pytest

from requests_tracker.search.queries import public_search

CASES = [
    ("бюджет", {"Бюджет акимата", "Бюджет дорог"}),
    ("БЮДЖЕТ акимата", {"Бюджет акимата"}),
    ("бюджет -дорог", {"Бюджет акимата"}),
    ("школ or дорог", {"Бюджет дорог", "Строительство школ"}),
    ("мектеп", {"Мектеп құрылысы"}),
    ("маслихата", {"Бюджет акимата"}),
    ("трамвай", set()),
]


@pytest.fixture
def archive(published):
    published(
        subject="Бюджет акимата", text="Прошу сообщить.", reply="Утверждён решением маслихата"
    )
    published(subject="Бюджет дорог", text="Сумма расходов дорог.")
    published(subject="Строительство школ", text="Сроки строительства школ.")
    published(subject="Мектеп құрылысы", text="Мектеп салу мерзімі.", language="kk")
    published(subject="Бюджет скрытый", text="Не опубликован.", public=False)


@pytest.mark.parametrize(("q", "expected"), CASES)
def test_both_paths_find_the_same_requests(archive, q, expected):
    # when the same query runs on the database's own path and on the fallback
    def subjects(force_fallback: bool | None) -> set[str]:
        found = public_search({"q": q}, force_fallback=force_fallback)
        return set(found.values_list("information_request__subject", flat=True))

    # then both find exactly the requests worked out by hand
    assert subjects(force_fallback=None) == expected
    assert subjects(force_fallback=True) == expected
