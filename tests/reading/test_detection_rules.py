"""Each form of issue 19 that the rules must read, in Russian and Kazakh, with the value found and
its offsets (match and sentence) worked out by hand; the OCR noise Tesseract puts in these
letters; impossible dates; and the loader's checks of the rules files."""

import shutil
from pathlib import Path

import pytest

from requests_tracker.reading.detection import Found, detect
from requests_tracker.reading.detection.rules import RULES_DIRECTORY, RulesError, load_rules


def test_an_outgoing_number_and_its_date_are_found_where_they_stand() -> None:
    # given: "3Т-Ж-123" at 7..15, "05.03.2026" at 19..29, one sentence of 29 characters
    text = "Исх. № 3Т-Ж-123 от 05.03.2026"

    # when
    detection = detect(text)

    # then
    assert detection.registration_number == Found("3Т-Ж-123", 7, 15, 0, 29)
    assert detection.registration_date == Found("2026-03-05", 19, 29, 0, 29)
    assert detection.language == "ru"


def test_an_e_otinish_number_stands_alone_and_the_letter_is_a_registration() -> None:
    text = "Ваше обращение № ЖТ-2026-01234 принято к рассмотрению."

    detection = detect(text)

    assert detection.registration_number == Found("ЖТ-2026-01234", 17, 30, 0, 54)
    assert detection.registration_date is None
    assert detection.kind == "registered"
    assert detection.kind_found == Found("принято к рассмотрению", 31, 53, 0, 54)


def test_an_incoming_number_is_the_registration() -> None:
    text = "Ваш запрос зарегистрирован: вх. № 1-12/345 от 03.03.2026."

    detection = detect(text)

    assert detection.registration_number == Found("1-12/345", 34, 42, 0, 57)
    assert detection.registration_date == Found("2026-03-03", 46, 56, 0, 57)


def test_the_registration_of_the_request_wins_over_the_outgoing_number_of_the_letter() -> None:
    # given: the letter's own number first, the request's registration in the next sentence
    text = (
        "Исх. № 3Т-Ж-123 от 05.03.2026\n\n"
        "Ваш запрос от 01.03.2026 зарегистрирован за № ЖТ-2026-01234 от 02.03.2026."
    )

    detection = detect(text)

    # then: the number the body gave the request; the request's own date (01.03) is not taken
    assert detection.registration_number == Found("ЖТ-2026-01234", 77, 90, 31, 105)
    assert detection.registration_date == Found("2026-03-02", 94, 104, 31, 105)


def test_a_kazakh_registration_number_is_named_with_its_date() -> None:
    text = "Тіркеу нөмірі: ЖТ-2026-05702, 10.04.2026."

    detection = detect(text)

    assert detection.registration_number == Found("ЖТ-2026-05702", 15, 28, 0, 41)
    assert detection.registration_date == Found("2026-04-10", 30, 40, 0, 41)
    assert (detection.kind, detection.language) == ("registered", "kk")


def test_a_kazakh_outgoing_number_and_date() -> None:
    text = "Шығ. № 3Т-Ж-124, 05.03.2026 ж."

    detection = detect(text)

    assert detection.registration_number == Found("3Т-Ж-124", 7, 15, 0, 30)
    assert detection.registration_date == Found("2026-03-05", 17, 27, 0, 30)


def test_a_kazakh_request_registered_on_a_date_under_a_number() -> None:
    # given: the request's date (2 наурыз) comes first; the registration's (3 наурыз) is taken
    text = (
        "Сіздің 2026 жылғы 2 наурыздағы сұрауыңыз "
        "2026 жылғы 3 наурызда № ЖТ-2026-01301 болып тіркелді."
    )

    detection = detect(text)

    assert detection.registration_number == Found("ЖТ-2026-01301", 65, 78, 0, 94)
    assert detection.registration_date == Found("2026-03-03", 41, 62, 0, 94)
    assert detection.kind == "registered"


