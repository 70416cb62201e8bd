#!/usr/bin/env python3
"""The two commands of the README, with nothing but Python 3.11+ installed.

    python3 dev.py run    # set up and run the tracker locally: web, Celery worker and beat
    python3 dev.py test   # install the test tools, then lint, type-check and run the whole suite
    python3 dev.py test -q -x tests/laws   # every argument after `test` goes to pytest

Both create ``.venv`` and install the pinned requirements into it when they changed. ``run`` also
writes ``.env`` the first time (DEBUG on, a secret of its own), so that ``python manage.py ...``
works afterwards without dev.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
import venv
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
# The settings read the same file (requests_tracker/settings/base.py); empty: write none.
ENV_FILE = os.environ.get("TRACKER_ENV_FILE", str(ROOT / ".env"))
DEMO_PASSWORD = "demo-tracker-2026"


def ensure_environment(requirements: str) -> None:
    """Create .venv and install ``requirements`` into it, unless it already holds exactly them."""
    if not PYTHON.exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    requirement_files = [ROOT / "requirements" / "base.txt", ROOT / "requirements" / requirements]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in requirement_files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing requirements/{requirements} ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "install", "-r", str(ROOT / "requirements" / requirements)], check=True)
    stamp.write_text(digest)


def write_local_env(path: Path) -> bool:
    """Write the local mode's .env at ``path`` unless a file is there; True when written."""
    if path.exists():
        return False
    path.write_text(
        "# Written by `python3 dev.py run` for local development; never used in production.\n"
        "# Variables set in the environment win over this file (see .env.example).\n"
        "DJANGO_DEBUG=true\n"
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"
    )
    path.chmod(0o600)
    return True


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def run(port: int) -> int:
    ensure_environment("base.txt")
    if ENV_FILE and write_local_env(Path(ENV_FILE)):
        print(f"Wrote {ENV_FILE} (DEBUG on, a new secret key) for manage.py commands.")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_DEBUG", "true")
    manage("migrate", "--verbosity", "0", env=env)
    # A string added since the last translation pass must not stop a local run; CI is strict.
    manage("compile_catalogues", "--allow-incomplete", env=env)
    manage("load_reference_data", env=env)
    manage("seed_demo", env=env)
    # Quiet start-ups: Celery's banners are left out (-q), and the web server skips the system
    # checks `migrate` has just run.
    celery = [str(PYTHON), "-m", "celery", "-A", "requests_tracker", "--quiet"]
    commands = {
        "web": [
            str(PYTHON),
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [*celery, "beat", "--loglevel", "INFO"],
    }
    # Only the web server logs django-axes' banner, so it appears once.
    environments = {"web": {"AXES_VERBOSE": "true"}}
    processes = {
        name: subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, **environments.get(name, {})},
            start_new_session=True,
        )
        for name, command in commands.items()
    }
    print(
        f"\nThe tracker runs at http://127.0.0.1:{port}/  (admin: /admin/, API: /api/v1/docs/)\n"
        f"Demo logins: journalist / {DEMO_PASSWORD}   ngo (NGO staff, admin) / {DEMO_PASSWORD}\n"
        "Web server, Celery worker and beat are running. Press Ctrl-C to stop them all.\n",
        flush=True,
    )
    exit_code = 0

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C, and a plain `kill`, stop everything (also when started in the background).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"{name} stopped (exit {process.returncode}); stopping the rest.")
                    exit_code = process.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C (or a TERM sent to the whole group) must not cut the shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(processes.values())
    return exit_code


def stop(processes: Iterable[subprocess.Popen[bytes]]) -> None:
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.terminate()  # the main process: Celery stops its own pool gracefully
    deadline = time.monotonic() + 15
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test(pytest_args: list[str]) -> int:
    ensure_environment("dev.txt")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    database = env.get("DATABASE_URL", "").split("://", 1)[0] or "sqlite (embedded default)"
    broker = "redis" if env.get("REDIS_URL") else "filesystem (embedded default)"
    print(f"Testing against database: {database}; broker: {broker}", flush=True)
    bin_dir = VENV / "bin"
    steps = [
        ("ruff check", [str(bin_dir / "ruff"), "check", "."]),
        ("ruff format", [str(bin_dir / "ruff"), "format", "--check", "."]),
        ("mypy", [str(bin_dir / "mypy"), "."]),
        # The import contracts in pyproject.toml ([tool.importlinter]): layers, no cycles.
        ("import contracts", [str(bin_dir / "lint-imports")]),
        (
            "migrations",
            [
                str(PYTHON),
                "manage.py",
                "makemigrations",
                "--check",
                "--dry-run",
                "--settings",
                "tests.settings",
            ],
        ),
        (
            "catalogues",
            [str(PYTHON), "manage.py", "compile_catalogues", "--settings", "tests.settings"],
        ),
        ("pytest", [str(PYTHON), "-m", "pytest", *pytest_args]),
    ]
    for name, command in steps:
        print(f"\n== {name}", flush=True)
        if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
            print(f"\nFAILED at {name}.")
            return 1
    print(f"\nAll checks passed (database: {database}; broker: {broker}).")
    return 0


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command and its options; for ``test``, every later argument, as given, for pytest.

    argparse alone refuses ``test -q`` (an option it does not know), so the words after ``test``
    never reach it; a leading ``--`` among them is dropped.
    """
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the tracker locally")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    commands.add_parser(
        "test",
        help="lint, type-check and run the test suite (later arguments go to pytest)",
        add_help=False,
    )
    pytest_args: list[str] = []
    if "test" in argv:
        position = argv.index("test")
        argv, pytest_args = argv[: position + 1], argv[position + 1 :]
        if pytest_args[:1] == ["--"]:
            pytest_args = pytest_args[1:]
    arguments = parser.parse_args(argv)
    arguments.pytest_args = pytest_args
    return arguments


def main() -> int:
    arguments = parse_arguments(sys.argv[1:])
    if arguments.command == "run":
        return run(arguments.port)
    return test(arguments.pytest_args)


if __name__ == "__main__":
    sys.exit(main())
