"""dev.py: its arguments, and the .env it writes so that manage.py works without it afterwards."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import dev
from tests.workers import stop, wait_for

ROOT = Path(__file__).resolve().parents[1]


def run_manage(
    *args: str, env_file: str, var_dir: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python manage.py ARGS`` as typed in a shell with nothing of Django's exported."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "AXES_", "TRACKER_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(
        {
            "TRACKER_ENV_FILE": env_file,
            "TRACKER_VAR_DIR": str(var_dir),
            "DATABASE_URL": f"sqlite:///{var_dir / 'tracker.sqlite3'}",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_options_after_test_go_to_pytest_as_given() -> None:
    assert dev.parse_arguments(["test", "-q", "-x"]).pytest_args == ["-q", "-x"]
    assert dev.parse_arguments(["test", "-k", "calendar", "-x"]).pytest_args == [
        "-k",
        "calendar",
        "-x",
    ]
    assert dev.parse_arguments(["test", "--help"]).pytest_args == ["--help"]


def test_a_leading_double_dash_is_dropped_and_no_argument_means_none() -> None:
    assert dev.parse_arguments(["test", "--", "-q", "tests/laws"]).pytest_args == [
        "-q",
        "tests/laws",
    ]
    arguments = dev.parse_arguments(["test"])
    assert arguments.command == "test"
    assert arguments.pytest_args == []


def test_run_keeps_its_own_options() -> None:
    arguments = dev.parse_arguments(["run", "--port", "8123"])

    assert arguments.command == "run"
    assert arguments.port == 8123
    assert arguments.pytest_args == []


def test_the_local_env_holds_debug_and_a_secret_and_is_never_replaced(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"

    assert dev.write_local_env(env_file) is True
    written = env_file.read_text()
    assignments = dict(
        line.split("=", 1) for line in written.splitlines() if line and not line.startswith("#")
    )
    assert assignments["DJANGO_DEBUG"] == "true"
    assert len(assignments["DJANGO_SECRET_KEY"]) >= 50
    assert env_file.stat().st_mode & 0o777 == 0o600

    assert dev.write_local_env(env_file) is False
    assert env_file.read_text() == written

    other = tmp_path / "other.env"
    dev.write_local_env(other)
    assert other.read_text() != written  # a secret of its own each time


def free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port: int = listener.getsockname()[1]
        return port


@pytest.mark.worker
def test_after_one_dev_py_run_the_readme_deadline_command_works(tmp_path: Path) -> None:
    # given: `python3 dev.py run` in a shell with nothing of Django's exported, on its own files
    env_file, var_dir, log = tmp_path / ".env", tmp_path / "var", tmp_path / "run.log"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "AXES_", "TRACKER_", "TEST_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"}
    }
    environment.update({"TRACKER_ENV_FILE": str(env_file), "TRACKER_VAR_DIR": str(var_dir)})
    with log.open("wb") as output:
        run = subprocess.Popen(
            [sys.executable, "dev.py", "run", "--port", str(free_port())],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = ("Quit the server with CONTROL-C.", " ready.", "beat: Starting...")
    try:
        ready = wait_for(
            lambda: True if all(line in log.read_text() for line in started) else None,
            timeout=240,
        )
    finally:
        stop(run)
    text = log.read_text()
    assert ready, text[-3000:]

    # then: one django-axes banner (the web server's), no broker hostname warning
    assert text.count("AXES: BEGIN") == 1, text
    assert "No hostname was supplied" not in text
    # and no Celery banner (the worker's task list, beat's configuration), no repeated checks
    assert "[tasks]" not in text
    assert "celery beat v" not in text
    assert "Performing system checks" not in text

    # when: the README's command, typed afterwards without dev.py
    result = run_manage(
        "deadline", "KZ.ATI.11.response", "2026-03-14", env_file=str(env_file), var_dir=var_dir
    )

    # then: received on Saturday 14 March, registered Monday 16, plus 15 calendar days
    assert result.returncode == 0, result.stderr
    assert "Due date: 2026-03-31\n" in result.stdout


def test_without_the_env_file_the_secret_is_required(tmp_path: Path) -> None:
    result = run_manage("check", env_file=str(tmp_path / "absent.env"), var_dir=tmp_path / "var")

    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


def test_a_variable_set_in_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=from-the-file\nAXES_VERBOSE=true\n")
    show = "from django.conf import settings; print(settings.SECRET_KEY, settings.AXES_VERBOSE)"

    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        env_file=str(env_file),
        var_dir=tmp_path / "var",
        DJANGO_SECRET_KEY="from-the-environment",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "from-the-environment True\n"


def test_manage_py_typed_with_a_python_without_django_reruns_with_the_venv(tmp_path: Path) -> None:
    # given: the interpreter the virtual environment was made from, which has no Django
    bare_python = Path(sys.base_prefix) / "bin" / "python3"
    bare = subprocess.run(
        [bare_python, "-c", "import django"], capture_output=True, text=True, check=False
    )
    assert bare.returncode != 0

    # when
    result = subprocess.run(
        [bare_python, "manage.py", "shell", "--no-imports", "-c", "import sys; print(sys.prefix)"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "any", "TRACKER_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then: the command ran, under .venv's Python
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == (ROOT / ".venv").resolve()
