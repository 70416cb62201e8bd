"""Starting the tracker imports none of the libraries that only some pages and tasks need.

A web worker, a Celery worker and every management command (``ingest_email`` runs once an email)
set Django up, load the URLs and find the tasks; none of them should pay for the PDF, DOCX,
workbook, calendar and winmail.dat libraries (about a third of a second) unless it makes such a
file. Those are imported inside the function that uses them (``letters/render.py`` says why).
Checked in a fresh process, since this test process has long imported them all.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("fpdf", "docx", "openpyxl", "icalendar", "tnefparse", "PIL", "fontTools", "lxml")
START_UP = """
import sys

import django

django.setup()
from django.core.management import call_command, load_command_class
from django.urls import get_resolver

get_resolver().url_patterns
from requests_tracker.celery import app

app.loader.import_default_modules()
load_command_class("requests_tracker.mail", "ingest_email")
call_command("check", verbosity=0)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def modules_after(code: str) -> set[str]:
    """The top-level packages imported by ``code`` run in a fresh process of the tracker."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "tests.settings", "CELERY_BROKER_URL": "memory://"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.strip().splitlines()[-1].split())


def test_setting_up_django_loading_urls_tasks_and_commands_imports_no_heavy_library() -> None:
    # when: a process starts as a web worker, a Celery worker and ingest_email do
    loaded = modules_after(START_UP)

    # then: the tracker is there, and none of the libraries of files it did not make
    assert {"django", "requests_tracker", "letters", "celery"} <= loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_making_a_pdf_and_a_docx_still_imports_what_each_needs() -> None:
    # given: the check above would pass for a process that could not import them at all
    code = START_UP.replace(
        'call_command("check", verbosity=0)',
        'call_command("check", verbosity=0)\n'
        "from letters.render import render_docx, render_pdf\n"
        'assert render_pdf("Ответ", title="t").startswith(b"%PDF-")\n'
        'assert render_docx("Ответ", title="t").startswith(b"PK")\n',
    )

    # when
    loaded = modules_after(code)

    # then: rendering imported fpdf (with Pillow and fontTools) and python-docx (with lxml)
    assert sorted(loaded & set(HEAVY)) == ["PIL", "docx", "fontTools", "fpdf", "lxml"]
