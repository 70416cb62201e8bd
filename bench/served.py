"""A benchmark's web server: gunicorn on the benchmark's database, and wrk against it."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PROJECT_DIR


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_gunicorn(*, secret_key: str, static_root: Path) -> tuple[int, subprocess.Popen[bytes]]:
    """gunicorn with 2 workers as deployed (DEBUG off, static files from a manifest), on this
    process's database, with this process's secret key (so that its session cookies hold)."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
    }
    subprocess.run(
        [str(PROJECT_DIR / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput"],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [
            str(PROJECT_DIR / ".venv/bin/gunicorn"),
            "requests_tracker.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return port, server
        time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start")


def answer(port: int, path: str, cookie: str) -> tuple[int, int]:
    """The status and size of one answer (a redirect to the sign-in page would be no figure)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = connection.getresponse()
    size = len(response.read())
    connection.close()
    return response.status, size


def wrk(url: str, cookie: str, seconds: int) -> tuple[float, str]:
    output = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{seconds}s", "-H", f"Cookie: sessionid={cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return (float(found.group(1)) if found else 0.0, errors.group(1) if errors else "0")
