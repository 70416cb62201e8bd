"""What the readings of a reply suggest: the kind and each value from the first text that has
it (the files before the message), every ground cited, and the sentence each was read in."""

import pytest

from requests_tracker.reading.detection import Detection, Ground
from requests_tracker.reading.suggestions import Reading, suggest_from
from tests.reading.readings import REFUSAL_RU, found

REFUSAL_SENTENCE = "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано."


def refusal(text: str = REFUSAL_RU) -> Detection:
    return Detection(
        kind="refused",
        kind_found=found(text, "отказано", sentence=REFUSAL_SENTENCE),
        grounds=(
            Ground(
                code="cpc_201",
                label="ст. 201 УПК РК",
                found=found(text, "статьёй 201 УПК РК", sentence=REFUSAL_SENTENCE),
            ),
        ),
        language="ru",
    )


def test_a_refusal_read_in_the_attached_letter_names_its_ground_and_sentence() -> None:
    # given: the letter (file 7) refuses citing CPC Art. 201; the message says nothing
    readings = [
        Reading(file_id=7, text=REFUSAL_RU, detection=refusal()),
        Reading(file_id=None, text="Ответ во вложении.", detection=Detection()),
    ]

    # when
    suggested = suggest_from(readings)

    # then: offsets within the sentence, counted by hand ("В соответствии со " is 18 letters)
    assert (suggested.kind, suggested.language) == ("refused", "ru")
    assert suggested.values == {"ground": "ст. 201 УПК РК", "ground_codes": ["cpc_201"]}
    assert suggested.sources == {
        "kind": [{"file": 7, "sentence": REFUSAL_SENTENCE, "start": 65, "end": 73}],
        "ground": [{"file": 7, "sentence": REFUSAL_SENTENCE, "start": 18, "end": 36}],
    }


def test_the_letter_decides_the_kind_before_the_message() -> None:
    # given: the message reads as an answer, the attached letter as a refusal
    message = "Ответ на Ваш запрос направлен."
    answer = Detection(
        kind="answered", kind_found=found(message, "Ответ", sentence=message), language="ru"
    )
    readings = [
        Reading(file_id=3, text=REFUSAL_RU, detection=refusal()),
        Reading(file_id=None, text=message, detection=answer),
    ]

    # then
    assert suggest_from(readings).kind == "refused"


def test_grounds_cited_in_two_texts_are_both_kept_once_each() -> None:
    # given: the letter cites CPC Art. 201; the message cites it again and "for official use"
    message = "Материалы отнесены к сведениям для служебного пользования, ст. 201 УПК РК."
    in_message = Detection(
        grounds=(
            Ground(
                code="official_use",
                label="для служебного пользования",
                found=found(message, "для служебного пользования", sentence=message),
            ),
            Ground(
                code="cpc_201",
                label="ст. 201 УПК РК",
                found=found(message, "ст. 201 УПК РК", sentence=message),
            ),
        ),
        language="ru",
    )
    readings = [
        Reading(file_id=7, text=REFUSAL_RU, detection=refusal()),
        Reading(file_id=None, text=message, detection=in_message),
    ]

    # when
    suggested = suggest_from(readings)

    # then: CPC Art. 201 once (from the letter), then the message's own ground
    assert suggested.values == {
        "ground": "ст. 201 УПК РК; для служебного пользования",
        "ground_codes": ["cpc_201", "official_use"],
    }
    assert [(source["file"], source["start"]) for source in suggested.sources["ground"]] == [
        (7, 18),
        (None, 31),
    ]


def test_a_registration_keeps_its_number_and_date_as_read() -> None:
    # given
    text = "Ваше обращение зарегистрировано 05.03.2026 за № ЖТ-2026-01234."
    detection = Detection(
        kind="registered",
        kind_found=found(text, "зарегистрировано", sentence=text),
        registration_number=found(text, "ЖТ-2026-01234", sentence=text),
        registration_date=found(text, "05.03.2026", sentence=text, value="2026-03-05"),
        language="ru",
    )

    # when
    suggested = suggest_from([Reading(file_id=None, text=text, detection=detection)])

    # then
    assert suggested.values == {
        "registration_number": "ЖТ-2026-01234",
        "registered_on": "2026-03-05",
    }
    assert suggested.sources["registration_number"] == [
        {"file": None, "sentence": text, "start": 48, "end": 61}
    ]
    assert suggested.sources["registered_on"] == [
        {"file": None, "sentence": text, "start": 32, "end": 42}
    ]


def test_nothing_recognised_suggests_nothing() -> None:
    suggested = suggest_from([Reading(file_id=None, text="Добрый день.", detection=Detection())])

    assert (suggested.kind, suggested.values, suggested.sources) == ("", {}, {})


def test_a_sentence_longer_than_400_letters_is_cut_around_its_match() -> None:
    # given: an OCR'd table with no full stop: 1000 letters, the ground at 600-614
    text = "x" * 600 + "ст. 201 УПК РК" + "y" * 386
    detection = Detection(
        kind="refused",
        grounds=(
            Ground(
                code="cpc_201",
                label="ст. 201 УПК РК",
                found=found(text, "ст. 201 УПК РК", sentence=text),
            ),
        ),
    )

    # when
    (source,) = suggest_from([Reading(file_id=1, text=text, detection=detection)]).sources["ground"]

    # then: 400 letters, the match in the middle: 193 before it (386 // 2), 193 after
    assert len(source["sentence"]) == 400
    assert (source["start"], source["end"]) == (193, 207)
    assert source["sentence"][193:207] == "ст. 201 УПК РК"


@pytest.mark.django_db
def test_a_forwarding_names_the_body_found_in_the_directory() -> None:
    # given
    text = "Ваш запрос направлен по компетенции в Департамент полиции города Алматы."
    detection = Detection(
        kind="forwarded",
        forwarded_to=found(text, "Департамент полиции города Алматы", sentence=text),
        language="ru",
    )

    # when
    suggested = suggest_from([Reading(file_id=None, text=text, detection=detection)])

    # then
    assert suggested.values == {
        "to_body_name": "Департамент полиции города Алматы",
        "to_body": "police-kz-75",
    }
