"""What a letter may say: frozen dataclasses, the only data a template sees."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any


class LetterKind(StrEnum):
    ATI_REQUEST = "ati_request"  # Law "On Access to Information", Art. 11
    MEDIA_REQUEST = "media_request"  # Law "On Mass Media", Art. 36
    APPC_APPEAL = "appc_appeal"  # APPC Art. 76
    CPC201_PERMISSION = "cpc201_permission"  # CPC Art. 201(1): the supervising prosecutor
    REMINDER = "reminder"  # after a missed deadline
    COMPLAINT = "complaint"  # to the superior body, APPC Arts. 91-93
    PROSECUTOR_APPEAL = (
        "prosecutor_appeal"  # Constitutional Law on the Prosecutor's Office, Art. 24
    )
    COURT_CLAIM = "court_claim"  # administrative court: an outline to finish with a lawyer
    COLLECTIVE_APPEAL = "collective_appeal"  # one text, co-signing organisations


LANGUAGES = ("ru", "kk", "en")


@dataclass(frozen=True)
class Addressee:
    body_name: str
    head_title: str  # "Руководителю", "To the Head of", "басшысына"
    # The name in the case the addressee line needs (ru: "Руководителю <genitive>"; kk:
    # "<genitive> басшысына"), read from the directory, never inflected here; "" for English.
    body_name_genitive: str = ""
    postal_address: str = ""
    email: str = ""


@dataclass(frozen=True)
class Requester:
    name: str
    organization: str = ""
    position: str = ""
    postal_address: str = ""  # the one the requester chose (their organisation's)
    # The request's reply address, never a personal mailbox: a clerk who answers the address a
    # letter gives must reach the tracker. Kept under this name for staff templates.
    email: str = ""
    # Only a complaint asks for it (APPC Art. 93); never shown in a public view.
    identity_number: str = ""


@dataclass(frozen=True)
class Citation:
    """The rule the letter relies on and the deadline it creates."""

    rule_id: str
    instrument: str  # "Закон Республики Казахстан «О доступе к информации»"
    article: str  # "11"
    period: str  # "15 календарных дней со дня регистрации"
    due_date: date | None = None  # when the sending date is known


@dataclass(frozen=True)
class PriorRequest:
    """The request a reminder, complaint, prosecutor's appeal or court claim builds on."""

    body_name: str
    subject: str
    sent_on: date
    registration_number: str
    registered_on: date | None
    rule_id: str
    due_date: date
    outcome: str  # "silence" | "refusal" | "partial" | "late"
    answered_on: date | None = None
    refusal_ground: str = ""


@dataclass(frozen=True)
class Cosigner:
    organization: str
    signatory_name: str
    signatory_title: str


@dataclass(frozen=True)
class LetterContext:
    kind: LetterKind
    language: str
    addressee: Addressee
    requester: Requester
    date: date
    outgoing_number: str
    subject: str
    text: str  # the questions, or the statement of facts, as the requester wrote them
    citation: Citation
    reply_address: str = ""  # where the body answers by email: the request's keyed address
    attachments: tuple[str, ...] = ()
    prior: PriorRequest | None = None
    copy_to: Addressee | None = None  # CPC Art. 201 letters: the investigating body
    case_number: str = ""  # ЕРДР number, when known
    cosigners: tuple[Cosigner, ...] = field(default_factory=tuple)

    def as_template_data(self) -> dict[str, Any]:
        """Plain data for the template: nested dicts and tuples, nothing with methods."""
        return self._template_data

    @cached_property
    def _template_data(self) -> dict[str, Any]:
        # Kept on the (frozen) context: a letter is rendered in several formats, and the
        # environment forbids templates to modify what they are given.
        plain = _plain(self)
        assert isinstance(plain, dict)
        return plain


def _plain(value: Any) -> Any:
    """Like ``dataclasses.asdict`` without its deep copies: values here are immutable already."""
    if hasattr(value, "__dataclass_fields__"):
        return {
            name: _plain(item)
            for name, item in vars(value).items()
            if not name.startswith("_")  # a cached property is not a field
        }
    if type(value) is tuple:
        return tuple(_plain(item) for item in value)
    return value


