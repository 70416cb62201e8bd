"""docker-compose.yml, the Dockerfile and .env.example agree with the code they deploy.

Static checks only (no Docker, no database): the services exist and have health checks, volumes
are declared, commands name modules, WSGI apps and management commands that exist, and every
environment variable handed to the app or documented is one the settings actually read.
"""

import importlib
import json
import re
import shlex
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
SETTINGS_PACKAGE = ROOT / "requests_tracker" / "settings"
DEV_FILE = ROOT / "dev.py"

REQUIRED_SERVICES = {
    "postgres", "redis", "web", "worker", "pdf-worker", "ocr-worker", "beat", "mailpit", "migrate"
}  # fmt: skip
SERVICES_WITH_HEALTHCHECK = {"postgres", "redis", "web", "worker", "pdf-worker", "ocr-worker"}
APP_SERVICES = {"web", "worker", "pdf-worker", "ocr-worker", "beat", "migrate"}

_ENV_METHODS = (
    "str|bool|int|float|list|tuple|dict|json|url|path|db|db_url|email|email_url|cache|cache_url"
)
# env.str("NAME", ...), environ.Env().int("NAME", ...), env("NAME", ...).
SETTINGS_READ = re.compile(rf"""(?:\.(?:{_ENV_METHODS})|\benv)\(\s*["']([A-Z][A-Z0-9_]*)["']""")
# The same calls with the name as their only argument: no default to fall back on.
SETTINGS_READ_WITHOUT_DEFAULT = re.compile(
    rf"""(?:\.(?:{_ENV_METHODS})|\benv)\(\s*["']([A-Z][A-Z0-9_]*)["']\s*\)"""
)
# dev.py: os.environ.get("NAME"), env.get("NAME"), env.setdefault("NAME", ...), environ["NAME"].
DEV_READ = re.compile(
    r"""\b(?:environ|env)(?:\.(?:get|setdefault)\(\s*|\[\s*)["']([A-Z][A-Z0-9_]*)["']"""
)
# ${NAME}, ${NAME:-default}, ${NAME:?error} in the compose file ($$ escapes a literal dollar).
COMPOSE_INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)")
# An assignment in .env.example, commented out or not: "NAME=value" or "# NAME=value".
ENV_EXAMPLE_ASSIGNMENT = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
WSGI_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


@cache
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(loaded, dict)
    return loaded


def services() -> dict[str, dict[str, Any]]:
    found = compose()["services"]
    assert isinstance(found, dict)
    return found


def settings_source() -> str:
    """Every module of the settings package, one after another."""
    return "\n".join(path.read_text() for path in sorted(SETTINGS_PACKAGE.glob("*.py")))


def settings_variables() -> set[str]:
    return set(SETTINGS_READ.findall(settings_source()))


def dev_variables() -> set[str]:
    return set(DEV_READ.findall(DEV_FILE.read_text()))


def compose_interpolated_variables() -> set[str]:
    return set(COMPOSE_INTERPOLATION.findall(COMPOSE_FILE.read_text()))


def env_example_variables() -> set[str]:
    return set(ENV_EXAMPLE_ASSIGNMENT.findall(ENV_EXAMPLE.read_text()))


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        pairs = (item.split("=", 1) for item in environment)
        return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}
    return {str(name): "" if value is None else str(value) for name, value in environment.items()}


