"""A "do it" form posted twice with its key does the work once and answers as the first time."""

import re
import threading
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.models import IdempotencyKey
from requests_tracker.core.tasks import prune_idempotency_keys_task
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.status import EventKind

ALMATY = ZoneInfo("Asia/Almaty")
KEY = "5f0c3b1e9a7d4c2b8e6f1a3d5c7b9e0f"


@pytest.fixture
def journalist(client: Client) -> User:
    user = User.objects.create(username="aigerim", email="aigerim@example.org")
    client.force_login(user)
    return user


def new_request_form(**extra: str) -> dict[str, Any]:
    return {
        "public_body": PublicBody.objects.get(slug="police-kz-75").pk,
        "legal_rules": ["KZ.MEDIA.36.response"],
        "subject": "Число задержаний журналистов",
        "text": "1. Сколько журналистов задержано в 2026 году?",
        "language": "ru",
        "visibility": "private",
        **extra,
    }


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_the_filing_form_posted_twice_with_its_key_files_one_request(
    client: Client, journalist: User
) -> None:
    # when: a double click posts the form twice with the key it was rendered with
    first = client.post("/requests/new/", new_request_form(idempotency_key=KEY))
    second = client.post("/requests/new/", new_request_form(idempotency_key=KEY))

    # then: one draft, and the second post is sent where the first went
    drafts = InformationRequest.objects.all()
    assert drafts.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/requests/{drafts.get().pk}/"


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_two_renders_of_the_form_are_two_intents(client: Client, journalist: User) -> None:
    client.post("/requests/new/", new_request_form(idempotency_key="a" * 32))
    client.post("/requests/new/", new_request_form(idempotency_key="b" * 32))

    assert InformationRequest.objects.count() == 2


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_the_form_on_the_page_carries_a_fresh_key_each_time(
    client: Client, journalist: User
) -> None:
    keys = [
        re.findall(r'name="idempotency_key" value="([0-9a-f]{32})"', page.content.decode())
        for page in (client.get("/requests/new/"), client.get("/requests/new/"))
    ]

    assert len(keys[0]) == len(keys[1]) == 1
    assert keys[0] != keys[1]


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_the_form_resubmitted_after_the_back_button_leads_to_the_draft_already_made(
    client: Client, journalist: User
) -> None:
    # given: the form as the page renders it, filed once
    page = client.get("/requests/new/")
    (key,) = re.findall(r'name="idempotency_key" value="([0-9a-f]{32})"', page.content.decode())
    first = client.post("/requests/new/", new_request_form(idempotency_key=key))

    # when: Back shows the same page (the browser may keep it: it is not no-store) and the
    # journalist edits the subject and submits it again
    again = client.post(
        "/requests/new/", new_request_form(idempotency_key=key, subject="Число задержаний, 2026")
    )

    # then: the second submission is recognised: no second draft, and it leads to the first
    draft = InformationRequest.objects.get()
    assert "no-store" not in page.get("Cache-Control", "")
    assert first["Location"] == again["Location"] == f"/requests/{draft.pk}/"
    assert draft.subject == "Число задержаний журналистов"


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_a_note_recorded_twice_with_one_key_is_on_the_timeline_once(
    client: Client, journalist: User
) -> None:
    client.post("/requests/new/", new_request_form())
    information_request = InformationRequest.objects.get()
    form = {
        "note-occurred_at": "2026-03-02T08:30",
        "note-note": "Позвонила в приёмную",
        "idempotency_key": KEY,
    }

    client.post(f"/requests/{information_request.pk}/events/note/", form)
    client.post(f"/requests/{information_request.pk}/events/note/", form)

    assert list(
        TimelineEvent.objects.filter(information_request=information_request)
        .order_by("id")
        .values_list("kind", flat=True)
    ) == [EventKind.CREATED, EventKind.NOTE]


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_a_key_used_for_another_action_is_refused_and_changes_nothing(
    client: Client, journalist: User
) -> None:
    client.post("/requests/new/", new_request_form(idempotency_key=KEY))
    information_request = InformationRequest.objects.get()

    response = client.post(
        f"/requests/{information_request.pk}/events/note/",
        {"note-occurred_at": "2026-03-02T08:30", "note-note": "x", "idempotency_key": KEY},
    )

    assert response.status_code == 422
    assert information_request.events.count() == 1


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_another_users_key_is_not_their_answer(client: Client, journalist: User) -> None:
    client.post("/requests/new/", new_request_form(idempotency_key=KEY))
    colleague = User.objects.create(username="dana", email="dana@example.org")
    client.force_login(colleague)

    client.post("/requests/new/", new_request_form(idempotency_key=KEY))

    assert sorted(InformationRequest.objects.values_list("requester__username", flat=True)) == [
        "aigerim",
        "dana",
    ]


@pytest.mark.django_db
def test_keys_are_forgotten_after_two_days(journalist: User) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False):
        IdempotencyKey.objects.create(
            user=journalist,
            key="old",
            method_path="POST /x/",
            status_code=302,
            created_at=datetime(2026, 2, 28, 8, 59, tzinfo=ALMATY),
        )
        IdempotencyKey.objects.create(
            user=journalist,
            key="recent",
            method_path="POST /x/",
            status_code=302,
            created_at=datetime(2026, 2, 28, 9, 1, tzinfo=ALMATY),
        )

        prune_idempotency_keys_task()

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent posts need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_posts_at_once_with_one_key_file_one_request() -> None:
    # given: one journalist with two browser tabs posting the same form at the same moment
    user = User.objects.create(username="aigerim", email="aigerim@example.org")
    form = new_request_form(idempotency_key=KEY)
    answers: list[int] = []
    start = threading.Barrier(2)

    def post() -> None:
        tab = Client()
        tab.force_login(user)
        start.wait()
        answers.append(tab.post("/requests/new/", form).status_code)
        connections.close_all()

    # when
    tabs = [threading.Thread(target=post) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=30)

    # then
    assert answers == [302, 302]
    assert InformationRequest.objects.count() == 1
