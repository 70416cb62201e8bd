"""The public search page and the dashboard's search box."""

import re

from tests.factories import UserFactory


def results(page: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', page, re.S)


def test_the_search_page_shows_the_published_matches_with_their_snippets(published, client):
    # given a published request about the budget, an unpublished one, and one about roads
    published(subject="Бюджет акимата", text="Прошу сообщить.")
    published(subject="Бюджет тайный", text="Прошу сообщить.", public=False)
    published(subject="Ремонт дорог", text="Прошу сообщить.")

    # when the public searches for "бюджет"
    response = client.get("/public/search/", {"q": "бюджет"}, HTTP_ACCEPT_LANGUAGE="ru")

    # then one result, its word marked
    assert response.status_code == 200
    assert results(response.content.decode()) == ["<mark>Бюджет</mark> акимата\n\nПрошу сообщить."]


def test_a_result_is_named_without_the_requesters_name_and_the_search_can_be_followed(
    published, client
):
    # given a published request whose subject names its requester
    dana = UserFactory(username="dana", first_name="Дана", last_name="Журналистова")
    request = published(
        subject="Бюджет акимата: запрос Журналистовой Д.", text="Прошу.", requester=dana
    )

    # when the public searches for "бюджет"
    page = client.get("/public/search/", {"q": "бюджет"}, HTTP_ACCEPT_LANGUAGE="ru")
    html = page.content.decode()

    # then the result is named as its public page names it, and the search can be followed
    assert f'<a href="/public/requests/{request.pk}/">Бюджет акимата: запрос [скрыто]</a>' in html
    assert "Журналистов" not in html
    assert '<a href="/follow/search/?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82">' in html


def test_an_unknown_filter_is_named_in_the_users_language_and_nothing_is_shown(published, client):
    # given a published request
    published(subject="Бюджет акимата", text="Прошу сообщить.")

    # when the year is not a year and the body is unknown, asked in Kazakh
    response = client.get(
        "/public/search/",
        {"q": "бюджет", "year": "abc", "body": "no-such-body"},
        HTTP_ACCEPT_LANGUAGE="kk",
    )

    # then 400, both fields named in Kazakh, no result
    page = response.content.decode()
    assert response.status_code == 400
    assert "Анықтамалықта мұндай мекенжайы бар орган жоқ." in page
    assert results(page) == []


def test_the_dashboard_search_finds_a_reply_in_my_own_private_request(published, client):
    # given my private request whose reply alone names "маслихата", and another user's
    me = UserFactory(username="dana")
    mine = published(
        subject="Статистика", text="Прошу.", reply="Решение маслихата", requester=me, public=False
    )
    published(subject="Чужой", text="Прошу.", reply="Решение маслихата", public=False)
    client.force_login(me)

    # when I search my dashboard for "маслихата"
    response = client.get("/requests/", {"q": "маслихата"}, HTTP_ACCEPT_LANGUAGE="ru")

    # then only my request is listed
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/requests/{mine.pk}/"' in page
    assert "Чужой" not in page
