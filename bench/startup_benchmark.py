"""Start-up: ``manage.py check`` here and on a checkout of ``main``; the heavy modules each loads.

    .venv/bin/python bench/startup_benchmark.py [--before main] [--repeat 7]

``--before`` is a git ref checked out into a temporary worktree (removed afterwards) and run with
this checkout's ``.venv``. Every run is a fresh process, so each pays the whole start-up; the
baseline measured in the same run is ``python -c pass`` plus a bare ``import django`` (what no
settings can avoid). It needs no database: ``check`` does not connect to one; the SQLite default
of a fresh ``TRACKER_VAR_DIR`` is named, never opened.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The libraries only some pages and tasks need (a PDF, a DOCX, a workbook, a calendar feed, a
# winmail.dat), and what they pull in.
HEAVY = ("fpdf", "docx", "openpyxl", "icalendar", "tnefparse", "PIL", "fontTools", "lxml")
# What a process that starts the tracker does before it does anything: Django set up, every URL
# loaded (the first request of a web worker), the Celery tasks found (a worker), `check` run.
PROBE = """
import sys, django
django.setup()
from django.core.management import call_command
from django.urls import get_resolver
get_resolver().url_patterns
from requests_tracker.celery import app
app.loader.import_default_modules()
call_command("check", verbosity=0)
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in {heavy})))
print(len(sys.modules))
"""


def environment(var_dir: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "requests_tracker.settings",
        "DJANGO_SECRET_KEY": "startup-benchmark-not-a-secret",
        "TRACKER_VAR_DIR": var_dir,
        "CELERY_BROKER_URL": "memory://",
    }
    env.pop("DATABASE_URL", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    commands: dict[str, tuple[list[str], Path]], *, env: dict[str, str], repeat: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Wall-clock and CPU seconds (user + system) of each command, run in turn ``repeat`` times
    (interleaved, so that a change of the machine's load falls on all of them alike), after one
    untimed warm-up run of each. CPU time is what a busy machine disturbs least."""
    for command, cwd in commands.values():
        subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in commands}
    for _ in range(repeat):
        for name, (command, cwd) in commands.items():
            start, cpu_start = time.perf_counter(), _children_cpu()
            subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
            times[name][0].append(time.perf_counter() - start)
            times[name][1].append(_children_cpu() - cpu_start)
    return times


def heavy_modules(python: str, *, cwd: Path, env: dict[str, str]) -> tuple[set[str], int]:
    probe = PROBE.replace("{heavy}", repr(set(HEAVY)))
    result = subprocess.run(
        [python, "-c", probe], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    names, count = result.stdout.strip().splitlines()[-2:]
    return set(names.split()), int(count)


def top_level(names: set[str]) -> list[str]:
    return sorted({name.split(".")[0] for name in names})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="git ref to compare with")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    python = str(PROJECT_DIR / ".venv" / "bin" / "python")
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as scratch:
        before_dir = Path(scratch) / "before"
        add = ["git", "-C", str(PROJECT_DIR), "worktree", "add", "--detach", str(before_dir)]
        subprocess.run(
            [*add, args.before],
            check=True,
            capture_output=True,
        )
        try:
            env = environment(str(Path(scratch) / "var"))
            check = [python, "manage.py", "check"]
            runs = timed(
                {
                    "python -c pass": ([python, "-c", "pass"], PROJECT_DIR),
                    "import django (baseline)": ([python, "-c", "import django.conf"], PROJECT_DIR),
                    f"check on {args.before[:12]} (before)": (check, before_dir),
                    "check here (after)": (check, PROJECT_DIR),
                },
                env=env,
                repeat=args.repeat,
            )
            before_modules, before_count = heavy_modules(python, cwd=before_dir, env=env)
            after_modules, after_count = heavy_modules(python, cwd=PROJECT_DIR, env=env)
        finally:
            subprocess.run(
                ["git", "-C", str(PROJECT_DIR), "worktree", "remove", "--force", str(before_dir)],
                check=False,
                capture_output=True,
            )
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    print(f"{'':32} {'wall median':>11} {'min':>7} {'CPU median':>11} {'min':>7}  (seconds)")
    for name, (wall, cpu) in runs.items():
        print(
            f"{name:32} {statistics.median(wall):11.3f} {min(wall):7.3f}"
            f" {statistics.median(cpu):11.3f} {min(cpu):7.3f}"
        )
    print(f"({args.repeat} runs each, interleaved)")
    before_name, baseline_name = f"check on {args.before[:12]} (before)", "import django (baseline)"
    for kind, index in (("wall", 0), ("CPU", 1)):
        before = statistics.median(runs[before_name][index])
        after = statistics.median(runs["check here (after)"][index])
        baseline = statistics.median(runs[baseline_name][index])
        print(
            f"{kind}: after / before {after / before:.2f}, saved {before - after:.3f} s a process;"
            f" before / baseline {before / baseline:.1f}, after / baseline {after / baseline:.1f}"
        )
    print(f"modules loaded at start: before {before_count}, after {after_count}")
    print(f"heavy libraries at start, before: {', '.join(top_level(before_modules)) or 'none'}")
    print(f"heavy libraries at start, after:  {', '.join(top_level(after_modules)) or 'none'}")
    gone = top_level(before_modules - after_modules)
    print(f"no longer imported at start: {', '.join(gone) or 'none'}")
    print(f"({len(before_modules - after_modules)} modules of those libraries)")
    if after_modules:
        sys.exit("target missed: heavy libraries are still imported at start")


if __name__ == "__main__":
    main()