_ATI = Citation(
    rule_id="KZ.ATI.11.response",
    instrument="Закон Республики Казахстан «О доступе к информации»",
    article="11",
    period="15 календарных дней со дня регистрации",
    due_date=date(2026, 4, 6),
)
_MEDIA = Citation(
    rule_id="KZ.MEDIA.36.response",
    instrument="Закон Республики Казахстан «О масс-медиа»",
    article="36",
    period="5 рабочих дней со дня поступления",
    due_date=date(2026, 4, 1),
)
_APPC_APPEAL = Citation(
    rule_id="KZ.APPC.76.response",
    instrument="Административный процедурно-процессуальный кодекс Республики Казахстан",
    article="76",
    period="15 рабочих дней со дня поступления",
    due_date=date(2026, 4, 15),
)
# Sample citations as the tracker computes them for a letter dated Friday 20 March 2026.
SAMPLE_CITATIONS = {
    LetterKind.ATI_REQUEST: _ATI,
    LetterKind.MEDIA_REQUEST: _MEDIA,
    LetterKind.APPC_APPEAL: _APPC_APPEAL,
    # Prosecutors consider appeals in the manner and terms of the APPC (kz-rules.md §5).
    LetterKind.CPC201_PERMISSION: _APPC_APPEAL,
    LetterKind.PROSECUTOR_APPEAL: _APPC_APPEAL,
    LetterKind.REMINDER: Citation(
        rule_id=_MEDIA.rule_id,
        instrument=_MEDIA.instrument,
        article=_MEDIA.article,
        period=_MEDIA.period,
    ),
    LetterKind.COMPLAINT: Citation(
        rule_id="KZ.APPC.complaint_decision",
        instrument="Административный процедурно-процессуальный кодекс Республики Казахстан",
        article="",  # 99 or 100: not settled in the legal notes
        period="20 рабочих дней со дня поступления жалобы",
    ),
    LetterKind.COURT_CLAIM: Citation(
        rule_id="KZ.APPC.91.court_precondition",
        instrument="Административный процедурно-процессуальный кодекс Республики Казахстан",
        article="91",
        period="",
    ),
    LetterKind.COLLECTIVE_APPEAL: _ATI,
}


# The sample body in each language, with the forms the directory stores for it.
SAMPLE_ADDRESSEE = {
    "ru": Addressee(
        body_name="Департамент полиции города Алматы",
        head_title="Руководителю",
        body_name_genitive="Департамента полиции города Алматы",
        postal_address="050010, г. Алматы",
    ),
    "kk": Addressee(
        body_name="Алматы қаласының Полиция департаменті",
        head_title="басшысына",
        body_name_genitive="Алматы қаласының Полиция департаментінің",
        postal_address="050010, Алматы қ.",
    ),
    "en": Addressee(
        body_name="Police Department of Almaty",
        head_title="To the Head of",
        postal_address="050010, Almaty",
    ),
}

# A complaint goes to the superior body (APPC Art. 91(3)).
SAMPLE_SUPERIOR = {
    "ru": Addressee(
        body_name="Министерство внутренних дел Республики Казахстан",
        head_title="Руководителю",
        body_name_genitive="Министерства внутренних дел Республики Казахстан",
        postal_address="010000, г. Астана",
    ),
    "kk": Addressee(
        body_name="Қазақстан Республикасының Ішкі істер министрлігі",
        head_title="басшысына",
        body_name_genitive="Қазақстан Республикасының Ішкі істер министрлігінің",
        postal_address="010000, Астана қ.",
    ),
    "en": Addressee(
        body_name="Ministry of Internal Affairs of the Republic of Kazakhstan",
        head_title="To the Head of",
        postal_address="010000, Astana",
    ),
}

SAMPLE_REPLY_ADDRESS = "reply+12-3f9a0c5e7b@mail.tracker.example.org"


def sample_context(kind: LetterKind, language: str) -> LetterContext:
    """A realistic context with every field filled: for previews and for validating templates."""
    prior = PriorRequest(
        body_name="Департамент полиции города Алматы",
        subject="Число задержаний журналистов в 2026 году",
        sent_on=date(2026, 3, 2),
        registration_number="ЖТ-2026-01234",
        registered_on=date(2026, 3, 2),
        rule_id="KZ.MEDIA.36.response",
        due_date=date(2026, 3, 10),
        outcome="silence",
    )
    return LetterContext(
        kind=kind,
        language=language,
        addressee=(SAMPLE_SUPERIOR if kind == LetterKind.COMPLAINT else SAMPLE_ADDRESSEE).get(
            language, SAMPLE_ADDRESSEE["ru"]
        ),
        requester=Requester(
            name="Айгерим Садыкова",
            organization="Редакция «Ашық ақпарат»",
            position="корреспондент",
            postal_address="050000, г. Алматы, ул. Абая, 1",
            email=SAMPLE_REPLY_ADDRESS,
            identity_number="900101400123",
        ),
        date=date(2026, 3, 20),
        outgoing_number="12/2026",
        subject="О предоставлении информации",
        text="Прошу сообщить число задержаний журналистов в 2026 году.",
        citation=SAMPLE_CITATIONS[kind],
        reply_address=SAMPLE_REPLY_ADDRESS,
        attachments=("Копия запроса от 02.03.2026",),
        prior=prior,
        copy_to=Addressee(body_name="Департамент полиции города Алматы", head_title="Начальнику"),
        case_number="261234567890",
        cosigners=(
            Cosigner("Фонд защиты свободы слова", "Тимур Ахметов", "директор"),
            Cosigner("Ассоциация журналистов", "Дана Омарова", "председатель"),
        ),
    )
