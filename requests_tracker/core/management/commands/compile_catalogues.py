"""Compile every locale/<language>/LC_MESSAGES/django.po to the .mo file Django reads.

Pure Python (polib), so set-up and CI need no GNU gettext; `makemessages`, which extracts the
strings, is the developer tool that needs it. The interface must be complete in Russian and Kazakh:
a fuzzy or empty translation there stops the command unless --allow-incomplete is given (English
is the source language, so its catalogue may stay empty).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

LANGUAGES_THAT_MUST_BE_COMPLETE = ("ru", "kk")


@dataclass(frozen=True)
class Catalogue:
    language: str
    po_path: Path
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def is_complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0


def read_catalogue(po_path: Path) -> tuple[Catalogue, polib.POFile]:
    po = polib.pofile(str(po_path), wrapwidth=0)
    catalogue = Catalogue(
        language=po_path.parent.parent.name,
        po_path=po_path,
        translated=len(po.translated_entries()),
        fuzzy=len(po.fuzzy_entries()),
        untranslated=len(po.untranslated_entries()),
    )
    return catalogue, po


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo (polib; no GNU gettext needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--locale-dir",
            type=Path,
            default=Path(settings.LOCALE_PATHS[0]),
            help="folder holding <language>/LC_MESSAGES/django.po (default: LOCALE_PATHS[0])",
        )
        parser.add_argument(
            "--allow-incomplete",
            action="store_true",
            help="compile even when Russian or Kazakh has fuzzy or empty translations",
        )

    def handle(self, *args: Any, locale_dir: Path, allow_incomplete: bool, **options: Any) -> None:
        po_paths = sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))
        if not po_paths:
            raise CommandError(f"No catalogues found: {locale_dir}/*/LC_MESSAGES/django.po")
        catalogues = [read_catalogue(path) for path in po_paths]
        incomplete = [
            catalogue
            for catalogue, _po in catalogues
            if catalogue.language in LANGUAGES_THAT_MUST_BE_COMPLETE and not catalogue.is_complete
        ]
        for catalogue in incomplete:
            self.stderr.write(
                f"{catalogue.po_path}: {catalogue.fuzzy} fuzzy and "
                f"{catalogue.untranslated} untranslated entries"
            )
        if incomplete and not allow_incomplete:
            raise CommandError(
                "The Russian and Kazakh catalogues must be complete: translate the entries above "
                "and remove their fuzzy flags (or pass --allow-incomplete). Nothing was compiled."
            )
        for catalogue, po in catalogues:
            mo_path = catalogue.po_path.with_suffix(".mo")
            # Only translated entries go into the .mo: fuzzy and empty ones fall back to English.
            po.save_as_mofile(str(mo_path))
            self.stdout.write(
                f"{catalogue.language}: {catalogue.translated} translated, "
                f"{catalogue.fuzzy} fuzzy, {catalogue.untranslated} untranslated -> {mo_path}"
            )
