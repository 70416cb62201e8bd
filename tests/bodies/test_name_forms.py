"""The genitive and dative of body names: generated once into the directory file, loaded from it."""

from pathlib import Path

import pytest
import yaml

from requests_tracker.bodies.management.commands.inflect_body_names import (
    inflect_file,
    kazakh_form,
)
from requests_tracker.bodies.models import PublicBody
from requests_tracker.bodies.services import DATA_DIR

# Kazakh: the final sound and vowel harmony pick the ending; a final -ы/-і is the possessive.
KAZAKH = [
    ("Абай облысының Полиция департаменті", "genitive", "Абай облысының Полиция департаментінің"),
    ("Абай облысының Полиция департаменті", "dative", "Абай облысының Полиция департаментіне"),
    ("Алматы қаласының Білім басқармасы", "genitive", "Алматы қаласының Білім басқармасының"),
    ("Алматы қаласының Білім басқармасы", "dative", "Алматы қаласының Білім басқармасына"),
    ("Адам құқықтары жөніндегі уәкіл", "genitive", "Адам құқықтары жөніндегі уәкілдің"),
    ("Адам құқықтары жөніндегі уәкіл", "dative", "Адам құқықтары жөніндегі уәкілге"),
    ("Жоғарғы Сот", "genitive", "Жоғарғы Соттың"),
    ("Жоғарғы Сот", "dative", "Жоғарғы Сотқа"),
    ("Мектеп", "genitive", "Мектептің"),
    ("Мектеп", "dative", "Мектепке"),
    ("Қала", "genitive", "Қаланың"),
    ("Қала", "dative", "Қалаға"),
    ("Кеңес", "genitive", "Кеңестің"),
    ("Кеңес", "dative", "Кеңеске"),
    ("Құрылтай", "genitive", "Құрылтайдың"),
    ("Құрылтай", "dative", "Құрылтайға"),
    ("Адам", "genitive", "Адамның"),
    ("Әкім", "genitive", "Әкімнің"),
    ("«Қазпошта» АҚ", "genitive", "«Қазпошта» АҚ-тың"),
    ("«Қазпошта» АҚ", "dative", "«Қазпошта» АҚ-қа"),
    ("Бірдеңе агенттігі (Қызмет)", "genitive", "Бірдеңе агенттігінің (Қызмет)"),
]


@pytest.mark.parametrize(("name", "case", "expected"), KAZAKH)
def test_a_kazakh_name_takes_the_ending_its_last_sound_asks_for(
    name: str, case: str, expected: str
) -> None:
    assert kazakh_form(name, case) == expected


def test_the_generator_inflects_the_head_noun_phrase_and_keeps_hand_corrections(
    tmp_path: Path,
) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text(
        "bodies:\n"
        '  - slug: "police"\n'
        "    name:\n"
        '      ru: "Департамент полиции города Алматы"\n'
        '      kk: "Алматы қаласының Полиция департаменті"\n'
        '      en: "Police Department of Almaty"\n'
        '  - slug: "gpo"\n'
        "    name:\n"
        '      ru: "Генеральная прокуратура Республики Казахстан"\n'
        '      kk: "Қазақстан Республикасының Бас прокуратурасы"\n'
        '      en: "Prosecutor General\'s Office"\n'
        "    name_forms:\n"
        '      ru_genitive: "corrected by hand"\n'
        '      ru_dative: "corrected by hand"\n'
        '      kk_genitive: "corrected by hand"\n'
        '      kk_dative: "corrected by hand"\n',
        encoding="utf-8",
    )

    assert inflect_file(path, overwrite=False) == 1

    bodies = yaml.safe_load(path.read_text(encoding="utf-8"))["bodies"]
    assert bodies[0]["name_forms"] == {
        "ru_genitive": "Департамента полиции города Алматы",
        "ru_dative": "Департаменту полиции города Алматы",
        "kk_genitive": "Алматы қаласының Полиция департаментінің",
        "kk_dative": "Алматы қаласының Полиция департаментіне",
    }
    assert bodies[1]["name_forms"]["ru_genitive"] == "corrected by hand"

    assert inflect_file(path, overwrite=True) == 2
    bodies = yaml.safe_load(path.read_text(encoding="utf-8"))["bodies"]
    assert bodies[1]["name_forms"] == {
        "ru_genitive": "Генеральной прокуратуры Республики Казахстан",
        "ru_dative": "Генеральной прокуратуре Республики Казахстан",
        "kk_genitive": "Қазақстан Республикасының Бас прокуратурасының",
        "kk_dative": "Қазақстан Республикасының Бас прокуратурасына",
    }


def test_every_body_in_the_directory_file_states_its_four_forms() -> None:
    data = yaml.safe_load((DATA_DIR / "kz_directory.yaml").read_text(encoding="utf-8"))
    incomplete = [
        row["slug"]
        for row in data["bodies"]
        if sorted((row.get("name_forms") or {}).items())
        != sorted((key, value) for key, value in row["name_forms"].items() if value)
        or len(row["name_forms"]) != 4
    ]
    assert incomplete == []
    assert len(data["bodies"]) == 188


@pytest.mark.django_db
def test_the_loaded_directory_holds_the_forms() -> None:
    police = PublicBody.objects.get(slug="police-kz-75")
    assert police.name_ru == "Департамент полиции города Алматы"
    assert police.name_ru_genitive == "Департамента полиции города Алматы"
    assert police.name_ru_dative == "Департаменту полиции города Алматы"
    assert police.name_kk_genitive == "Алматы қаласының Полиция департаментінің"
    assert police.name_kk_dative == "Алматы қаласының Полиция департаментіне"
    assert not PublicBody.objects.filter(name_ru_genitive="").exists()
    assert not PublicBody.objects.filter(name_kk_genitive="").exists()


@pytest.mark.django_db
def test_a_hand_correction_in_the_file_is_what_the_directory_holds() -> None:
    # pymorphy3 reads "Высшая" as the superlative of "высокий" ("Высочайшей"): fixed in the file.
    chamber = PublicBody.objects.get(name_ru="Высшая аудиторская палата Республики Казахстан")
    assert chamber.name_ru_genitive == "Высшей аудиторской палаты Республики Казахстан"
    assert chamber.name_ru_dative == "Высшей аудиторской палате Республики Казахстан"