def argv(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


def simple_commands(command: str | list[str]) -> list[list[str]]:
    """The commands a service runs, with `sh -c "a && b; c"` split into a, b and c."""
    args = argv(command)
    if args[:1] in (["CMD"], ["CMD-SHELL"]):  # health check test
        args = args[1:] if args[0] == "CMD" else ["sh", "-c", " ".join(args[1:])]
    if len(args) == 3 and args[0] in ("sh", "bash", "/bin/sh") and args[1] == "-c":
        parts = re.split(r"&&|\|\||;", args[2])
        return [shlex.split(part) for part in parts if part.strip()]
    return [args]


def option_value(args: list[str], *names: str) -> str | None:
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if name.startswith("--") and arg.startswith(f"{name}="):
                return arg.split("=", 1)[1]
    return None


def mount_targets(service: dict[str, Any]) -> list[str]:
    targets = []
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            targets.append(volume.split(":")[1])
        else:
            targets.append(str(volume["target"]))
    return targets


def named_volumes(service: dict[str, Any]) -> set[str]:
    names = set()
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source = volume.split(":")[0] if ":" in volume else ""
        else:
            source = (
                str(volume.get("source", "")) if volume.get("type", "volume") == "volume" else ""
            )
        if source and not source.startswith((".", "/", "~", "$")):
            names.add(source)
    return names


def gunicorn_target(args: list[str]) -> str:
    targets = [arg for arg in args[1:] if WSGI_TARGET.match(arg)]
    assert len(targets) == 1, f"expected one module:attribute in {args}"
    return targets[0]


def check_celery(args: list[str], service: dict[str, Any]) -> None:
    app_name = option_value(args, "-A", "--app")
    assert app_name, f"celery without -A: {args}"
    module = importlib.import_module(app_name)
    # Celery resolves -A like this: the module's `app`, else its `celery` submodule's `app`.
    if not isinstance(getattr(module, "app", None), Celery):
        module = importlib.import_module(f"{app_name}.celery")
    assert isinstance(getattr(module, "app", None), Celery), f"{module.__name__}.app"
    assert find_app(app_name) is module.app
    schedule = option_value(args, "-s", "--schedule")
    if schedule is not None:
        assert any(
            schedule.startswith(f"{target.rstrip('/')}/") for target in mount_targets(service)
        ), f"beat schedule {schedule} is not under a mounted volume"


def check_gunicorn(args: list[str]) -> None:
    module_name, attribute = gunicorn_target(args).split(":")
    module = importlib.import_module(module_name)
    assert hasattr(module, attribute), f"{module_name} has no {attribute}"


def check_manage_py(args: list[str]) -> None:
    index = args.index("manage.py")
    command = args[index + 1]
    assert command in get_commands(), f"no management command {command}"


def check_command(args: list[str], service: dict[str, Any]) -> bool:
    """Check one command; False when it runs none of celery, gunicorn or manage.py."""
    program = Path(args[0]).name
    if program == "celery":
        check_celery(args, service)
    elif program == "gunicorn":
        check_gunicorn(args)
    elif program.startswith("python") and "manage.py" in args:
        check_manage_py(args)
    else:
        return False
    return True


def dockerfile_instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def dockerfile_env() -> dict[str, str]:
    values = {}
    for keyword, rest in dockerfile_instructions():
        if keyword == "ENV":
            for token in shlex.split(rest):
                name, _, value = token.partition("=")
                values[name] = value
    return values


def test_compose_defines_every_service_and_health_checks() -> None:
    assert set(services()) >= REQUIRED_SERVICES
    for name in SERVICES_WITH_HEALTHCHECK:
        assert services()[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_compose_has_no_obsolete_version_key() -> None:
    assert "version" not in compose()


def test_every_named_volume_is_declared_at_the_top_level() -> None:
    declared = set(compose().get("volumes") or {})
    for name, service in services().items():
        missing = named_volumes(service) - declared
        assert not missing, f"{name} uses undeclared volumes {missing}"


def test_app_services_are_built_from_the_project() -> None:
    for name in APP_SERVICES:
        assert services()[name].get("build") == ".", name


# Importing the WSGI module builds the app; WhiteNoise warns that collectstatic has not run.
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_every_app_command_names_modules_and_commands_that_exist() -> None:
    for name in APP_SERVICES:
        service = services()[name]
        commands = simple_commands(service["command"])
        checked = [check_command(args, service) for args in commands]
        assert all(checked), f"{name} runs a command the test does not know: {commands}"


def test_app_health_checks_name_apps_that_exist() -> None:
    for name in APP_SERVICES:
        healthcheck = services()[name].get("healthcheck")
        if healthcheck:
            for args in simple_commands(healthcheck["test"]):
                check_command(args, services()[name])


def test_migrate_runs_migrations_and_loads_the_reference_data() -> None:
    commands = simple_commands(services()["migrate"]["command"])
    manage_commands = [args[args.index("manage.py") + 1] for args in commands]
    assert manage_commands == ["migrate", "load_reference_data"]
    for name in APP_SERVICES - {"migrate"}:
        depends_on = services()[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name


def test_beat_keeps_its_schedule_on_a_volume() -> None:
    args = argv(services()["beat"]["command"])
    assert option_value(args, "-s", "--schedule") is not None


def test_web_health_check_calls_a_route_the_app_serves() -> None:
    check = " ".join(argv(services()["web"]["healthcheck"]["test"]))
    match = re.search(r"http://(127\.0\.0\.1|localhost):8000(/[^'\"\s]*)", check)
    assert match, check
    host, path = match.groups()
    assert resolve(path).url_name == "health"
    allowed = environment_of(services()["web"])["DJANGO_ALLOWED_HOSTS"]
    default = re.search(r":-([^}]*)\}", allowed)
    assert default, "DJANGO_ALLOWED_HOSTS needs a default"
    assert host in default.group(1).split(",")


def test_media_volume_is_mounted_where_the_image_keeps_media() -> None:
    media_root = dockerfile_env()["MEDIA_ROOT"]
    for name in ("web", "worker", "pdf-worker"):
        assert f"media:{media_root}" in services()[name]["volumes"], name


def test_every_variable_given_to_the_app_is_read_by_the_settings() -> None:
    known = settings_variables() | {"DJANGO_SETTINGS_MODULE"}
    for name in APP_SERVICES:
        unknown = set(environment_of(services()[name])) - known
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_every_variable_the_settings_require_is_set_for_the_app() -> None:
    required = set(SETTINGS_READ_WITHOUT_DEFAULT.findall(settings_source()))
    assert "DJANGO_SECRET_KEY" in required
    for name in APP_SERVICES:
        environment = environment_of(services()[name])
        for variable in required:
            value = environment.get(variable, "")
            assert value, f"{name} does not set {variable}"
            # A literal value, or compose refuses to start while the variable is unset or empty.
            if "$" in value:
                assert value.startswith(f"${{{variable}:?"), f"{name} does not require {variable}"


def test_dockerfile_runs_the_same_wsgi_app_as_the_web_service() -> None:
    commands = [rest for keyword, rest in dockerfile_instructions() if keyword == "CMD"]
    assert len(commands) == 1
    dockerfile_cmd = json.loads(commands[0])
    web_cmd = argv(services()["web"]["command"])
    assert gunicorn_target(dockerfile_cmd) == gunicorn_target(web_cmd)
    assert dockerfile_env()["DJANGO_SETTINGS_MODULE"] == "requests_tracker.settings"


def test_dockerfile_runs_as_a_non_root_user() -> None:
    users = [rest for keyword, rest in dockerfile_instructions() if keyword == "USER"]
    assert users
    assert users[-1] not in ("root", "0")


def test_every_variable_in_env_example_is_read_by_the_code_or_compose() -> None:
    known = settings_variables() | dev_variables() | compose_interpolated_variables()
    unknown = env_example_variables() - known
    assert not unknown, f".env.example documents variables nothing reads: {unknown}"


def test_env_example_documents_every_variable_the_settings_read() -> None:
    missing = settings_variables() - env_example_variables()
    assert not missing, f".env.example lacks {missing}"


def test_env_example_documents_every_variable_compose_needs() -> None:
    missing = compose_interpolated_variables() - env_example_variables()
    assert not missing, f".env.example lacks {missing}"


def test_the_image_holds_every_folder_the_app_runs_from() -> None:
    # given: what the Dockerfile copies into the image
    copied = set(re.findall(r"^COPY\s+(?:--\S+\s+)*(\S+)\s", DOCKERFILE.read_text(), re.M))

    # then: every package the code imports, and every folder the settings read files from
    from django.conf import settings

    needed = {"manage.py", "requests_tracker", "letters", "locale", "templates"}
    needed |= {Path(folder).name for folder in settings.STATICFILES_DIRS}
    assert needed <= copied, needed - copied


def test_the_image_holds_no_local_env_file() -> None:
    # given: what the Dockerfile copies, and what the build context leaves out
    copied = re.findall(
        r"^(?:COPY|ADD)\s+(?:--\S+\s+)*(.+?)\s+\S+\s*$", DOCKERFILE.read_text(), re.M
    )
    ignored = (ROOT / ".dockerignore").read_text().splitlines()

    # then: named sources only (no whole folder, no .env), and .env is out of the context anyway
    sources = {source for line in copied for source in line.split()}
    assert sources, "the Dockerfile copies nothing?"
    assert not sources & {".", "./", "*", ".env"}, sources
    assert ".env" in ignored


def test_every_celery_queue_has_a_worker_and_every_worker_names_its_queues() -> None:
    declared = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    consumed: set[str] = set()
    for name in APP_SERVICES:
        args = argv(services()[name]["command"])
        if args[:1] == ["celery"] and "worker" in args:
            queues = option_value(args, "-Q", "--queues")
            assert queues, f"{name} takes no -Q: it would take every queue"
            consumed |= set(queues.split(","))
    assert consumed == declared == {"celery", "sweep", "pdf", "ocr"}
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed <= declared


def test_the_image_reads_scans_in_russian_kazakh_and_english() -> None:
    # given: the packages the Dockerfile installs
    installed = set(re.findall(r"\btesseract-ocr(?:-[a-z]+)?\b", DOCKERFILE.read_text()))

    # then: Tesseract and the data of the three languages replies come in
    assert installed == {
        "tesseract-ocr",
        "tesseract-ocr-rus",
        "tesseract-ocr-kaz",
        "tesseract-ocr-eng",
    }


def test_the_ocr_worker_yields_the_cores_to_the_others_when_they_are_busy() -> None:
    # given: the CPU weight of each service (Docker's default is 1024)
    shares = {name: service.get("cpu_shares", 1024) for name, service in services().items()}

    # then: the OCR worker weighs an eighth of any other (bench/ocr_pages.py measures it)
    assert shares.pop("ocr-worker") == 128
    assert set(shares.values()) == {1024}
