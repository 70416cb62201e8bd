"""Under real gunicorn, every template payload is a 400 within 2 s and the worker survives."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from requests_tracker.accounts.tokens import create_api_token
from tests.correspondence.test_template_budget import PAYLOADS
from tests.factories import make_ngo_staff
from tests.smtp import free_port
from tests.workers import ROOT, celery_environment, stop, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def post(url: str, token: str, payload: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept-Language": "en",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def answers(url: str) -> bool | None:
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except urllib.error.HTTPError:
        return True  # it answered, whatever the status
    except OSError:
        return None
    return True


def test_each_payload_is_a_400_within_two_seconds_from_gunicorn_whose_worker_survives(
    tmp_path: Path,
) -> None:
    # given: gunicorn with one worker on the test database, and a staff member's token
    staff = make_ngo_staff(username="template-editor")
    token = create_api_token(user=staff, name="budget", now=timezone.now()).key
    port = free_port()
    log = tmp_path / "gunicorn.log"
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "requests_tracker.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--timeout=30",
        ],
        cwd=ROOT,
        env=celery_environment("memory://", DJANGO_SETTINGS_MODULE="tests.settings"),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: answers(f"{base}/api/v1/health/"), timeout=60)
        [worker] = worker_pids(gunicorn.pid)

        # when: every payload, then a normal template
        outcomes = []
        for source, message in PAYLOADS:
            started = time.monotonic()
            code, body = post(
                f"{base}/api/v1/letter-templates/preview/",
                token,
                {"kind": "ati_request", "language": "ru", "source": source},
            )
            elapsed = time.monotonic() - started
            outcomes.append((code, message in str(body), elapsed < 2.0))
        code, body = post(
            f"{base}/api/v1/letter-templates/preview/",
            token,
            {"kind": "ati_request", "language": "ru", "source": "{{ outgoing_number }}"},
        )

        # then: each a clear 400 in time, and the same worker answered throughout
        assert outcomes == [(400, True, True)] * len(PAYLOADS)
        assert (code, body) == (200, {"text": "12/2026"})
        assert worker_pids(gunicorn.pid) == [worker]
    finally:
        stop(gunicorn)
    assert "WORKER TIMEOUT" not in log.read_text()