@pytest.mark.parametrize(
    ("text", "iso", "start", "end"),
    [
        ("Исх. № 12 от 05.03.2026", "2026-03-05", 13, 23),
        ("Исх. № 12 от 5 марта 2026 г.", "2026-03-05", 13, 25),
        ("Исх. № 12 от «05» марта 2026 года", "2026-03-05", 13, 28),
        ("Исх. № 12 от 1 декабря 2025 г.", "2025-12-01", 13, 27),
        ("Шығ. № 12, 05 наурыз 2026 ж.", "2026-03-05", 11, 25),
        ("2026 жылғы 5 наурыздағы № 12", "2026-03-05", 0, 23),
        ("2026 ж. «24» сәуір № 12", "2026-04-24", 0, 18),
        ("«24» апреля 2026 г. № 12", "2026-04-24", 0, 16),
    ],
)
def test_every_date_form_reads_as_iso(text: str, iso: str, start: int, end: int) -> None:
    detection = detect(text)

    assert detection.registration_number is not None
    assert detection.registration_number.value == "12"
    assert detection.registration_date == Found(iso, start, end, 0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "Исх. № 12 от 31.02.2026",
        "Исх. № 12 от 30 февраля 2026 г.",
        "Исх. № 12 от 05.13.2026",
        "Шығ. № 12, 31.04.2026 ж.",
    ],
)
def test_an_impossible_date_is_no_date(text: str) -> None:
    detection = detect(text)

    assert detection.registration_number is not None
    assert detection.registration_number.value == "12"
    assert detection.registration_date is None


def test_an_extension_gives_its_new_date() -> None:
    text = "Срок рассмотрения Вашего запроса продлён до 20.03.2026."

    detection = detect(text)

    assert detection.kind == "extended"
    assert detection.new_due_date == Found("2026-03-20", 44, 54, 0, 55)


def test_an_extension_to_an_impossible_date_gives_no_date() -> None:
    detection = detect("Срок рассмотрения Вашего запроса продлён до 31.02.2026.")

    assert detection.kind == "extended"
    assert detection.new_due_date is None


def test_a_kazakh_extension_gives_its_new_date_in_the_dative() -> None:
    text = "Сұрауыңызды қарау мерзімі 2026 жылғы 20 наурызға дейін ұзартылды."

    detection = detect(text)

    assert detection.kind == "extended"
    assert detection.new_due_date == Found("2026-03-20", 26, 48, 0, 65)
    assert detection.kind_found == Found("ұзартылды", 55, 64, 0, 65)


def test_a_forwarding_names_the_body_as_written() -> None:
    text = "Ваш запрос направлен по компетенции в Прокуратуру города Алматы для рассмотрения."

    detection = detect(text)

    assert detection.kind == "forwarded"
    assert detection.forwarded_to == Found("Прокуратуру города Алматы", 38, 63, 0, 81)


def test_a_kazakh_forwarding_names_the_body_as_written() -> None:
    text = "Сіздің сұрауыңыз құзыретіне сәйкес Алматы қаласының прокуратурасына жіберілді."

    detection = detect(text)

    assert detection.kind == "forwarded"
    assert detection.forwarded_to == Found("Алматы қаласының прокуратурасына", 35, 67, 0, 78)


