"""Every default letter template renders the sample context to its golden file, exactly.

The golden files (``tests/letters/golden/<kind>.<language>.txt``) were read line by line as
letters a lawyer would send. After a deliberate change to a template, rewrite them and read the
diff before committing:

    UPDATE_GOLDEN=1 python -m pytest tests/letters/test_golden_letters.py

Without ``UPDATE_GOLDEN=1`` the test only compares, so an accidental change to a letter fails here.
"""

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from letters.contexts import LANGUAGES, LetterContext, LetterKind, sample_context
from letters.render import blocks, render_text

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"

ALL_LETTERS = [(kind, language) for kind in LetterKind for language in LANGUAGES]
# The caller guarantees `prior` for these; the other kinds must never touch it.
KINDS_BUILT_ON_A_PRIOR_REQUEST = {
    LetterKind.REMINDER,
    LetterKind.COMPLAINT,
    LetterKind.PROSECUTOR_APPEAL,
    LetterKind.COURT_CLAIM,
}
LETTERS_WITHOUT_PRIOR = [
    (kind, language) for kind, language in ALL_LETTERS if kind not in KINDS_BUILT_ON_A_PRIOR_REQUEST
]
# The article each kind relies on, as it must appear in the letter (kz-rules.md). The reminder names
# the article of the request it chases (the sample's prior rule is KZ.MEDIA.36.response); the
# collective appeal names the article of its citation.
ARTICLE_OF_KIND = {
    LetterKind.ATI_REQUEST: "11",
    LetterKind.MEDIA_REQUEST: "36",
    LetterKind.APPC_APPEAL: "76",
    LetterKind.CPC201_PERMISSION: "201",
    LetterKind.REMINDER: "36",
    LetterKind.COMPLAINT: "91–93",
    LetterKind.PROSECUTOR_APPEAL: "24",
    LetterKind.COURT_CLAIM: "91",
    LetterKind.COLLECTIVE_APPEAL: "11",
}
ARTICLE_PATTERN = {
    "ru": r"стать\w* {article}(?!\d)",
    "kk": r"(?<!\d){article}-ба",
    "en": r"Articles? {article}(?!\d)",
}
# The head and the body in the genitive on one line (ru, kk); the sample body is the police of
# Almaty, a complaint's its superior, the Ministry of Internal Affairs.
ADDRESSEE_LINES = {
    "ru": ["Руководителю Департамента полиции города Алматы"],
    "kk": ["Алматы қаласының Полиция департаментінің басшысына"],
    "en": ["To the Head of", "Police Department of Almaty"],
}
COMPLAINT_ADDRESSEE_LINES = {
    "ru": ["Руководителю Министерства внутренних дел Республики Казахстан"],
    "kk": ["Қазақстан Республикасының Ішкі істер министрлігінің басшысына"],
    "en": ["To the Head of", "Ministry of Internal Affairs of the Republic of Kazakhstan"],
}
IDENTITY_LABEL = {"ru": "ИИН: ", "kk": "ЖСН: ", "en": "IIN: "}


def letter_id(value: object) -> str:
    return str(value)


def bare_context(kind: LetterKind, language: str) -> LetterContext:
    """The sample with every optional field left empty, as a hurried requester would leave it."""
    sample = sample_context(kind, language)
    prior = sample.prior
    if kind in KINDS_BUILT_ON_A_PRIOR_REQUEST and prior is not None:
        prior = replace(prior, registration_number="", registered_on=None)
    else:
        prior = None
    return replace(
        sample,
        addressee=replace(sample.addressee, postal_address="", email=""),
        requester=replace(
            sample.requester,
            organization="",
            position="",
            postal_address="",
            email="",
            identity_number="",
        ),
        outgoing_number="",
        citation=replace(sample.citation, due_date=None),
        reply_address="",
        attachments=(),
        prior=prior,
        copy_to=None,
        case_number="",
        cosigners=(),
    )


@pytest.mark.parametrize(("kind", "language"), ALL_LETTERS, ids=letter_id)
def test_each_letter_renders_the_sample_context_to_its_golden_file(
    kind: LetterKind, language: str
) -> None:
    golden = GOLDEN_DIR / f"{kind}.{language}.txt"

    text = render_text(sample_context(kind, language))

    if UPDATE_GOLDEN:
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize(("kind", "language"), ALL_LETTERS, ids=letter_id)
def test_only_the_complaint_shows_the_identity_number(kind: LetterKind, language: str) -> None:
    context = sample_context(kind, language)

    text = render_text(context)

    is_complaint = kind == LetterKind.COMPLAINT
    assert (context.requester.identity_number in text) is is_complaint
    assert (IDENTITY_LABEL[language] + context.requester.identity_number in text) is is_complaint


@pytest.mark.parametrize(("kind", "language"), ALL_LETTERS, ids=letter_id)
def test_each_letter_names_the_article_it_relies_on(kind: LetterKind, language: str) -> None:
    pattern = ARTICLE_PATTERN[language].format(article=re.escape(ARTICLE_OF_KIND[kind]))

    text = render_text(sample_context(kind, language))

    assert re.search(pattern, text), f"{kind}.{language} does not cite {ARTICLE_OF_KIND[kind]}"


@pytest.mark.parametrize(("kind", "language"), LETTERS_WITHOUT_PRIOR, ids=letter_id)
def test_a_context_without_a_prior_request_renders_every_kind_that_does_not_need_one(
    kind: LetterKind, language: str
) -> None:
    context = replace(sample_context(kind, language), prior=None)

    text = render_text(context)

    assert context.text in text
    assert context.requester.name in text


@pytest.mark.parametrize(("kind", "language"), ALL_LETTERS, ids=letter_id)
def test_a_context_with_only_the_required_fields_renders_a_clean_letter(
    kind: LetterKind, language: str
) -> None:
    context = bare_context(kind, language)

    text = render_text(context)

    header, dated_subject, title = text.split("\n\n")[:3]
    lines = (COMPLAINT_ADDRESSEE_LINES if kind == LetterKind.COMPLAINT else ADDRESSEE_LINES)[
        language
    ]
    assert header.splitlines()[: len(lines)] == lines
    assert context.subject in dated_subject
    assert [block.text for block in blocks(text) if block.kind == "title"] == [title]
    assert not title.startswith("#")
    assert context.requester.name in header
    assert "None" not in text
    assert "\n\n\n" not in text
    assert not any(line != line.strip() for line in text.splitlines())
    assert context.text in text
