"""Snippets: the words found in <mark>, everything else HTML-escaped, on both paths."""

import pytest
from django.db import connection

from requests_tracker.search.highlighting import headlines

TEXT = 'Бюджет акимата утверждён & опубликован "сегодня"'
EXPECTED = (
    "<mark>Бюджет</mark> <mark>акимата</mark> утверждён &amp; опубликован &quot;сегодня&quot;"
)


@pytest.mark.parametrize("force_fallback", [False, True], ids=["postgresql", "fallback"])
def test_the_words_found_are_marked_and_the_rest_escaped(published, force_fallback):
    if not force_fallback and connection.vendor != "postgresql":
        pytest.skip("ts_headline is PostgreSQL's")
    # given a published request whose whole public text is short, with markup in it
    request = published(subject=TEXT, text="")

    # when the snippet for "бюджет акимата" is made
    snippet = headlines(
        [request.pk], text="бюджет акимата", column="public", force_fallback=force_fallback
    )

    # then the text is escaped and only the two words carry <mark>
    assert snippet == {request.pk: EXPECTED}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline is PostgreSQL's")
def test_markup_in_a_text_never_reaches_the_snippet_as_markup(published):
    # given a text with a script element in it
    request = published(subject="Бюджет <script>alert(1)</script> акимата", text="")

    # when the snippet is made on PostgreSQL
    snippet = headlines([request.pk], text="бюджет", column="public")

    # then ts_headline drops the tags (its parser reads them as tags) and nothing is unescaped
    assert snippet == {request.pk: "<mark>Бюджет</mark>  alert(1)  акимата"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline is PostgreSQL's")
def test_a_kazakh_inflection_found_by_trigram_is_marked(published):
    # given a Kazakh text with "әкімдігінің" and "бюджеті"
    request = published(subject="Алматы әкімдігінің бюджеті бекітілді", text="", language="kk")

    # when the snippet for "әкімдік бюджеті" is made
    snippet = headlines([request.pk], text="әкімдік бюджеті", column="public")

    # then the inflection the lexicon found is marked too
    assert snippet == {request.pk: "Алматы <mark>әкімдігінің</mark> <mark>бюджеті</mark> бекітілді"}


def test_a_long_text_gives_a_window_around_the_first_word_found():
    # given 60 words with "бюджет" the 25th (fallback path, no database)
    from requests_tracker.search.fallback import highlight

    words = [f"слово{number}" for number in range(1, 61)]
    words[24] = "бюджет"

    # when highlighted
    snippet = highlight(" ".join(words), "бюджет")

    # then 30 words from the 15th (ten before the match) to the 44th, cut marks at both ends
    expected = " ".join(words[14:24]) + " <mark>бюджет</mark> " + " ".join(words[25:44])
    assert snippet == f"… {expected} …"
