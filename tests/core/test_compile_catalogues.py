"""compile_catalogues turns .po into .mo with polib, and refuses incomplete ru/kk catalogues."""

import gettext
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = """msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n!=1);\\n"

"""


def write_catalogue(locale_dir: Path, language: str, entries: str) -> Path:
    folder = locale_dir / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po_path = folder / "django.po"
    po_path.write_text(HEADER.format(language=language) + entries, encoding="utf-8")
    return po_path


def test_a_catalogue_is_compiled_to_a_mo_file_django_can_read(tmp_path: Path) -> None:
    write_catalogue(
        tmp_path,
        "kk",
        'msgid "Sign in"\nmsgstr "Кіру"\n\n'
        'msgid "%(count)s day"\nmsgid_plural "%(count)s days"\n'
        'msgstr[0] "%(count)s күн"\nmsgstr[1] "%(count)s күн"\n',
    )
    output = StringIO()

    call_command("compile_catalogues", locale_dir=tmp_path, stdout=output)

    mo_path = tmp_path / "kk" / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as mo_file:
        translations = gettext.GNUTranslations(mo_file)
    assert translations.gettext("Sign in") == "Кіру"
    assert translations.ngettext("%(count)s day", "%(count)s days", 5) == "%(count)s күн"
    assert output.getvalue() == f"kk: 2 translated, 0 fuzzy, 0 untranslated -> {mo_path}\n"


def test_a_fuzzy_russian_entry_is_refused_and_nothing_is_compiled(tmp_path: Path) -> None:
    write_catalogue(tmp_path, "kk", 'msgid "Sign in"\nmsgstr "Кіру"\n')
    po_path = write_catalogue(tmp_path, "ru", '#, fuzzy\nmsgid "Sign in"\nmsgstr "Войти"\n')
    errors = StringIO()

    with pytest.raises(CommandError, match="must be complete"):
        call_command("compile_catalogues", locale_dir=tmp_path, stderr=errors)

    assert errors.getvalue() == f"{po_path}: 1 fuzzy and 0 untranslated entries\n"
    assert list(tmp_path.glob("*/LC_MESSAGES/django.mo")) == []


def test_an_empty_kazakh_translation_is_refused(tmp_path: Path) -> None:
    po_path = write_catalogue(tmp_path, "kk", 'msgid "Sign in"\nmsgstr ""\n')
    errors = StringIO()

    with pytest.raises(CommandError, match="must be complete"):
        call_command("compile_catalogues", locale_dir=tmp_path, stderr=errors)

    assert errors.getvalue() == f"{po_path}: 0 fuzzy and 1 untranslated entries\n"


def test_allow_incomplete_compiles_and_leaves_the_fuzzy_entry_out(tmp_path: Path) -> None:
    write_catalogue(
        tmp_path,
        "ru",
        'msgid "Sign in"\nmsgstr "Войти"\n\n#, fuzzy\nmsgid "Sign out"\nmsgstr "Вход"\n',
    )

    call_command(
        "compile_catalogues", locale_dir=tmp_path, allow_incomplete=True, stdout=StringIO()
    )

    with (tmp_path / "ru" / "LC_MESSAGES" / "django.mo").open("rb") as mo_file:
        translations = gettext.GNUTranslations(mo_file)
    assert translations.gettext("Sign in") == "Войти"
    assert translations.gettext("Sign out") == "Sign out"


def test_an_incomplete_english_catalogue_is_accepted(tmp_path: Path) -> None:
    write_catalogue(tmp_path, "en", 'msgid "Sign in"\nmsgstr ""\n')

    call_command("compile_catalogues", locale_dir=tmp_path, stdout=StringIO())

    assert (tmp_path / "en" / "LC_MESSAGES" / "django.mo").is_file()
