"""Privacy before publishing: the open data shows a violation's public description, never the
internal one, and publishing is refused while the public text names a victim who has not agreed
to be named or the requester of the linked request, with the words shown."""

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation
from requests_tracker.monitoring.services import publish_violation
from tests.factories import make_ngo_staff, make_request

pytestmark = pytest.mark.django_db

ENGLISH_REFUSAL = (
    "The public text names a victim who has not agreed to be named, or the requester of the "
    "linked request: {words}. Remove these words before publishing."
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def staff(db: None) -> User:
    return make_ngo_staff()


def claim(**fields: object) -> Violation:
    """Aydasheva's claim against the ratel.kz correspondent (February 2018), verified."""
    values: dict[str, object] = {
        "block": Block.C,
        "category": Category.HONOUR_AND_DIGNITY_CLAIM,
        "occurred_on": date(2018, 2, 26),
        "victim_name": "Жамиля Маричева",
        "victim_outlet": "ratel.kz",
        "description": "Иск Асель Айдашевой к Жамиле Маричевой: 1,5 млн тенге",
        "public_description": "Иск к корреспонденту ratel.kz: 1,5 млн тенге морального вреда",
        "review_state": ReviewState.VERIFIED,
    }
    values.update(fields)
    return Violation.objects.create(**values)


def state(violation: Violation) -> str:
    violation.refresh_from_db()
    return violation.review_state


def test_a_public_description_naming_a_victim_without_consent_is_refused_with_the_words(
    staff: User,
) -> None:
    named = claim(public_description="Маричева (ratel.kz) ответит за фото; МАРИЧЕВА не согласна")

    with pytest.raises(DomainError) as refused:
        publish_violation(violation=named, user=staff)

    # The word as the text spells it, each once, in the order it first stands.
    assert str(refused.value) == ENGLISH_REFUSAL.format(words="“Маричева”, “МАРИЧЕВА”")
    assert state(named) == ReviewState.VERIFIED


@pytest.mark.parametrize(
    "form",
    # Russian cases and Kazakh endings of "Маричева", and "ё" for "е".
    ["Маричевой", "Маричеву", "маричевою", "Маричеваға", "Маричеваның", "МАРИЧЁВА"],
)
def test_an_inflected_form_of_a_long_name_is_found(staff: User, form: str) -> None:
    named = claim(public_description=f"Иск к {form} из ratel.kz")

    with pytest.raises(DomainError) as refused:
        publish_violation(violation=named, user=staff)

    assert str(refused.value) == ENGLISH_REFUSAL.format(words=f"“{form}”")


@pytest.mark.parametrize(
    ("victim_name", "text"),
    [
        ("Дана Цой", "Данные о задержании не предоставлены"),  # a short name: itself only
        ("Жамиля Маричева", "по Маричевскому району"),  # runs on for more than four letters
    ],
)
def test_a_word_that_only_resembles_a_name_is_published(
    staff: User, victim_name: str, text: str
) -> None:
    violation = claim(victim_name=victim_name, public_description=text)

    publish_violation(violation=violation, user=staff)

    assert state(violation) == ReviewState.PUBLISHED


def test_the_first_name_alone_is_a_name_too(staff: User) -> None:
    named = claim(public_description="Журналист Жамиля получила иск")

    with pytest.raises(DomainError) as refused:
        publish_violation(violation=named, user=staff)

    assert str(refused.value) == ENGLISH_REFUSAL.format(words="“Жамиля”")


def test_with_the_victims_consent_the_name_is_published(staff: User) -> None:
    named = claim(public_description="Иск к Жамиле Маричевой", victim_consents_to_publication=True)

    publish_violation(violation=named, user=staff)

    assert state(named) == ReviewState.PUBLISHED


def test_a_public_text_without_the_names_is_published_though_the_internal_one_names_them(
    staff: User,
) -> None:
    unnamed = claim()

    publish_violation(violation=unnamed, user=staff)

    assert state(unnamed) == ReviewState.PUBLISHED


def test_the_legal_ground_cited_is_public_text_as_well(staff: User) -> None:
    named = claim(legal_ground_cited="Ст. 145 ГК, иск Маричевой")

    with pytest.raises(DomainError, match="“Маричевой”"):
        publish_violation(violation=named, user=staff)


def test_the_requesters_names_and_email_are_refused_and_shown(staff: User) -> None:
    requester = User.objects.create(
        username="aigerim", first_name="Айгерим", last_name="Сапарова", email="aigerim@example.org"
    )
    information_request = make_request(requester=requester)
    silence = claim(
        block=Block.B,
        category=Category.SILENCE,
        information_request=information_request,
        victim_name="",
        public_description="Запрос Айгерим Сапаровой (aigerim@example.org) остался без ответа",
    )

    with pytest.raises(DomainError) as refused:
        publish_violation(violation=silence, user=staff)

    assert str(refused.value) == ENGLISH_REFUSAL.format(
        words="“Айгерим”, “Сапаровой”, “aigerim@example.org”"
    )
    assert state(silence) == ReviewState.VERIFIED


def test_the_refusal_is_worded_in_russian_and_kazakh(staff: User) -> None:
    named = claim(public_description="Маричева")

    for language, opening in (
        ("ru", "Публичный текст называет"),
        ("kk", "Жария мәтінде"),
    ):
        with translation.override(language), pytest.raises(DomainError) as refused:
            publish_violation(violation=named, user=staff)
        assert str(refused.value).startswith(opening)
        assert "“Маричева”" in str(refused.value)


def test_the_open_data_shows_the_public_description_never_the_internal_one(
    staff: User, client: Client
) -> None:
    published = claim()
    publish_violation(violation=published, user=staff)

    api = client.get(f"/api/v1/violations/{published.pk}/").json()
    [row] = csv.DictReader(io.StringIO(client.get("/open-data/violations.csv").getvalue().decode()))

    public = "Иск к корреспонденту ratel.kz: 1,5 млн тенге морального вреда"
    assert (api["description"], row["description"]) == (public, public)
    assert "Айдашев" not in str(api) + str(row)
