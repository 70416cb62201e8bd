"""Only published requests are in the public search; the raw texts are never in its column."""

from requests_tracker.information_requests.models import Visibility
from requests_tracker.search.models import SearchDocument
from requests_tracker.search.queries import private_matches, public_search
from tests.search.conftest import file_reply, publish


def found(q: str) -> list[int]:
    return list(public_search({"q": q}).values_list("information_request_id", flat=True))


def test_a_private_request_is_not_found_and_publishing_it_makes_it_found(published):
    # given a private request, indexed
    draft = published(subject="Бюджет акимата", text="Прошу сообщить.", public=False)

    # then the public search does not find it
    assert found("бюджет") == []

    # when it is published
    publish(draft)

    # then it is found
    assert found("бюджет") == [draft.pk]


def test_unpublishing_takes_a_request_out_of_the_public_search(published):
    # given a published request, found
    request = published(subject="Бюджет акимата", text="Прошу сообщить.")
    assert found("бюджет") == [request.pk]

    # when the requester shares it with the organisation only
    publish(request, Visibility.ORGANIZATION)

    # then the public search no longer finds it
    assert found("бюджет") == []


def test_a_reply_filed_is_indexed_on_commit(published, django_capture_on_commit_callbacks):
    # given a published request without a reply
    request = published(subject="Статистика", text="Прошу сообщить число обращений.")
    assert found("маслихата") == []

    # when a reply is filed and the transaction commits
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        file_reply(request, "Бюджет утверждён решением маслихата.")

    # then one reindex ran (beside the followers' news of the reply) and the reply's words
    # are found
    assert len([done for done in callbacks if hasattr(done, "search_request_id")]) == 1
    assert found("маслихата") == [request.pk]


def test_a_note_is_in_the_private_text_only(published, django_capture_on_commit_callbacks):
    # given a published request
    request = published(subject="Статистика", text="Прошу сообщить.")

    # when the requester records a note naming a source
    with django_capture_on_commit_callbacks(execute=True):
        request.events.create(
            kind="note", occurred_at=request.created_at, note="Источник Жанар подтвердила"
        )

    # then the public column does not have it, the private one does
    document = SearchDocument.objects.get(pk=request.pk)
    assert document.public_text == "Статистика\n\nПрошу сообщить."
    assert document.private_text == "Статистика\n\nПрошу сообщить.\n\nИсточник Жанар подтвердила"
    assert found("жанар") == []
    assert list(private_matches("жанар").values_list("information_request_id", flat=True)) == [
        request.pk
    ]
