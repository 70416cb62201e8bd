"""``ingest_email`` on a typical reply, process start to exit, and header parsing against its size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_ingest \\
        .venv/bin/python bench/ingest_benchmark.py [--repeat 7]

See bench/README.md.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PROJECT_DIR,
    create_database_if_missing,
    require_postgres_url,
    set_up_django,
)

MESSAGES = PROJECT_DIR / "tests" / "mail" / "messages"
# The command as it was before it skipped the system checks: the same command, the checks on.
WITH_CHECKS = (
    "import django; django.setup()\n"
    "from requests_tracker.mail.management.commands import ingest_email\n"
    "ingest_email.Command.requires_system_checks = '__all__'\n"
    "from django.core.management import execute_from_command_line\n"
    "execute_from_command_line(['manage.py', 'ingest_email'])\n"
)
BASELINE = "import django; django.setup()"


def typical_reply(number: int) -> bytes:
    """The police's registration notice, under a Message-ID of its own (each run stores one)."""
    raw = (MESSAGES / "quoted_printable_russian.eml").read_bytes()
    raw = raw.replace(b"{{REPLY_ADDRESS}}", b"reply+999999-bench@tracker.example.org")
    return raw.replace(b"<CAF3x9qP-registered-0304@", b"<bench-%d-%d@" % (os.getpid(), number))


def run(argv: list[str], stdin: bytes) -> float:
    started = time.perf_counter()
    completed = subprocess.run(argv, input=stdin, capture_output=True, cwd=PROJECT_DIR, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{argv[1:]} exited {completed.returncode}: {completed.stderr.decode()[-2000:]}")
    return elapsed


def series(label: str, repeat: int, measure: Callable[[int], float]) -> float:
    measure(-1)  # untimed warm-up: the page cache, the .pyc files
    times = [measure(number) for number in range(repeat)]
    median = statistics.median(times)
    print(f"{label:<44} median {median * 1000:7.0f} ms, min {min(times) * 1000:7.0f} ms")
    return median


def headers_of(lines: int, *, folded: bool) -> bytes:
    """A reply whose header block has ``lines`` lines: separate X- fields, or one folded To."""
    raw = typical_reply(0)
    head, _, body = raw.partition(b"\n\n")
    extra = lines - (head.count(b"\n") + 1)
    if folded:
        addresses = b",\n ".join(b"clerk%05d@police.gov.kz" % number for number in range(extra))
        head += b"\nCc: " + addresses
        head = head.replace(b"\nCc: kense@police.gov.kz", b"", 1) + b",\n kense@police.gov.kz"
    else:
        head += b"".join(b"\nX-Trace-%05d: relay %05d accepted" % (n, n) for n in range(extra))
    message = head + b"\n\n" + body
    assert message[: message.index(b"\n\n")].count(b"\n") + 1 == lines
    return message


def time_parsing(lines: int, *, folded: bool, repeat: int) -> None:
    from requests_tracker.mail.reading import MessageRefused, read_message

    raw = headers_of(lines, folded=folded)
    outcome = "read"
    with contextlib.suppress(MessageRefused):  # untimed warm-up: the header registry's first parse
        read_message(raw)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            read_message(raw)
        except MessageRefused:
            outcome = "refused"
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    shape = "one Cc folded over them" if folded else "one field a line"
    print(
        f"headers of {lines:6,} lines ({shape:<23}), {len(raw) // 1024:4} KiB: {outcome:<7} "
        f"median {median * 1000:8.2f} ms ({median / lines * 1e6:5.1f} µs a line)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    url = require_postgres_url(default="postgres://postgres@127.0.0.1:5432/tracker_bench_ingest")
    create_database_if_missing(url)
    media = tempfile.mkdtemp(prefix="bench-ingest-")
    os.environ["MEDIA_ROOT"] = media
    set_up_django()  # migrates; the environment it sets is the subprocesses' too

    python = sys.executable
    print(f"ingest_email of a typical reply ({options.repeat} runs each, a process each run):")
    baseline = series(
        "python -c 'django.setup()' (the floor)",
        options.repeat,
        lambda number: run([python, "-c", BASELINE], b""),
    )
    before = series(
        "ingest_email with the system checks (before)",
        options.repeat,
        lambda number: run([python, "-c", WITH_CHECKS], typical_reply(1000 + number)),
    )
    after = series(
        "ingest_email as it is (after)",
        options.repeat,
        lambda number: run([python, "manage.py", "ingest_email"], typical_reply(2000 + number)),
    )
    print(
        f"before / floor {before / baseline:.2f}, after / floor {after / baseline:.2f}; "
        f"the ingest itself (over the floor): before {(before - baseline) * 1000:.0f} ms, "
        f"after {(after - baseline) * 1000:.0f} ms"
    )

    print("\nread_message on headers of growing size (in-process):")
    for folded in (False, True):
        for lines in (250, 500, 1000, 2000, 5000, 10000):
            time_parsing(lines, folded=folded, repeat=options.repeat)

    from requests_tracker.mail.models import IncomingEmail

    IncomingEmail.objects.filter(message_id__startswith=f"bench-{os.getpid()}-").delete()


if __name__ == "__main__":
    main()
