"""Every page a journalist opens is in Russian and Kazakh, with nothing left in English.

While a page renders, every message looked up through gettext, ngettext or pgettext is recorded.
A message of ours (one in ``locale/<language>/LC_MESSAGES/django.po``) must have a translation that
is neither empty nor fuzzy, and must come back translated. Messages of Django and of the libraries
we use are not in our catalogue and are left to their own translators. The page must also show no
phrase of our messages in English or in the other language (a message translated too early).
"""

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import trans_real
from pytest_django.fixtures import Settings

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import UserFactory, make_request

LANGUAGES = ("ru", "kk")
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PROJECT_DIR = Path(settings.BASE_DIR)
CONTEXT_SEPARATOR = "\x04"

# Messages of ours that rightly read the same in every language.
SAME_IN_EVERY_LANGUAGE = {
    "e-Otinish": "the name of the government's e-appeals portal",
    "SHA-256": "the name of a hash algorithm",
}

PUBLIC_PAGES = (
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/deadlines/calculator/",
    "/deadlines/calculator/?rule=KZ.ATI.11.response&received=2026-03-20",
    "/public/requests/",
    "/public/requests/{pk}/",
    "/bodies/police-kz-75/",
    "/bodies/",
)
SIGNED_IN_PAGES = (
    "/requests/",
    "/requests/new/",
    "/requests/{pk}/",
    "/accounts/profile/",
    "/follow/",
)

# The options makemessages is run with (README, "Translations").
MAKEMESSAGES_IGNORED = [".venv", "var", "tests", "templates/letters/*", "templates/notifications/*"]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


@cache
def catalogue(language: str) -> dict[str, polib.POEntry]:
    """Our entries by the key gettext looks them up with (context, separator, msgid)."""
    entries = polib.pofile(str(po_path(language)), wrapwidth=0)
    return {key(entry): entry for entry in entries if not entry.obsolete}


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


@cache
def foreign_phrases(language: str) -> frozenset[str]:
    """Phrases of our messages in English or in the other language, and never in this one.

    A message translated when a module is imported (not lazily) escapes the recording of lookups
    and stays in the language of that moment: these phrases find it on the page.
    """
    own = " ".join(text for entry in catalogue(language).values() for text in msgstrs(entry))
    texts = [
        text
        for entry in catalogue(language).values()
        for text in (entry.msgid, entry.msgid_plural)
        if text
    ]
    for other in LANGUAGES:
        if other != language:
            texts += [text for entry in catalogue(other).values() for text in msgstrs(entry)]
    phrases = set()
    for text in texts:
        for fragment in re.split(r"%\(\w+\)[sd]|\n", text):
            phrase = " ".join(fragment.split())
            if len(phrase) >= 12 and " " in phrase and phrase not in own:
                phrases.add(phrase)
    return frozenset(phrases)


def msgstrs(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def visible_text(page: str) -> str:
    # The letter (<pre>) is in the letter's language, and the option lists hold names from data.
    page = re.sub(r"(?s)<pre\b.*?</pre>|<script\b.*?</script>|<select\b.*?</select>", " ", page)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


@dataclass(frozen=True)
class Lookup:
    messages: tuple[str, ...]  # msgid, and msgid_plural for ngettext
    result: str


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[Lookup]]:
    """Start recording the lookups made in a language; returns what was recorded."""
    recorded: list[Lookup] = []

    def start(language: str) -> list[Lookup]:
        # The object LocaleMiddleware activates for ``language``: Django keeps one per language.
        translation = trans_real.translation(language)
        gettext, ngettext = translation.gettext, translation.ngettext

        def recording_gettext(message: str) -> str:
            result = gettext(message)
            recorded.append(Lookup((message,), result))
            return result

        def recording_ngettext(singular: str, plural: str, number: int) -> str:
            result = ngettext(singular, plural, number)
            recorded.append(Lookup((singular, plural), result))
            return result

        # pgettext and npgettext look the message up through these two, with its context.
        monkeypatch.setattr(translation, "gettext", recording_gettext)
        monkeypatch.setattr(translation, "ngettext", recording_ngettext)
        return recorded

    return start


@pytest.fixture
def journalist(db: None) -> User:
    return UserFactory.create(username="dana", preferred_language="ru")


@pytest.fixture
def submitted_request(journalist: User, settings: Settings) -> InformationRequest:
    """A published request sent yesterday: it has a running deadline and offers the next actions."""
    settings.PUBLIC_BODY_MIN_REQUESTS = 1  # so the body page shows its figures as well
    now = timezone.now()
    information_request = make_request(
        requester=journalist,
        rule_ids=("KZ.ATI.11.response", "KZ.MEDIA.36.response"),
        created_at=now - timedelta(days=2),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=now - timedelta(days=1),
        recorded_by=journalist,
        data={"channel": "email"},
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=Visibility.PUBLIC
    )
    information_request.refresh_from_db()
    assert information_request.deadlines.exists()
    return information_request


