"""Letters: text letters per second against raw Jinja2 on the same template, and one PDF's time.

    .venv/bin/python bench/letters_benchmark.py [--seconds 3] [--kind complaint] [--language ru]

The PDF is timed twice in the same run, alternately: as before, each PDF having fpdf2 parse both
font files (``FPDF.add_font``), and as now, the fonts parsed once per process
(``letters.render.add_parsed_font``); the two make the same bytes (checked, at one moment).

"Raw" is a plain ``jinja2.Environment`` rendering the same template file with the same data, no
sandbox and no limits: the floor of what any letter rendering can cost. The tracker's own path
is ``letters.render.render_text``: the sandboxed environment, the dataclass turned into data,
and the bounded rendering. The target is at least 0.8 of raw.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

import time_machine
from fpdf import FPDF

from letters import render
from letters.contexts import LetterKind, sample_context
from letters.environment import TEMPLATE_DIR, template_name
from letters.render import render_pdf, render_text


def add_font_from_file(pdf: FPDF, style: str) -> None:
    """How render_pdf added its fonts before: fpdf2 parsing the file for every PDF."""
    pdf.add_font(render.FAMILY, style, str(render.FONT_FILES[style]))


def pdf_as_before(text: str, title: str) -> bytes:
    parsed_once = render.add_parsed_font
    render.add_parsed_font = add_font_from_file
    try:
        return render_pdf(text, title=title)
    finally:
        render.add_parsed_font = parsed_once


def rate(render: Callable[[], str], seconds: float) -> float:
    """Renders per second over about ``seconds``, after a warm-up."""
    for _ in range(50):
        render()
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(100):
            render()
        count += 100
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--kind", default=LetterKind.COMPLAINT.value)
    parser.add_argument("--language", default="ru")
    parser.add_argument("--pdfs", type=int, default=30)
    arguments = parser.parse_args()

    context = sample_context(LetterKind(arguments.kind), arguments.language)
    raw_environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    raw_environment.filters["date"] = lambda value, fmt="%d.%m.%Y": (
        value.strftime(fmt) if value else ""
    )
    raw_template = raw_environment.get_template(template_name(arguments.kind, arguments.language))
    data = context.as_template_data()
    if raw_template.render(**data) != render_text(context):
        raise SystemExit("raw Jinja2 and the tracker render different letters")

    tracker = rate(lambda: render_text(context), arguments.seconds)
    raw = rate(lambda: raw_template.render(**data), arguments.seconds)
    # A new context every time: nothing cached, the conversion to template data included.
    fresh = [replace(context, outgoing_number=str(number)) for number in range(100_000)]
    fresh_iterator = iter(fresh)
    uncached = rate(lambda: render_text(next(fresh_iterator)), arguments.seconds / 2)
    text = render_text(context)
    with time_machine.travel(datetime(2026, 3, 2, 5, 0, tzinfo=UTC), tick=False):
        # A PDF carries its creation date: at one moment, the two ways give the same bytes.
        same_bytes = render_pdf(text, title="benchmark") == pdf_as_before(text, "benchmark")
    before_times, pdf_times = [], []
    for _ in range(arguments.pdfs):
        started = time.perf_counter()
        pdf_as_before(text, "benchmark")
        before_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_pdf(text, title="benchmark")
        pdf_times.append(time.perf_counter() - started)

    print(f"letter: {arguments.kind}.{arguments.language} ({len(text):,} characters)")
    print(f"raw Jinja2 (same template, same data): {raw:10,.0f} letters/s")
    print(
        f"tracker render_text (sandboxed):       {tracker:10,.0f} letters/s"
        f"   ratio {tracker / raw:.2f} (target >= 0.8)"
    )
    print(
        f"tracker, a new context every time:     {uncached:10,.0f} letters/s"
        f"   ratio {uncached / raw:.2f}"
    )
    before, after = statistics.median(before_times), statistics.median(pdf_times)
    print(
        f"one PDF, fonts parsed for every PDF (before): {before * 1000:8.1f} ms median of "
        f"{arguments.pdfs} (min {min(before_times) * 1000:.1f} ms)"
    )
    print(
        f"one PDF, fonts parsed once per process (now): {after * 1000:8.1f} ms median of "
        f"{arguments.pdfs} (min {min(pdf_times) * 1000:.1f} ms)   now / before {after / before:.2f}"
    )
    print(f"same PDF bytes before and now: {same_bytes}")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
