"""A memory and time budget for rendering a staff template: each render runs in a child process.

The sandbox refuses what a template may not reach, but no list of checks can foresee every way
to spend memory or time (a loop nested through ``|map``, a macro calling itself, a huge
``format`` width). So a staff template renders in a fresh child forked for that render alone,
with its address space capped (``RLIMIT_AS``) and a hard deadline after which the parent kills
it. Whatever the template does, the parent gets either the text or a ``LetterTemplateError``
within the deadline, and survives: the web worker and the Celery worker never run the template.

The child is forked from the caller (nothing is pickled or imported again), touches no database
or socket, and leaves with ``os._exit`` so that no inherited handler runs twice.
"""

import contextlib
import json
import os
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable

from jinja2.exceptions import SecurityError, TemplateError

from letters.errors import BudgetExceededError, LetterTemplateError, LimitError

# A letter renders in milliseconds; these leave room for a loaded machine, and bound the worst.
RENDER_SECONDS = 1.0
CPU_SECONDS = 2  # a second guard, should the parent be slow to kill
MEMORY_HEADROOM_BYTES = 64 * 1024 * 1024  # on top of what the forked process already maps
MAX_RESULT_BYTES = 4 * 1024 * 1024  # the text is bounded before this (MAX_OUTPUT_CHARS)


def _mapped_bytes() -> int:
    """The address space this process maps now (Linux); 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_this_process() -> None:
    import resource  # POSIX only, like fork

    mapped = _mapped_bytes()
    if mapped:
        limit = mapped + MEMORY_HEADROOM_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    used = int(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]))
    resource.setrlimit(resource.RLIMIT_CPU, (used + CPU_SECONDS, used + CPU_SECONDS + 1))


Report = tuple[str, str, str, dict[str, str | int]]


def _outcome(render: Callable[[], str], *, limit: bool = True) -> Report:
    """What the child reports: ("text", the letter) or (an error kind, its message), with the
    refusal's code and params when it has them."""
    try:
        if limit:
            _limit_this_process()
        return "text", render(), "", {}
    except LetterTemplateError as error:
        return "refused", str(error), error.code, error.params
    except LimitError as error:
        return "limit", str(error), error.code, error.params
    except SecurityError as error:
        return "security", str(error), "", {}
    except TemplateError as error:  # UndefinedError for a missing field, and others
        return "template", str(error), "", {}
    except MemoryError:
        return "memory", "", "", {}
    except RecursionError:
        return "recursion", "", "", {}
    except ValueError as error:
        # Python refuses to turn an integer of more than sys.get_int_max_str_digits() digits
        # into text (or back), and says so only in the message.
        if "integer string conversion" in str(error):
            return "digits", "", "", {}
        return "failed", f"ValueError: {error}", "", {}
    except Exception as error:  # ValueError (a 5,000-digit integer), OverflowError, TypeError...
        return "failed", f"{type(error).__name__}: {error}", "", {}


def _child(write_end: int, render: Callable[[], str]) -> None:
    try:
        # The parent's handlers are not this process's: the CPU limit and a kill end it.
        signal.signal(signal.SIGXCPU, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            payload = json.dumps(list(_outcome(render))).encode("utf-8")
        except MemoryError:
            payload = b'["memory", "", "", {}]'
        if len(payload) > MAX_RESULT_BYTES:
            payload = b'["memory", "", "", {}]'
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(0)


def _read_until(read_end: int, deadline: float) -> bytes | None:
    """The child's whole report, or None when the deadline passed first."""
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _write, _error = select.select([read_end], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(read_end, 65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_RESULT_BYTES:
            return b'["memory", "", "", {}]'
        chunks.append(chunk)


def _fork() -> int:
    # A threaded parent (gunicorn threads, a test's SMTP server) is safe here: the child runs
    # only the template, and a child stuck on a lock inherited mid-use is killed at the deadline.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def render_in_budget(render: Callable[[], str], *, seconds: float = RENDER_SECONDS) -> str:
    """Run ``render`` in a child with the memory and time budget; its text or a clear error."""
    if not hasattr(os, "fork"):  # Windows, for a local run only: no budget, the same errors
        return _text_or_raise(json.dumps(_outcome(render, limit=False)).encode())
    read_end, write_end = os.pipe()
    pid = _fork()
    if pid == 0:
        os.close(read_end)
        _child(write_end, render)
    os.close(write_end)
    report: bytes | None = None
    try:
        report = _read_until(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
        if report is None:  # late, or the wait was interrupted: the child goes either way
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # reaped already by a SIGCHLD handler
            os.waitpid(pid, 0)
    if report is None:
        raise BudgetExceededError(
            f"The template took longer than {seconds:g} s to render a letter; rendering stopped.",
            code="timeout",
            params={"seconds": f"{seconds:g}"},
        )
    return _text_or_raise(report)


def _text_or_raise(report: bytes) -> str:
    try:
        kind, message, code, params = json.loads(report)
    except ValueError:
        # The child died before it could report (killed by the CPU limit, or crashed).
        raise BudgetExceededError(
            "The template used more than its budget of time or memory; rendering stopped.",
            code="budget",
        ) from None
    memory_mb = MEMORY_HEADROOM_BYTES // (1024 * 1024)
    digits = sys.get_int_max_str_digits()
    errors: dict[str, Callable[[str], Exception]] = {
        "refused": lambda text: LetterTemplateError(text, code=code, params=params),
        "limit": lambda text: LimitError(text, code=code, params=params),
        "security": SecurityError,
        "template": TemplateError,
        "memory": lambda _message: BudgetExceededError(
            f"The template used more than its memory budget ({memory_mb} MB); rendering stopped.",
            code="memory",
            params={"megabytes": memory_mb},
        ),
        "recursion": lambda _message: LetterTemplateError(
            "The template nests too deeply (a macro calling itself, or brackets within brackets).",
            code="recursion",
        ),
        "digits": lambda _message: LetterTemplateError(
            f"Numbers in a letter template are limited to {digits:,} digits.",
            code="digits",
            params={"limit": digits},
        ),
        "failed": lambda text: LetterTemplateError(
            f"The template fails: {text}", code="failed", params={"detail": text}
        ),
    }
    if kind == "text":
        return str(message)
    raise errors[kind](str(message))