@pytest.mark.parametrize(
    ("text", "code", "label", "start", "end"),
    [
        (
            "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано.",
            "cpc_201",
            "ст. 201 УПК РК",
            18,
            33,
        ),
        ("Отказано на основании ст. 201 УПК РК.", "cpc_201", "ст. 201 УПК РК", 22, 33),
        (
            "ҚР ҚПК 201-бабына сәйкес ақпарат беруден бас тартылады.",
            "cpc_201",
            "ҚР ҚПК 201-бабы",
            3,
            17,
        ),
        (
            "Документы имеют гриф «Для служебного пользования», в их предоставлении отказано.",
            "official_use",
            "для служебного пользования (ДСП)",
            22,
            48,
        ),
        (
            "Документы с пометкой ДСП, в их предоставлении отказано.",
            "official_use",
            "для служебного пользования (ДСП)",
            21,
            24,
        ),
        (
            "Құжаттар қызметтік пайдалану үшін арналған, оларды ұсыну мүмкін емес.",
            "official_use",
            "қызметтік пайдалану үшін",
            9,
            33,
        ),
        (
            "Сведения отнесены к государственным секретам, в их предоставлении отказано.",
            "state_secrets",
            "государственные секреты",
            20,
            44,
        ),
        (
            "Мәліметтер мемлекеттік құпияларға жатады, беруден бас тартылады.",
            "state_secrets",
            "мемлекеттік құпиялар",
            11,
            33,
        ),
        (
            "Сведения содержат персональные данные, в их предоставлении отказано.",
            "personal_data",
            "персональные данные",
            18,
            37,
        ),
        (
            "Мәліметтерде дербес деректер бар, оларды ұсыну мүмкін емес.",
            "personal_data",
            "дербес деректер",
            13,
            28,
        ),
        (
            "Согласно ст. 17 Закона Республики Казахстан «О доступе к информации» отказано.",
            "ati_17_restricted",
            "ст. 17 Закона РК «О доступе к информации» (информация с ограниченным доступом)",
            9,
            67,
        ),
    ],
)
def test_each_ground_is_found_with_its_label_in_the_letters_language(
    text: str, code: str, label: str, start: int, end: int
) -> None:
    detection = detect(text)

    assert detection.kind == "refused"
    assert [(ground.code, ground.label) for ground in detection.grounds] == [(code, label)]
    assert (detection.grounds[0].found.start, detection.grounds[0].found.end) == (start, end)


def test_a_ground_names_its_law_and_article_from_the_rules_data() -> None:
    (ground,) = detect("ҚР ҚПК 201-бабына сәйкес ақпарат берілмейді.").grounds

    assert (ground.law, ground.article) == (
        "Уголовно-процессуальный кодекс Республики Казахстан от 4 июля 2014 года № 231-V",
        "201",
    )


def test_two_grounds_are_both_found_in_the_order_of_the_letter() -> None:
    text = (
        "Сведения в силу ст. 201 УПК РК разглашению не подлежат. Кроме того, документы имеют "
        "гриф «ДСП». В предоставлении информации отказано."
    )

    detection = detect(text)

    assert [ground.code for ground in detection.grounds] == ["cpc_201", "official_use"]


def test_investigation_secrecy_is_a_ground_only_when_art_201_is_not_cited() -> None:
    alone = detect("Сведения составляют тайну следствия. В предоставлении информации отказано.")
    with_article = detect(
        "Тайна следствия охраняется ст. 201 УПК РК. В предоставлении информации отказано."
    )

    assert [ground.code for ground in alone.grounds] == ["investigation_secrecy"]
    assert [ground.code for ground in with_article.grounds] == ["cpc_201"]


def test_a_refusal_citing_an_article_the_rules_do_not_name_gives_it_as_written() -> None:
    text = (
        "Отказано на основании пункта 2 статьи 5 Закона Республики Казахстан "
        "«О средствах массовой информации»."
    )

    detection = detect(text)

    assert [(ground.code, ground.label) for ground in detection.grounds] == [
        (
            "other",
            "пункта 2 статьи 5 Закона Республики Казахстан «О средствах массовой информации»",
        )
    ]


def test_a_refusal_with_no_ground_cites_none() -> None:
    detection = detect("Сообщаем, что в предоставлении запрашиваемой информации Вам отказано.")

    assert (detection.kind, detection.grounds) == ("refused", ())


def test_a_refusal_wins_over_the_answer_words_of_a_refusal_letter() -> None:
    text = "В ответ на Ваш запрос сообщаем, что в предоставлении информации отказано."

    detection = detect(text)

    assert detection.kind == "refused"
    assert detection.kind_found == Found("в предоставлении информации отказано", 36, 72, 0, 73)


