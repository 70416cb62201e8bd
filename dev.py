#!/usr/bin/env python3
"""The two commands of the README, with nothing but Python 3.11+ installed.

    python3 dev.py run    # set up and run the tracker locally: web, Celery worker and beat
    python3 dev.py test   # install the test tools, then lint, type-check and run the whole suite

Both create ``.venv`` and install the pinned requirements into it when they changed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
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


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def run(port: int) -> int:
    ensure_environment("base.txt")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_DEBUG", "true")
    manage("migrate", "--verbosity", "0", env=env)
    # A string added since the last translation pass must not stop a local run; CI is strict.
    manage("compile_catalogues", "--allow-incomplete", env=env)
    manage("load_reference_data", env=env)
    manage("seed_demo", env=env)
    celery = [str(PYTHON), "-m", "celery", "-A", "requests_tracker"]
    commands = {
        "web": [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [*celery, "beat", "--loglevel", "INFO"],
    }
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the tracker locally")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    test_parser = commands.add_parser("test", help="lint, type-check and run the test suite")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    arguments = parser.parse_args()
    if arguments.command == "run":
        return run(arguments.port)
    return test(arguments.pytest_args)


if __name__ == "__main__":
    sys.exit(main())
