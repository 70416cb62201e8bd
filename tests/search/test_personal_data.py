"""Acceptance: a reply naming the requester with their phone number, published: neither the
public page nor the public search index holds the name or the number (the index is built from
``public_version.public_text``, the page's text with her personal data removed)."""

from requests_tracker.search.models import SearchDocument
from requests_tracker.search.queries import published_matches
from tests.factories import UserFactory

REPLY = "Уважаемая Дана Журналистова! Ответ направлен по телефону +7 701 234 56 78."


def test_the_public_page_and_the_index_hold_neither_name_nor_phone(published, client):
    # given a published request whose reply names its requester and carries her phone
    dana = UserFactory(username="dana", first_name="Дана", last_name="Журналистова")
    request = published(subject="Бюджет акимата", text="Прошу.", reply=REPLY, requester=dana)

    # when the public page and the search document are read
    page = client.get(f"/public/requests/{request.pk}/").content.decode()
    document = SearchDocument.objects.get(pk=request.pk)

    # then neither holds the surname or the number, and searching for them finds nothing
    for text in (page, document.public_text, document.public_words):
        assert "Журналистова" not in text
        assert "журналистова" not in text
        assert "234 56 78" not in text
        assert "701" not in text
    assert published_matches({"q": "Журналистова"}, [request.pk]) == set()
    assert published_matches({"q": "701"}, [request.pk]) == set()
