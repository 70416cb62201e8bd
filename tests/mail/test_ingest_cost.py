"""A delivery pays for the ingest only: the system checks ran when the tracker was deployed."""

import io

import pytest
from django.core import checks
from django.core.management.base import CommandError

from requests_tracker.mail.management.commands.ingest_email import Command
from requests_tracker.mail.models import IncomingEmail

pytestmark = pytest.mark.django_db


def test_a_piped_delivery_runs_no_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # given: a check that counts its runs is the only one registered
    runs: list[str] = []

    def counting_check(app_configs: object, **kwargs: object) -> list[checks.CheckMessage]:
        runs.append("check")
        return []

    monkeypatch.setattr(checks.registry.registry, "registered_checks", {counting_check})

    # when: the command runs as manage.py runs it (call_command would skip the checks anyway)
    with pytest.raises(CommandError) as error:
        Command().execute(
            stdin=io.BytesIO(b"\x00\x01garbage"),
            skip_checks=False,
            force_color=False,
            no_color=False,
        )

    # then: the message was read (and refused), and no check ran
    assert error.value.returncode == 65
    assert runs == []
    assert IncomingEmail.objects.count() == 0
