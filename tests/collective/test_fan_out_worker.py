"""A collective appeal to 500 bodies fanned out by a real Celery worker on Redis.

The web process only schedules the fan-out; the worker turns each addressee into one request, one
letter and (for a body with an email address) one queued email, batch by batch, so the progress
shows while it runs. A repeated task and a worker killed halfway leave nothing twice.
"""

import os
import signal
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from celery import Celery
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from letters.contexts import LetterKind
from requests_tracker.accounts.models import (
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from requests_tracker.bodies.models import BodyKind, PublicBody, normalize_search_text
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
from requests_tracker.collective.services import (
    add_addressees,
    create_appeal,
    progress,
    schedule_appeal,
)
from requests_tracker.collective.tasks import fan_out_appeal_task
from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.laws.models import Jurisdiction, LegalRule
from requests_tracker.mail.models import OutgoingEmail
from tests.redis_keys import broker_transport_options
from tests.workers import celery_environment, start_celery, stop, wait_for

ADDRESSEES = 500
FAN_OUT_TASK = "requests_tracker.collective.tasks.fan_out_appeal_task"
CATCH_UP_TASK = "requests_tracker.collective.tasks.fan_out_due_appeals_task"

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class Appeal:
    appeal: CollectiveAppeal
    staff: User
    with_email: int  # addressees whose body has an email address


@pytest.fixture
def broker_url(redis_broker_url: str) -> str:
    """The test run's own Redis database (tests/conftest.py), so no task leaks between tests."""
    return redis_broker_url


@pytest.fixture
def appeal_to_500_bodies() -> Appeal:
    """A draft appeal of an NGO, citing the ATI law's response period, to 500 agencies."""
    now = timezone.now()
    ngo = Organization.objects.create(
        name="Правовой медиа-центр", slug="legal-media-centre", kind=OrganizationKind.NGO
    )
    staff = User.objects.create(
        username="ngo-lawyer", email="lawyer@example.org", first_name="Айгуль", last_name="Серикова"
    )
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    kazakhstan = Jurisdiction.objects.get(code="KZ")
    bodies = []
    for number in range(ADDRESSEES):
        names = {
            "name_ru": f"Агентство по делам области №{number}",
            "name_kk": f"№{number} облыс істері жөніндегі агенттік",
            "name_en": f"Regional Affairs Agency No. {number}",
        }
        bodies.append(
            PublicBody(
                slug=f"collective-agency-{number}",
                jurisdiction=kazakhstan,
                kind=BodyKind.AGENCY,
                # every other body publishes an email address; the rest take letters by post
                email=f"agency{number}@example.kz" if number % 2 == 0 else "",
                postal_address=f"Астана, ул. Мангилик Ел, {number}",
                # PublicBody.save() computes it; bulk_create does not call save()
                search_text=normalize_search_text(" ".join(names.values())),
                **names,
            )
        )
    bodies = PublicBody.objects.bulk_create(bodies, batch_size=500)
    appeal = create_appeal(
        title="Статистика обращений граждан за 2025 год",
        text="Просим сообщить число обращений граждан, поступивших в 2025 году, по месяцам.",
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=ngo,
        user=staff,
        now=now,
    )
    assert add_addressees(appeal=appeal, bodies=bodies, user=staff) == ADDRESSEES
    return Appeal(appeal=appeal, staff=staff, with_email=ADDRESSEES // 2)


def schedule_now(given: Appeal) -> None:
    """Schedule with no undo window, its fan-out task replaced by a stand-in (no broker here)."""
    with mock.patch.object(fan_out_appeal_task, "delay") as delay:
        schedule_appeal(
            appeal=given.appeal, user=given.staff, now=timezone.now(), skip_undo_window=True
        )
    delay.assert_called_once_with(given.appeal.pk)


def send_task(broker_url: str, name: str, *args: int) -> None:
    """Publish one task, as the web process or beat would, on the test's own Redis database."""
    sender = Celery("web-stand-in", broker=broker_url, set_as_current=False)
    sender.conf.task_serializer = "json"
    sender.conf.broker_transport_options = broker_transport_options()  # the run's key prefix
    with sender.connection_for_write() as connection:
        sender.send_task(name, args=args, connection=connection)


def fan_outs_succeeded(log: Path) -> int:
    return sum(
        FAN_OUT_TASK in line and "succeeded" in line
        for line in log.read_text(errors="replace").splitlines()
    )


def done(appeal: CollectiveAppeal) -> int:
    return progress(appeal).done


def fanned_out(appeal: CollectiveAppeal) -> bool:
    """Every request created; half the bodies have no email, so the appeal awaits submission."""
    return CollectiveAppeal.objects.filter(pk=appeal.pk, state=AppealState.FANNED_OUT).exists()


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def assert_one_request_letter_and_email_per_addressee(given: Appeal) -> None:
    addressees = Addressee.objects.filter(appeal=given.appeal)
    assert addressees.count() == ADDRESSEES
    assert not addressees.filter(information_request__isnull=True).exists()
    assert addressees.values("information_request").distinct().count() == ADDRESSEES
    requests = InformationRequest.objects.filter(collective_addressee__appeal=given.appeal)
    assert requests.count() == ADDRESSEES
    assert InformationRequest.objects.count() == ADDRESSEES
    assert set(requests.values_list("public_body_id", flat=True)) == set(
        addressees.values_list("public_body_id", flat=True)
    )
    letters = Letter.objects.filter(information_request__in=requests)
    assert letters.count() == ADDRESSEES
    assert set(letters.values_list("kind", flat=True)) == {LetterKind.COLLECTIVE_APPEAL}
    assert not letters.values("information_request").annotate(n=Count("id")).filter(n__gt=1)
    emails = OutgoingEmail.objects.all()
    assert emails.count() == given.with_email
    assert set(emails.values_list("intent", flat=True)) == {"request"}
    assert emails.values("information_request").distinct().count() == given.with_email
    assert not emails.filter(information_request__public_body__email="").exists()
    given.appeal.refresh_from_db()
    assert given.appeal.state == AppealState.FANNED_OUT
    assert given.appeal.fanned_out_at is not None


def test_creating_an_appeal_to_500_bodies_returns_at_once_and_the_worker_fans_it_out(
    appeal_to_500_bodies: Appeal,
    broker_url: str,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    given = appeal_to_500_bodies

    # when: staff schedules the appeal with no undo window, in the web process
    with mock.patch.object(fan_out_appeal_task, "delay") as delay:
        with transaction.atomic():
            with django_capture_on_commit_callbacks() as callbacks:
                schedule_appeal(
                    appeal=given.appeal, user=given.staff, now=timezone.now(), skip_undo_window=True
                )
                requests_made_by_the_web_process = InformationRequest.objects.count()
            assert len(callbacks) == 1  # the fan-out waits for the commit, queued once
            delay.assert_not_called()
        # the commit runs it: one fan-out task for the whole appeal
        delay.assert_called_once_with(given.appeal.pk)

    # then: nothing was fanned out in the web process; one task was enqueued on commit
    assert requests_made_by_the_web_process == 0
    assert InformationRequest.objects.count() == 0
    assert progress(given.appeal).done == 0
    assert progress(given.appeal).total == ADDRESSEES

    # when: a real worker runs that task
    log = tmp_path / "worker.log"
    env = celery_environment(broker_url)
    worker = start_celery(
        "worker", "--pool", "prefork", "--concurrency", "2", "--loglevel", "INFO", env=env, log=log
    )
    seen: set[int] = set()
    try:
        send_task(broker_url, FAN_OUT_TASK, given.appeal.pk)

        def sent() -> bool | None:
            seen.add(done(given.appeal))
            return True if fanned_out(given.appeal) else None

        # The database is polled every 50 ms to see the progress; the log (long: the email
        # tasks make PDFs, whose font subsetting logs at INFO) only to see the task end.
        assert wait_for(sent, timeout=240, every=0.05), tail(log)
        assert wait_for(lambda: fan_outs_succeeded(log) == 1 or None, timeout=60), tail(log)
        counts = (
            InformationRequest.objects.count(),
            Letter.objects.count(),
            OutgoingEmail.objects.count(),
        )

        # and: the same task is delivered again (a redelivery, or beat catching up)
        send_task(broker_url, FAN_OUT_TASK, given.appeal.pk)
        assert wait_for(lambda: fan_outs_succeeded(log) == 2 or None, timeout=120), tail(log)
    finally:
        stop(worker)

    # then: the progress was visible while it ran, and each addressee got one of everything
    assert max(seen) == ADDRESSEES
    assert any(0 < value < ADDRESSEES for value in seen), sorted(seen)
    assert_one_request_letter_and_email_per_addressee(given)
    # and: the second run created nothing
    assert counts == (ADDRESSEES, ADDRESSEES, given.with_email)
    assert (
        InformationRequest.objects.count(),
        Letter.objects.count(),
        OutgoingEmail.objects.count(),
    ) == counts


def test_a_worker_killed_halfway_finishes_the_rest_after_restart_with_no_duplicates(
    appeal_to_500_bodies: Appeal, broker_url: str, tmp_path: Path
) -> None:
    # given: a fan-out running in batches of 10 addressees
    given = appeal_to_500_bodies
    schedule_now(given)
    env = celery_environment(broker_url, COLLECTIVE_FANOUT_BATCH_SIZE="10")
    worker = start_celery(
        "worker", "--pool", "solo", "--loglevel", "INFO", env=env, log=tmp_path / "first.log"
    )
    send_task(broker_url, FAN_OUT_TASK, given.appeal.pk)
    caught = wait_for(
        lambda: n if 0 < (n := done(given.appeal)) < ADDRESSEES else None,
        timeout=120,
        every=0.05,
    )

    # when: the worker is killed with SIGKILL halfway, and beat's catch-up runs on a new worker
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert caught is not None, tail(tmp_path / "first.log")
    at_kill = done(given.appeal)
    given.appeal.refresh_from_db()
    state_at_kill = given.appeal.state
    restarted = start_celery(
        "worker", "--pool", "solo", "--loglevel", "INFO", env=env, log=tmp_path / "second.log"
    )
    try:
        send_task(broker_url, CATCH_UP_TASK)
        finished = wait_for(
            lambda: (fanned_out(given.appeal) and done(given.appeal) == ADDRESSEES) or None,
            timeout=240,
        )
    finally:
        stop(restarted)

    # then: the kill left the appeal half sent and due again; the rest was sent once
    assert finished, tail(tmp_path / "second.log")
    assert 0 < caught <= at_kill < ADDRESSEES
    assert at_kill % 10 == 0  # only whole batches were committed
    assert state_at_kill == AppealState.SENDING
    assert_one_request_letter_and_email_per_addressee(given)