def test_an_article_cited_in_an_answer_is_not_a_ground() -> None:
    text = (
        "В соответствии со ст. 11 Закона Республики Казахстан «О доступе к информации» "
        "на Ваш запрос сообщаем следующее. Персональные данные в ответе не приводятся."
    )

    detection = detect(text)

    assert (detection.kind, detection.grounds) == ("answered", ())


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Предоставляем информацию частично, в остальной части отказано.", "partially_answered"),
        ("Ақпаратты ішінара ұсынамыз, қалған бөлігі ұсынылмайды.", "partially_answered"),
        ("Просим Вас уточнить период, за который требуются сведения.", "clarification_requested"),
        ("Кезең мен өңірді нақтылауды сұраймыз.", "clarification_requested"),
        ("На Ваш запрос направляем запрашиваемую информацию.", "answered"),
        ("Сіздің сұрауыңызға мынаны хабарлаймыз.", "answered"),
        ("Сіздің сұрауыңызға ақпарат беруден бас тартылады.", "refused"),
        ("Ваш запрос перенаправлен в Министерство финансов по компетенции.", "forwarded"),
        ("Сұрауыңыз құзыреті бойынша Қаржы министрлігіне жолданды.", "forwarded"),
        ("Запрашиваемые сведения разглашению не подлежат.", "refused"),
        ("Информация предоставлена быть не может.", "refused"),
        ("Копии документов не могут быть предоставлены.", "refused"),
        ("Благодарим за обращение.", ""),
    ],
)
def test_the_kind_of_each_reply(text: str, kind: str) -> None:
    assert detect(text).kind == kind


def test_a_forwarding_to_a_named_body_reads_its_name_before_by_competence() -> None:
    detection = detect("Ваш запрос перенаправлен в Министерство финансов по компетенции.")

    assert detection.forwarded_to == Found("Министерство финансов", 27, 48, 0, 64)


# OCR noise seen on these letters: Cyrillic "З" for the digit 3, Latin look-alikes, "Ne" for "№",
# "КР" for "ҚР", line breaks and hyphenation inside a sentence, a hyphen split from its ending.


def test_a_number_read_with_cyrillic_z_and_latin_letters_is_the_number_the_letter_prints() -> None:
    # given: "Иcх" with a Latin c, "Ne" for №, "ЗТ" with a Cyrillic З, "оt" with a Latin t
    text = "Иcх. Ne ЗТ-Ж-123 оt 05.03.2026"

    detection = detect(text)

    assert detection.registration_number == Found("3Т-Ж-123", 8, 16, 0, 30)
    assert detection.registration_date == Found("2026-03-05", 20, 30, 0, 30)


def test_latin_look_alikes_in_a_cyrillic_number_are_read_as_cyrillic() -> None:
    detection = detect("Исх. No 3T-Ж-123 от 05.03.2026")  # Latin T

    assert detection.registration_number is not None
    assert detection.registration_number.value == "3Т-Ж-123"  # Cyrillic Т


def test_an_e_otinish_number_keeps_its_letter_z() -> None:
    detection = detect("Ваше обращение № ЗТ-2026-01234 принято к рассмотрению.")

    assert detection.registration_number is not None
    assert detection.registration_number.value == "ЗТ-2026-01234"


def test_kr_read_for_qr_still_cites_art_201() -> None:
    detection = detect("КР КПК 201-бабына сәйкес ақпарат берілмейді.")

    assert [(ground.code, ground.label) for ground in detection.grounds] == [
        ("cpc_201", "ҚР ҚПК 201-бабы")
    ]


def test_a_line_break_and_a_hyphenation_inside_a_sentence_are_read_through() -> None:
    # given: "прод-\nлён" broken at a line end, "до\n20.03.2026" on the next line
    text = "Срок рассмотрения прод-\nлён до\n20.03.2026."

    detection = detect(text)

    assert detection.kind_found == Found("продлён", 18, 27, 0, 42)
    assert detection.new_due_date == Found("2026-03-20", 31, 41, 0, 42)


