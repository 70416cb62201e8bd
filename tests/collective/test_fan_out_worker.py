"""A collective appeal to 500 bodies fanned out by real Celery workers on Redis.

The web process only schedules the fan-out; a coordinator task enqueues one task a batch, and any
worker turns each batch of addressees into one request, one letter and (for a body with an email
address) one queued email each, so the progress shows while it runs and two workers share the
work. A repeated task and a worker killed halfway leave nothing twice. The emails, whose building
renders a PDF, wait in their own queue ("pdf") for the worker that takes it.
"""

import os
import signal
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import redis
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
from requests_tracker.collective.fan_out import progress
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
from requests_tracker.collective.services import add_addressees, create_appeal, schedule_appeal
from requests_tracker.collective.tasks import fan_out_appeal_task
from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.laws.models import Jurisdiction, LegalRule
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from tests.redis_keys import broker_transport_options, run_prefix
from tests.workers import celery_environment, start_celery, stop, wait_for

ADDRESSEES = 500
FAN_OUT_TASK = "requests_tracker.collective.tasks.fan_out_appeal_task"
BATCH_TASK = "requests_tracker.collective.tasks.fan_out_batch_task"
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


def appeal_to(count: int) -> Appeal:
    """A draft appeal of an NGO, citing the ATI law's response period, to ``count`` agencies."""
    now = timezone.now()
    ngo = Organization.objects.create(
        name="Правовой медиа-центр",
        slug="legal-media-centre",
        kind=OrganizationKind.NGO,
        keeps_monitoring_dataset=True,
    )
    staff = User.objects.create(
        username="ngo-lawyer", email="lawyer@example.org", first_name="Айгуль", last_name="Серикова"
    )
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    kazakhstan = Jurisdiction.objects.get(code="KZ")
    bodies = []
    for number in range(count):
        names = {
            "name_ru": f"Агентство по делам области №{number}",
            "name_kk": f"№{number} облыс істері жөніндегі агенттік",
            "name_en": f"Regional Affairs Agency No. {number}",
            "name_ru_genitive": f"Агентства по делам области №{number}",
            "name_kk_genitive": f"№{number} облыс істері жөніндегі агенттіктің",
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
    assert add_addressees(appeal=appeal, bodies=bodies, user=staff) == count
    return Appeal(appeal=appeal, staff=staff, with_email=(count + 1) // 2)


@pytest.fixture
def appeal_to_500_bodies() -> Appeal:
    return appeal_to(ADDRESSEES)


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


def succeeded(log: Path, task: str) -> int:
    lines = log.read_text(errors="replace").splitlines()
    return sum(task in line and "succeeded" in line for line in lines)


def fan_outs_succeeded(log: Path) -> int:
    return succeeded(log, FAN_OUT_TASK)


def done(appeal: CollectiveAppeal) -> int:
    return progress(appeal).done


def fanned_out(appeal: CollectiveAppeal) -> bool:
    """Every request created; half the bodies have no email, so the appeal awaits submission."""
    return CollectiveAppeal.objects.filter(pk=appeal.pk, state=AppealState.FANNED_OUT).exists()


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def assert_one_request_letter_and_email_per_addressee(
    given: Appeal, addressees_count: int = ADDRESSEES
) -> None:
    addressees = Addressee.objects.filter(appeal=given.appeal)
    assert addressees.count() == addressees_count
    assert not addressees.filter(information_request__isnull=True).exists()
    assert addressees.values("information_request").distinct().count() == addressees_count
    requests = InformationRequest.objects.filter(collective_addressee__appeal=given.appeal)
    assert requests.count() == addressees_count
    assert InformationRequest.objects.count() == addressees_count
    assert set(requests.values_list("public_body_id", flat=True)) == set(
        addressees.values_list("public_body_id", flat=True)
    )
    letters = Letter.objects.filter(information_request__in=requests)
    assert letters.count() == addressees_count
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


def queued_in_redis(broker_url: str, queue: str) -> int:
    """How many messages wait in ``queue``, under the run's key prefix."""
    client = redis.Redis.from_url(broker_url)
    try:
        return int(client.llen(f"{run_prefix()}:{queue}"))
    finally:
        client.close()


def test_two_workers_share_the_batches_and_make_one_of_everything_per_addressee(
    appeal_to_500_bodies: Appeal, broker_url: str, tmp_path: Path
) -> None:
    # given: an appeal to 500 bodies, due, in batches of 10 (50 batch tasks), and two worker
    # processes of the main queue, one task at a time each
    given = appeal_to_500_bodies
    schedule_now(given)
    env = celery_environment(broker_url, COLLECTIVE_FANOUT_BATCH_SIZE="10")
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    arguments = ("worker", "--pool", "solo", "-Q", "celery", "--loglevel", "INFO")
    workers = [
        start_celery(*arguments, "-n", f"{name}@%h", env=env, log=log)
        for name, log in zip(("one", "two"), logs, strict=True)
    ]
    try:
        # when: the coordinator task is sent, as the web process sends it
        send_task(broker_url, FAN_OUT_TASK, given.appeal.pk)
        finished = wait_for(lambda: fanned_out(given.appeal) or None, timeout=240)
        all_batches_ran = wait_for(
            lambda: sum(succeeded(log, BATCH_TASK) for log in logs) >= 50 or None, timeout=60
        )
    finally:
        for worker in workers:
            stop(worker)

    # then: both workers made batches, and each addressee got one request, letter and email
    assert finished, tail(logs[0]) + tail(logs[1])
    assert all_batches_ran, tail(logs[0]) + tail(logs[1])
    batches = [succeeded(log, BATCH_TASK) for log in logs]
    assert sum(batches) == 50
    assert min(batches) > 0, batches
    assert sum(succeeded(log, FAN_OUT_TASK) for log in logs) == 1
    assert_one_request_letter_and_email_per_addressee(given)
    # and: the emails wait, unsent, in the pdf queue, which neither worker takes
    assert queued_in_redis(broker_url, "pdf") == given.with_email
    assert not OutgoingEmail.objects.exclude(status=OutgoingStatus.PENDING).exists()


def test_the_emails_pdfs_are_made_by_the_worker_of_the_pdf_queue(
    broker_url: str, tmp_path: Path
) -> None:
    # given: an appeal to 6 bodies (3 with an email address) fanned out by a main-queue worker
    given = appeal_to(6)
    schedule_now(given)
    env = celery_environment(broker_url)
    main_log, pdf_log = tmp_path / "main.log", tmp_path / "pdf.log"
    main = start_celery(
        "worker", "--pool", "solo", "-Q", "celery", "--loglevel", "INFO", env=env, log=main_log
    )
    try:
        send_task(broker_url, FAN_OUT_TASK, given.appeal.pk)
        assert wait_for(lambda: fanned_out(given.appeal) or None, timeout=120), tail(main_log)
    finally:
        stop(main)
    # the three emails wait in the pdf queue; the main worker sent none
    assert queued_in_redis(broker_url, "pdf") == 3
    assert succeeded(main_log, "send_request_email_task") == 0

    # when: a worker of the pdf queue runs
    pdf = start_celery(
        "worker", "--pool", "solo", "-Q", "pdf", "--loglevel", "INFO", env=env, log=pdf_log
    )
    try:
        all_sent = wait_for(
            lambda: OutgoingEmail.objects.filter(status=OutgoingStatus.SENT).count() == 3 or None,
            timeout=120,
        )
    finally:
        stop(pdf)

    # then: it built and sent the three emails, each with its letter as a PDF
    assert all_sent, tail(pdf_log)
    assert succeeded(pdf_log, "send_request_email_task") == 3
    assert queued_in_redis(broker_url, "pdf") == 0
    for outgoing in OutgoingEmail.objects.all():
        raw = outgoing.raw.read()
        assert b"application/pdf" in raw
        assert f"request-{outgoing.information_request_id}.pdf".encode() in raw
