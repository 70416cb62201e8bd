"""The requester's personal data is taken out of a text, each occurrence replaced by a marker.

Every expected string below is written out by hand from the input.
"""

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.redaction import (
    PersonalData,
    PersonName,
    has_personal_data,
    redact,
)

X = "[X]"


@pytest.fixture(autouse=True)
def reply_addresses(settings: SettingsWrapper) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"


def anna(**overrides: object) -> PersonalData:
    """Анна Сергеевна Иванова, who writes from 050000, г. Алматы, ул. Абая, 10, кв. 5."""
    values: dict[str, object] = {
        "name": PersonName(surname="Иванова", given="Анна", patronymic="Сергеевна"),
        "emails": ("anna.ivanova@example.org",),
        "phones": ("+7 701 234 56 78",),
        "addresses": ("050000, г. Алматы, ул. Абая, 10, кв. 5",),
    }
    values.update(overrides)
    return PersonalData(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the full name, in the official order and in the everyday one
        ("Заявитель: Иванова Анна Сергеевна.", "Заявитель: [X]."),
        ("Анна Сергеевна Иванова просит сообщить", "[X] просит сообщить"),
        # surname and initials, before and after, with and without spaces
        ("Ответ подготовлен для А. С. Ивановой.", "Ответ подготовлен для [X]."),
        ("Направляем Ивановой А.С. ответ", "Направляем [X] ответ"),
        ("Иванова А. С., журналист", "[X], журналист"),
        ("копия: А.С.Иванова", "копия: [X]"),
        # Russian case endings of the surname, alone and with the first name and patronymic
        ("по обращению Ивановой Анны Сергеевны", "по обращению [X]"),
        ("беседа с Ивановой", "беседа с [X]"),
        ("Уважаемая Анна Сергеевна!", "Уважаемая [X]!"),
        # Kazakh suffixes after the name
        ("Иванова Аннаға жауап берілді", "[X] жауап берілді"),
        ("Иванованың өтініші", "[X] өтініші"),
        # in Latin letters, as a passport or an English text writes it
        ("Applicant: IVANOVA ANNA", "Applicant: [X]"),
        ("Ivanova A.S., tel.", "[X], tel."),
        ("Dear Anna Sergeevna,", "Dear [X],"),
        # kept: the first name alone, other words that begin like the surname, a lower-case word
        ("Анна из отдела кадров", "Анна из отдела кадров"),
        ("село Ивановка", "село Ивановка"),
    ],
)
def test_the_requesters_name_is_removed_in_the_forms_russian_and_kazakh_texts_write_it(
    text: str, expected: str
) -> None:
    assert redact(text, anna(), marker=X) == expected


def test_the_name_stays_when_the_requester_chose_to_show_it_but_the_rest_goes() -> None:
    # given: Анна chose to show her name
    personal = anna(show_name=True)

    # when
    text = redact("Иванова А.С., тел. 87012345678", personal, marker=X)

    # then
    assert text == "Иванова А.С., тел. [X]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("тел.: +7 701 234 56 78", "тел.: [X]"),
        ("звоните 8 (701) 234-56-78.", "звоните [X]."),
        ("моб. 87012345678", "моб. [X]"),
        ("WhatsApp +77012345678", "WhatsApp [X]"),
        ("8-727-272-12-34 приёмная", "[X] приёмная"),  # any Kazakh number, not only hers
        ("исполнитель: тел. 8 (7172) 71-23-45", "исполнитель: тел. [X]"),  # a four-digit code
        # her own number, however it is written
        ("номер 701 234 5678", "номер [X]"),
        ("домашний 234-56-78", "домашний [X]"),
        # kept: amounts, dates, a registration number
        (
            "сумма 1 234 567 тенге, 20.03.2026, № 3Т-12/345",
            "сумма 1 234 567 тенге, 20.03.2026, № 3Т-12/345",
        ),
    ],
)
def test_phone_numbers_are_removed_in_the_kazakh_formats(text: str, expected: str) -> None:
    assert redact(text, anna(), marker=X) == expected


def test_her_email_addresses_and_every_reply_address_are_removed_but_the_bodys_stays() -> None:
    # given
    text = (
        "Пишите на Anna.Ivanova@example.org или reply+42-0a1b2c3d4e@tracker.example.org; "
        "канцелярия: kense@police.gov.kz"
    )

    # when
    redacted = redact(text, anna(), marker=X)

    # then
    assert redacted == "Пишите на [X] или [X]; канцелярия: kense@police.gov.kz"


def test_any_iin_is_removed_hers_or_anyone_elses() -> None:
    text = "ИИН заявителя 900101400123, ИИН свидетеля 850505300456; БИН 12 цифр нет: 12345678901"

    assert redact(text, anna(), marker=X) == (
        "ИИН заявителя [X], ИИН свидетеля [X]; БИН 12 цифр нет: 12345678901"
    )


def test_the_postal_address_given_in_her_letters_is_removed_however_it_is_spaced() -> None:
    # given: the address as her letter gives it, on two lines and with other spacing in a reply
    text = "Адрес заявителя:\n050000, г. Алматы,\nул. Абая, 10, кв. 5\nдокумент направлен"

    # when
    redacted = redact(text, anna(), marker=X)

    # then
    assert redacted == "Адрес заявителя:\n[X]\nдокумент направлен"


def test_a_name_read_from_a_profile_keeps_the_patronymic_with_the_first_name() -> None:
    assert PersonName.of(first_name="Анна Сергеевна", last_name="Иванова") == PersonName(
        surname="Иванова", given="Анна", patronymic="Сергеевна"
    )
    assert PersonName.of(first_name="Иванова Анна Сергеевна", last_name="") == PersonName(
        surname="Иванова", given="Анна", patronymic="Сергеевна"
    )
    assert PersonName.of(first_name="", last_name="") is None


def test_a_text_without_her_data_has_none_and_one_with_it_has_some() -> None:
    assert not has_personal_data("Статистика обращений за 2026 год прилагается.", anna())
    assert has_personal_data("Ответ для Ивановой", anna())


def test_her_login_is_removed_where_a_letter_gave_it_for_her_name() -> None:
    # given: a letter written before her profile had a name
    personal = anna(aliases=("anna_iv",))

    # when
    text = redact("Заявитель: anna_iv\nОтвет направить: anna_iv@example.org", personal, marker=X)

    # then: the login goes; an address that merely begins with it is another's
    assert text == "Заявитель: [X]\nОтвет направить: anna_iv@example.org"