def test_a_blank_line_tesseract_reads_inside_a_paragraph_does_not_cut_the_sentence() -> None:
    text = "Сіздің сұрауыңыз\n\nқұзыреті. бойынша Көлік басқармасына жолданды."

    detection = detect(text)

    assert detection.forwarded_to == Found("Көлік басқармасына", 36, 54, 0, 64)


def test_a_number_split_at_its_hyphen_reads_whole() -> None:
    detection = detect("Исх. № 05- 11/2475 от 03. 03. 2026")

    assert detection.registration_number is not None
    assert detection.registration_number.value == "05-11/2475"
    assert detection.registration_date is not None
    assert detection.registration_date.value == "2026-03-03"


# The loader's checks: a bad rule fails with its file and name.


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    for path in RULES_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_the_shipped_rules_load(rules_copy: Path) -> None:
    rules = load_rules(rules_copy)

    assert sorted(rules.languages) == ["kk", "ru"]
    assert [ground.code for ground in rules.grounds] == [
        "cpc_201",
        "official_use",
        "state_secrets",
        "personal_data",
        "protected_secret",
        "ati_17_restricted",
        "ati_17_unidentifiable",
        "investigation_secrecy",
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "  - {name: broken, kind: refused, pattern: 'отказ(ано'}\n",
            "ru.yaml: kinds: broken: the pattern does not compile",
        ),
        (
            "  - {name: unknown_kind, kind: ignored, pattern: 'отказано'}\n",
            "ru.yaml: kinds: unknown_kind: unknown kind 'ignored'",
        ),
        (
            "  - {name: no_fragment, kind: refused, pattern: 'отказ {{nothing}}'}\n",
            "ru.yaml: kinds: no_fragment: unknown fragment {{nothing}}",
        ),
        (
            "  - {name: empty_match, kind: refused, pattern: '(?:отказано)?'}\n",
            "ru.yaml: kinds: empty_match: the pattern matches empty text",
        ),
    ],
)
def test_a_bad_kind_rule_fails_with_its_name(rules_copy: Path, rule: str, message: str) -> None:
    path = rules_copy / "ru.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kinds:\n", "kinds:\n" + rule, 1), encoding="utf-8")

    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)

    assert str(raised.value).startswith(message)


def test_a_registration_rule_without_a_number_group_fails_with_its_name(rules_copy: Path) -> None:
    path = rules_copy / "kk.yaml"
    text = path.read_text(encoding="utf-8")
    rule = "  - {name: numberless, priority: 1, pattern: 'тіркелді'}\n"
    path.write_text(text.replace("registration:\n", "registration:\n" + rule, 1), encoding="utf-8")

    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)

    assert str(raised.value) == (
        "kk.yaml: registration: numberless: the pattern must name the group(s) ['number']"
    )


def test_a_ground_without_a_kazakh_label_fails_with_its_code(rules_copy: Path) -> None:
    path = rules_copy / "grounds.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" kk: мемлекеттік құпиялар,", "", 1), encoding="utf-8")

    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)

    assert str(raised.value) == "grounds.yaml: state_secrets: labels needed in ('ru', 'kk', 'en')"


def test_a_bad_ground_pattern_fails_with_its_code_language_and_index(rules_copy: Path) -> None:
    path = rules_copy / "grounds.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("kk: ['мемлекеттік\\s+құпия\\w*']", "kk: ['мемлекеттік[']", 1),
        encoding="utf-8",
    )

    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)

    assert str(raised.value).startswith(
        "grounds.yaml: state_secrets: kk[0]: the pattern does not compile"
    )


def test_a_number_without_a_digit_is_no_number() -> None:
    # given: "б/н" ("без номера") where the number would stand
    detection = detect("Исх. № б/н от 05.03.2026")

    assert detection.registration_number is None


