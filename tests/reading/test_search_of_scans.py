"""A reply is found by a word that appears only in its scanned attachment, once the worker read
it: on the requester's dashboard, and on the public search once the request is published with
the scan confirmed (a scan read by OCR is never published unconfirmed)."""

from collections.abc import Callable

import pytest
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.publishing import change_visibility
from requests_tracker.information_requests.services import attach_evidence
from requests_tracker.reading.pipeline import read_event
from tests.factories import make_request
from tests.reading.conftest import SCAN_LINES, UNIQUE_WORD
from tests.reading.scans import scanned_pdf, scanned_png
from tests.search.conftest import Commit, file_reply

pytestmark = pytest.mark.django_db

SCANS = [("otvet.png", scanned_png), ("otvet.pdf", scanned_pdf)]


def on_dashboard(client: Client, information_request: InformationRequest) -> bool:
    response = client.get("/requests/", {"q": UNIQUE_WORD}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    return f'href="/requests/{information_request.pk}/"' in response.content.decode()


@pytest.mark.parametrize(("name", "scan"), SCANS)
def test_a_reply_is_found_by_a_word_only_its_scan_holds_once_the_worker_read_it(
    client: Client,
    django_capture_on_commit_callbacks: Commit,
    name: str,
    scan: Callable[[list[str]], bytes],
) -> None:
    # given: my request, whose reply by e-mail carried a scan; the word is in no message
    me = User.objects.create(username="dana", email="dana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mine = make_request(subject="Бюджет акимата", text="Прошу сообщить.", requester=me)
        event = file_reply(mine, "Ответ во вложении.").timeline_event
        assert event is not None
        evidence = attach_evidence(event=event, name=name, content=scan(SCAN_LINES))
    client.force_login(me)
    assert not on_dashboard(client, mine)

    # when: the worker reads the reply's file
    with django_capture_on_commit_callbacks(execute=True):
        read_event(event.pk)

    # then: my dashboard search finds the request by that word
    assert on_dashboard(client, mine)
    evidence.refresh_from_db()
    assert UNIQUE_WORD in evidence.extracted_text


def test_the_public_search_finds_a_scans_word_only_once_the_scan_is_confirmed(
    client: Client, django_capture_on_commit_callbacks: Commit
) -> None:
    # given: a request whose reply's scan was read
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(subject="Бюджет акимата", text="Прошу сообщить.")
        event = file_reply(request, "Ответ во вложении.").timeline_event
        assert event is not None
        evidence = attach_evidence(event=event, name="otvet.png", content=scanned_png(SCAN_LINES))
        read_event(event.pk)

    # when: it is published without confirming the scan
    with django_capture_on_commit_callbacks(execute=True):
        change_visibility(
            information_request=request, visibility=Visibility.PUBLIC, user=request.requester
        )

    # then: the public does not find it by the scan's word
    found = client.get("/public/search/", {"q": UNIQUE_WORD}).content.decode()
    assert f'href="/public/requests/{request.pk}/"' not in found

    # when: it is published again with the scan confirmed
    with django_capture_on_commit_callbacks(execute=True):
        change_visibility(
            information_request=request,
            visibility=Visibility.PUBLIC,
            user=request.requester,
            confirmed_attachments=[evidence.pk],
        )

    # then: it does
    found = client.get("/public/search/", {"q": UNIQUE_WORD}).content.decode()
    assert f'href="/public/requests/{request.pk}/"' in found
