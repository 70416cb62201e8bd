#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

# The interpreter `dev.py` installs the requirements into.
VENV_PYTHON = Path(__file__).resolve().parent / ".venv" / "bin" / "python"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "requests_tracker.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError:
        # `python manage.py ...` typed with a Python that lacks Django: rerun it with .venv's.
        if (
            VENV_PYTHON.is_file()
            and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve()
        ):
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])
        raise

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