def test_a_speck_between_the_number_and_its_date_is_read_through() -> None:
    # given: Tesseract read a speck of the scan as "«" between the number and "от"
    text = "Исх. № 05-11/2475 « от 03.03.2026"

    detection = detect(text)

    assert detection.registration_date == Found("2026-03-03", 23, 33, 0, 33)


def test_a_body_named_through_noise_is_given_without_it() -> None:
    # given: a speck and a stray period inside the body's name, as Tesseract read them
    text = "Ваш запрос направлен по компетенции в | Прокуратуру. города Алматы для ответа."

    detection = detect(text)

    assert detection.forwarded_to == Found("Прокуратуру города Алматы", 40, 66, 0, 78)


def test_a_doubled_hyphen_and_a_colon_before_the_date_are_read_through() -> None:
    text = "Регистрационный номер: ЖТ-2026- -05678: от 10.04.2026."

    detection = detect(text)

    assert detection.registration_number == Found("ЖТ-2026-05678", 23, 38, 0, 54)
    assert detection.registration_date == Found("2026-04-10", 43, 53, 0, 54)


def test_a_letterhead_number_and_date_without_ish_are_the_letters() -> None:
    text = "№ 01-12/345 от 05.03.2026"

    detection = detect(text)

    assert detection.registration_number == Found("01-12/345", 2, 11, 0, 25)
    assert detection.registration_date == Found("2026-03-05", 15, 25, 0, 25)


def test_the_requesters_own_number_is_not_the_bodys() -> None:
    # given: "На Ваш № 7 от 01.03.2026" refers to the request, not to the reply
    detection = detect("На Ваш № 7 от 01.03.2026 сообщаем следующее.")

    assert (detection.registration_number, detection.registration_date) == (None, None)
    assert detection.kind == "answered"


def test_a_kazakh_letterhead_number_and_date() -> None:
    text = "№ 3Т-Ж-124, 05.03.2026 ж."

    detection = detect(text)

    assert detection.registration_number == Found("3Т-Ж-124", 2, 10, 0, 25)
    assert detection.registration_date == Found("2026-03-05", 12, 22, 0, 25)


def test_an_assigned_registration_number() -> None:
    text = "Вашему обращению присвоен регистрационный номер 3-45/678 от 04.03.2026."

    detection = detect(text)

    assert detection.registration_number == Found("3-45/678", 48, 56, 0, 71)
    assert detection.registration_date == Found("2026-03-04", 60, 70, 0, 71)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "Ваш запрос направлен для рассмотрения по существу в Акимат Алматинской области.",
            "Акимат Алматинской области",
        ),
        (
            "Для рассмотрения Ваш запрос направлен в Управление здравоохранения города Шымкента.",
            "Управление здравоохранения города Шымкента",
        ),
        (
            "Сұрауыңыз тиістілігі бойынша Шымкент қаласының әкімдігіне жолданды.",
            "Шымкент қаласының әкімдігіне",
        ),
    ],
)
def test_other_forms_of_forwarding_name_the_body(text: str, body: str) -> None:
    detection = detect(text)

    assert detection.kind == "forwarded"
    assert detection.forwarded_to is not None
    assert detection.forwarded_to.value == body


def test_a_period_and_a_speck_tesseract_put_inside_a_phrase_are_read_through() -> None:
    # given: "қарау. |" then "“үшін" on the next line, and "Ns" for №, as read from a photo
    text = (
        "шығ. Ns 04- 5/3120, 22.07. 2026 ж.\n\n"
        "Сіздің сұрауыңыз қарау. |\n“үшін Түркістан облысының денсаулық сақтау басқармасына "
        "жолданғанын хабарлаймыз."
    )

    detection = detect(text)

    assert detection.registration_number == Found("04-5/3120", 8, 18, 0, 34)
    assert detection.registration_date == Found("2026-07-22", 20, 31, 0, 34)
    assert detection.kind == "forwarded"
    assert detection.forwarded_to == Found(
        "Түркістан облысының денсаулық сақтау басқармасына", 68, 117, 36, 142
    )


