"""The search documents follow the writes: a status change, an attachment, a full rebuild."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.search import tasks
from requests_tracker.search.models import SearchDocument, SearchWord
from requests_tracker.search.queries import private_matches, published_matches
from tests.factories import make_request
from tests.search.conftest import file_reply

ALMATY = ZoneInfo("Asia/Almaty")


def private_ids(q: str) -> list[int]:
    return list(private_matches(q).values_list("information_request_id", flat=True))


@time_machine.travel(datetime(2026, 3, 5, 12, 0, tzinfo=ALMATY), tick=False)
def test_a_status_change_is_indexed_on_commit(published, django_capture_on_commit_callbacks):
    # given a published draft
    request = published(subject="Бюджет акимата", text="Прошу сообщить.")
    assert published_matches({"status": "submitted"}, [request.pk]) == set()

    # when it is submitted and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        record_event(
            information_request=request,
            kind=EventKind.SUBMITTED,
            occurred_at=datetime(2026, 3, 3, 9, 0, tzinfo=ALMATY),
            recorded_by=request.requester,
        )

    # then the status filter finds it as submitted
    assert published_matches({"status": "submitted"}, [request.pk]) == {request.pk}
    assert published_matches({"status": "draft"}, [request.pk]) == set()


def test_a_text_attachment_is_indexed_on_commit_and_published_when_the_page_shows_it(
    published, django_capture_on_commit_callbacks
):
    # given a published request
    request = published(subject="Статистика", text="Прошу сообщить.")
    event = request.events.get(kind=EventKind.CREATED)

    # when a plain-text file without personal data is stored as evidence
    with django_capture_on_commit_callbacks(execute=True):
        attach_evidence(event=event, name="spravka.txt", content="Справка маслихата".encode())

    # then its text is searchable on the requester's side, and, as the public page shows a
    # file checked clean, on the public side too, with its name
    assert private_ids("справка") == [request.pk]
    assert published_matches({"q": "справка"}, [request.pk]) == {request.pk}
    assert SearchDocument.objects.get(pk=request.pk).public_text == (
        "Статистика\n\nПрошу сообщить.\n\nspravka.txt\n\nСправка маслихата"
    )


def test_reindex_search_rebuilds_every_document(published):
    # given two requests whose documents were lost, and a stale lexicon
    first = published(subject="Әкімдік бюджеті", text="Сұраймын.", language="kk")
    second = published(subject="Бюджет акимата", text="Прошу.")
    SearchDocument.objects.all().delete()
    SearchWord.objects.all().delete()

    # when the rebuild runs
    out = io.StringIO()
    call_command("reindex_search", stdout=out)

    # then both documents are back, and the Kazakh words in the lexicon
    assert out.getvalue() == "2 requests indexed, 2 documents\n"
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert set(SearchWord.objects.values_list("word", flat=True)) == {
        "әкімдік",
        "бюджеті",
        "сұраймын",
    }


def test_a_status_written_without_a_signal_is_read_live(published):
    # given a published draft, indexed
    request = published(subject="Бюджет акимата", text="Прошу сообщить.")

    # when its status is written by an UPDATE, as the deadline sweep writes "overdue"
    InformationRequest.objects.filter(pk=request.pk).update(status=Status.OVERDUE)

    # then the status filter sees it at once, no reindex needed
    assert published_matches({"status": "overdue"}, [request.pk]) == {request.pk}
    assert published_matches({"status": "draft"}, [request.pk]) == set()


def test_reindex_search_missing_indexes_only_the_requests_without_a_document(published):
    # given one request whose document is stale and one that lost its document
    stale = published(subject="Бюджет акимата", text="Прошу.")
    lost = published(subject="Ремонт дорог", text="Прошу.")
    SearchDocument.objects.filter(pk=stale.pk).update(public_text="старый текст")
    SearchDocument.objects.filter(pk=lost.pk).delete()

    # when the catch-up runs
    out = io.StringIO()
    call_command("reindex_search", "--missing", stdout=out)

    # then the lost one is back and the stale one untouched
    assert out.getvalue() == "1 requests indexed, 2 documents\n"
    assert SearchDocument.objects.get(pk=lost.pk).public_text == "Ремонт дорог\n\nПрошу."
    assert SearchDocument.objects.get(pk=stale.pk).public_text == "старый текст"


def test_a_request_is_reindexed_once_per_commit_however_many_writes(
    db, django_capture_on_commit_callbacks
):
    # when a request is created (the row, its legal basis, its first event) and given a reply
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = make_request(subject="Бюджет акимата")
        file_reply(request, "Решение маслихата")

    # then one reindex waited for the commit (beside the reading of the reply), and it saw the
    # last write
    reindexes = [callback for callback in callbacks if hasattr(callback, "search_request_id")]
    assert len(reindexes) == 1
    assert len(callbacks) == 2
    assert SearchDocument.objects.get(pk=request.pk).private_text == (
        "Бюджет акимата\n\nПрошу сообщить число обращений за 2026 год.\n\nРешение маслихата"
        "\n\nОтвет на запрос"
    )


def test_beats_catch_up_indexes_requests_created_in_bulk_a_batch_at_a_time(db, monkeypatch):
    # given three requests created as a fan-out creates them (bulk, no signal, no document),
    # and a batch of two a run
    template = make_request(subject="Бюджет акимата")
    created = InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                requester=template.requester,
                public_body=template.public_body,
                subject=f"Коллективное обращение {number}",
                text="Прошу сообщить.",
                language="ru",
            )
            for number in (1, 2, 3)
        ]
    )
    assert SearchDocument.objects.filter(pk__in=[r.pk for r in created]).count() == 0
    monkeypatch.setattr(tasks, "MISSING_PER_RUN", 2)

    # when beat's task runs twice
    runs = [tasks.index_missing_documents_task(), tasks.index_missing_documents_task()]

    # then the first run indexed two of them (and the template, made without a commit here,
    # had none either), the second the rest
    assert runs == [2, 2]
    assert sorted(SearchDocument.objects.values_list("public_text", flat=True)) == sorted(
        [
            "Бюджет акимата\n\nПрошу сообщить число обращений за 2026 год.",
            "Коллективное обращение 1\n\nПрошу сообщить.",
            "Коллективное обращение 2\n\nПрошу сообщить.",
            "Коллективное обращение 3\n\nПрошу сообщить.",
        ]
    )
