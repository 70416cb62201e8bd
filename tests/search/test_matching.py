"""The public search's matching on PostgreSQL: Russian stems, Kazakh inflections by trigram."""

import pytest
from django.db import connection

from requests_tracker.search.queries import public_search

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming and trigrams are PostgreSQL's"
)


def found(q: str) -> set[str]:
    return {
        d.information_request.subject
        for d in public_search({"q": q}).select_related("information_request")
    }


def test_a_russian_plural_finds_the_singular_by_its_stem(published):
    # given a request whose text says "запрос" once, and another about something else
    published(subject="Один запрос в акимат", text="Прошу ответить.")
    published(subject="Ремонт дорог", text="Прошу сообщить сумму.")

    # when the public searches for the plural
    # then the stem "запрос" finds the first only
    assert found("запросы") == {"Один запрос в акимат"}


def test_a_kazakh_word_finds_its_inflections_by_trigram(published):
    # given a Kazakh reply that says "әкімдігінің бюджеті" (genitive), never "әкімдік"
    published(
        subject="Сұрау",
        text="Ақпарат беруіңізді сұраймын.",
        reply="Алматы әкімдігінің бюджеті мәслихат шешімімен бекітілді.",
        language="kk",
    )
    published(subject="Мектеп құрылысы", text="Мектеп салу мерзімі туралы.", language="kk")

    # when the public searches for "әкімдік бюджеті"
    # then the inflected form is found (Russian stemming would not reach it), the other is not
    assert found("әкімдік бюджеті") == {"Сұрау"}


def test_a_kazakh_query_needs_every_word(published):
    # given a Kazakh text with "әкімдігі" but no word close to "бюджеті"
    published(subject="Жол", text="Ауданның әкімдігі жол жөндеу туралы.", language="kk")

    # when both words are searched
    # then nothing is found
    assert found("әкімдік бюджеті") == set()


def test_web_search_syntax_excludes_a_word(published):
    # given two requests about the budget, one of them about roads too
    published(subject="Бюджет акимата", text="Расходы на школы.")
    published(subject="Бюджет дорог", text="Расходы на дороги.")

    # when "-дороги" is added
    # then only the first remains
    assert found("бюджет -дороги") == {"Бюджет акимата"}