def test_a_kazakh_forwarding_told_as_news_is_found_by_its_phrase() -> None:
    text = "Сұрауыңыз қарау үшін Қаржы министрлігіне жолданғанын хабарлаймыз."

    detection = detect(text)

    assert detection.kind == "forwarded"
    assert detection.kind_found == Found(
        "қарау үшін Қаржы министрлігіне жолданғанын", 10, 52, 0, 65
    )


@pytest.mark.parametrize(
    ("text", "number", "iso"),
    [
        ("Исх. № 05-11/2290.от 25.02.2026", "05-11/2290", "2026-02-25"),  # a period before "от"
        ("Исх. № 04-2/1187 от16.03.2026", "04-2/1187", "2026-03-16"),  # no space after "от"
        ("Шығ. Мг 05-11/3019, 12.05.2026 ж.", "05-11/3019", "2026-05-12"),  # "Мг" for №
        ("Шығ. № 04-1/1545,:06.05.2026 ж.", "04-1/1545", "2026-05-06"),  # ",:" before the date
        ("2026 ж. «24» сэур. № 2-15-26/1033", "2-15-26/1033", "2026-04-24"),  # "сэур" for сәуір
        ("Исх. № 05.1-12/345 от 05.03.2026", "05.1-12/345", "2026-03-05"),  # a dot in a number
    ],
)
def test_numbers_and_dates_as_tesseract_misreads_them(text: str, number: str, iso: str) -> None:
    detection = detect(text)

    assert detection.registration_number is not None
    assert detection.registration_date is not None
    assert (detection.registration_number.value, detection.registration_date.value) == (number, iso)


def test_a_blank_line_and_a_speck_before_a_lower_case_word_do_not_cut_the_sentence() -> None:
    text = "Сіздің сұрауыңыз қарау\n\n=. үшін Қаржы министрлігіне жолданды."

    detection = detect(text)

    assert detection.forwarded_to == Found("Қаржы министрлігіне", 32, 51, 0, 61)


def test_a_citation_cut_by_a_period_tesseract_read_after_the_article_is_still_found() -> None:
    # given: "ст. 201." ends a line, the code's name begins the next with a capital
    text = "Сведения в силу ст. 201.\nУголовно-процессуального кодекса разглашению не подлежат."

    detection = detect(text)

    (ground,) = detection.grounds
    assert ground.code == "cpc_201"
    assert ground.found == Found("ст. 201. Уголовно-процессуального кодекса", 16, 57, 0, 24)


def test_a_period_before_a_quote_and_a_lower_case_word_ends_no_sentence() -> None:
    text = (
        "Информация относится к информации согласно ст. 17 Закона Республики Казахстан. "
        "«о доступе к информации» и предоставлена быть не может."
    )

    detection = detect(text)

    assert [ground.code for ground in detection.grounds] == ["ati_17_restricted"]
    assert detection.grounds[0].found.sentence_end == len(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Қылмыстық-процестік кодексінің. 201-бабына сәйкес ақпарат берілмейді.", "cpc_201"),
        ("Құжаттарда «Қызметтік: пайдалану YWiH» белгісі бар, ұсыну мүмкін емес.", "official_use"),
        (
            "Сведения отнесены к информации согласно ст. :17 Закона Республики Казахстан "
            "«О. доступе к информации», в их предоставлении отказано.",
            "ati_17_restricted",
        ),
    ],
)
def test_a_ground_garbled_by_tesseract_is_still_found(text: str, code: str) -> None:
    assert [ground.code for ground in detect(text).grounds] == [code]


def test_a_mark_stuck_before_a_number_and_a_misread_shyg_are_read_through() -> None:
    detection = detect("Шые. № .04-1/1545, 06.05.2026 ж.")

    assert detection.registration_number == Found("04-1/1545", 8, 17, 0, 32)
    assert detection.registration_date == Found("2026-05-06", 19, 29, 0, 32)
