"""A real Celery worker (prefork) renders letters from a staff template in its budgeted child."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from letters.contexts import LetterKind
from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.models import AppealState, CollectiveAppeal
from requests_tracker.collective.services import add_addressees, create_appeal
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import save_letter_template
from requests_tracker.laws.models import LegalRule
from tests.collective.test_fan_out_worker import FAN_OUT_TASK, Appeal, schedule_now, send_task
from tests.workers import celery_environment, start_celery, stop, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BODIES = ("police-kz-75", "ministry-internal-affairs", "general-prosecutor")


def test_a_worker_fans_out_an_appeal_with_letters_from_the_staff_template(
    redis_broker_url: str, tmp_path: Path
) -> None:
    # given: a staff template for collective appeals, and an appeal to three bodies (by post)
    staff = User.objects.create(username="ngo-lawyer", is_staff=True)
    ngo = Organization.objects.create(
        name="Медиа-центр", slug="mc", kind=OrganizationKind.NGO, keeps_monitoring_dataset=True
    )
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    save_letter_template(
        kind=LetterKind.COLLECTIVE_APPEAL,
        language="ru",
        source="{{ addressee.body_name }}\n\n# {{ subject }}\n\n{{ text }}\n",
        user=staff,
    )
    PublicBody.objects.filter(slug__in=BODIES).update(email="")
    appeal = create_appeal(
        title="Статистика обращений граждан за 2025 год",
        text="Просим сообщить число обращений граждан за 2025 год.",
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=ngo,
        user=staff,
        now=timezone.now(),
    )
    add_addressees(appeal=appeal, bodies=PublicBody.objects.filter(slug__in=BODIES), user=staff)
    schedule_now(Appeal(appeal=appeal, staff=staff, with_email=0))

    # when: a real prefork worker fans it out
    log = tmp_path / "worker.log"
    worker = start_celery(
        "worker", "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO",
        env=celery_environment(redis_broker_url),
        log=log,
    )  # fmt: skip
    try:
        send_task(redis_broker_url, FAN_OUT_TASK, appeal.pk)
        # (no body has an email: once fanned out, the appeal awaits submission by hand)
        sent = wait_for(
            lambda: CollectiveAppeal.objects.filter(
                pk=appeal.pk, state=AppealState.FANNED_OUT
            ).first(),
            timeout=120,
        )
    finally:
        stop(worker)

    # then: three letters, each from the staff template (its Markdown title mark taken out)
    assert sent is not None, log.read_text(errors="replace")[-3000:]
    letters = Letter.objects.filter(kind=LetterKind.COLLECTIVE_APPEAL).order_by("text")
    assert [(letter.template_version, letter.text) for letter in letters] == [
        (
            "staff v1",
            f"{name}\n\nСтатистика обращений граждан за 2025 год\n\n"
            "Просим сообщить число обращений граждан за 2025 год.\n",
        )
        for name in sorted(
            PublicBody.objects.filter(slug__in=BODIES).values_list("name_ru", flat=True)
        )
    ]