def untranslated_lookups(language: str, recorded: list[Lookup]) -> list[str]:
    """Our messages that have no usable translation, or came back in English."""
    ours = catalogue(language)
    problems = []
    for lookup in recorded:
        entry = ours.get(lookup.messages[0])
        if entry is None:
            continue  # Django's or a library's message
        if entry.fuzzy or not entry.translated():
            problems.append(f"{lookup.messages[0]!r}: no translation in {po_path(language)}")
        elif lookup.result in lookup.messages and entry.msgid not in SAME_IN_EVERY_LANGUAGE:
            problems.append(f"{lookup.messages[0]!r}: shown untranslated as {lookup.result!r}")
    return sorted(set(problems))


def check_page(
    client: Client,
    path: str,
    language: str,
    lookups: Callable[[str], list[Lookup]],
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    recorded = lookups(language)

    response = client.get(path)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    ours = [lookup for lookup in recorded if lookup.messages[0] in catalogue(language)]
    assert ours, "the page looked up none of our messages: is the recorder in place?"
    assert untranslated_lookups(language, recorded) == []
    text = visible_text(response.content.decode())
    assert sorted(phrase for phrase in foreign_phrases(language) if phrase in text) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_is_entirely_in_the_visitors_language(
    client: Client,
    submitted_request: InformationRequest,
    lookups: Callable[[str], list[Lookup]],
    path: str,
    language: str,
) -> None:
    check_page(client, path.format(pk=submitted_request.pk), language, lookups)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_a_signed_in_page_is_entirely_in_the_journalists_language(
    client: Client,
    journalist: User,
    submitted_request: InformationRequest,
    lookups: Callable[[str], list[Lookup]],
    path: str,
    language: str,
) -> None:
    client.force_login(journalist)

    check_page(client, path.format(pk=submitted_request.pk), language, lookups)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_catalogue_has_no_fuzzy_and_no_empty_translations(language: str) -> None:
    entries = polib.pofile(str(po_path(language)), wrapwidth=0)

    assert [entry.msgid for entry in entries.fuzzy_entries()] == []
    assert [entry.msgid for entry in entries.untranslated_entries()] == []
    assert len(entries.translated_entries()) > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_po_file(language: str) -> None:
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `python manage.py compile_catalogues`"
    compiled = {(entry.msgctxt, entry.msgid) for entry in polib.mofile(str(mo_path)) if entry.msgid}
    source = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(po_path(language))).translated_entries()
    }

    assert compiled == source, "run `python manage.py compile_catalogues`"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The sources makemessages reads, copied, so that it writes nothing into the project."""
    copy = tmp_path / "project"
    copy.mkdir()
    skipped = {"locale", "static", "node_modules", *MAKEMESSAGES_IGNORED}
    for item in PROJECT_DIR.iterdir():
        if item.name.startswith(".") or item.name in skipped:
            continue
        if item.is_dir():
            shutil.copytree(item, copy / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, copy / item.name)
    return copy


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge")),
    reason="makemessages needs GNU gettext (xgettext, msguniq, msgmerge), which is not installed",
)
def test_the_catalogues_hold_every_message_that_makemessages_finds(
    project_copy: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.LOCALE_PATHS = [project_copy / "locale"]
    monkeypatch.chdir(project_copy)

    call_command(
        "makemessages",
        locale=["ru"],
        ignore_patterns=MAKEMESSAGES_IGNORED,
        keep_pot=True,
        verbosity=0,
    )

    found = polib.pofile(str(project_copy / "locale" / "django.pot"))
    for language in LANGUAGES:
        missing = [entry.msgid for entry in found if key(entry) not in catalogue(language)]
        assert missing == [], (
            f"{po_path(language)} lacks these messages: run makemessages (README), translate them"
        )


def test_the_recorder_sees_lookups_through_every_gettext_function(
    lookups: Callable[[str], list[Lookup]],
) -> None:
    """A guard for the page tests: if Django changed how it looks messages up, they would pass
    while checking nothing."""
    from django.utils import translation

    recorded = lookups("ru")
    with translation.override("ru"):
        translation.gettext("Sign in")
        translation.ngettext("%(days)s day left", "%(days)s days left", 3)
        translation.pgettext("a context", "Sign in")
        str(translation.gettext_lazy("Sign out"))
    keys = [lookup.messages[0] for lookup in recorded]

    assert keys == [
        "Sign in",
        "%(days)s day left",
        f"a context{CONTEXT_SEPARATOR}Sign in",
        "Sign out",
    ]
    assert recorded[0].result == "Войти"
