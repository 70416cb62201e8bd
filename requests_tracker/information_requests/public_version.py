"""The public version of a request: what its public page shows, with the requester's personal
data removed (``redaction.py``), and the one text the search indexes (``public_text``).

The page shows the subject, the questions, the letter sent, and the timeline without its notes:
each event with its public details, each reply's text, and each file. A file is published (can
be downloaded) when it was checked and no personal data was found in its text, or when it could
not be checked and the requester confirmed it on the publishing preview; a checked file with
personal data shows only its redacted text, and an unconfirmed unchecked one shows nothing but
its redacted name. These rules are read here whatever path made the request public.

The letters and the e-mails are read through the request's reverse relations (``letters``,
``incoming_email``): this app sits below ``correspondence`` and ``mail`` and imports neither.
"""

import html
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.evidence_text import TextStatus, extract_text
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.redaction import (
    PersonalData,
    PersonName,
    has_personal_data,
    phones_in,
    redact,
)
from requests_tracker.information_requests.reply_addresses import reply_address
from requests_tracker.information_requests.status import EventKind

# The tracker's own bookkeeping and the requester's notes are not part of the public story.
NOT_SHOWN = (EventKind.NOTE, EventKind.DEADLINES_RECOMPUTED, EventKind.EMAIL_DELAYED)
# The details of an event that the public page shows (the rest is the tracker's bookkeeping).
PUBLIC_FIELDS = ("registration_number", "new_due_date", "to_body", "ground")


class AttachmentState:
    """How a file stands on the public page, as the preview explains it."""

    CLEAN = "clean"  # checked, no personal data: published
    TEXT_ONLY = "text_only"  # checked, personal data found: only its redacted text is shown
    CONFIRMED = "confirmed"  # unchecked, confirmed by the requester: published
    WITHHELD = "withheld"  # unchecked, not confirmed: not published


@dataclass(frozen=True)
class PublicAttachment:
    evidence: EvidenceFile
    name: str  # redacted
    state: str
    text: str  # redacted; "" when withheld

    @property
    def is_published(self) -> bool:
        return self.state in (AttachmentState.CLEAN, AttachmentState.CONFIRMED)

    @property
    def needs_confirmation(self) -> bool:
        """Unchecked: the requester decides."""
        return self.state in (AttachmentState.CONFIRMED, AttachmentState.WITHHELD)


@dataclass(frozen=True)
class PublicEvent:
    event: TimelineEvent
    details: tuple[tuple[str, str], ...]  # (label, redacted value)
    reply_subject: str
    reply_text: str
    attachments: tuple[PublicAttachment, ...]


@dataclass(frozen=True)
class PublicVersion:
    information_request: InformationRequest
    subject: str
    questions: str
    letter: str
    letter_date: datetime | None
    events: tuple[PublicEvent, ...]

    @property
    def attachments(self) -> list[PublicAttachment]:
        return [attachment for event in self.events for attachment in event.attachments]


def read_text(evidence: EvidenceFile) -> None:
    """Fill an evidence file's text once, from its stored content; a later call does nothing."""
    if evidence.text_status != TextStatus.NOT_READ:
        return
    try:
        with evidence.file.open("rb") as stored:
            content = stored.read()
    except OSError:
        status, text = TextStatus.FAILED, ""
    else:
        status, text = extract_text(content_type=evidence.content_type, content=content)
    EvidenceFile.objects.filter(pk=evidence.pk, text_status=TextStatus.NOT_READ).update(
        text_status=status, extracted_text=text
    )
    evidence.text_status, evidence.extracted_text = status, text


def marker() -> str:
    """What stands where personal data was, in the page's language."""
    return _("[removed]")


# How the letter of a request sent without a stored one (by post, in person, on e-Otinish) is
# rendered as of its submission: set by the mail app, which knows which letter a request shows
# (``mail.letters.shown_letter``) and sits above this app.
UnstoredLetter = Callable[[InformationRequest, datetime], str]
_unstored_letter: list[UnstoredLetter] = []


def render_unstored_letters_with(render: UnstoredLetter) -> None:
    """Called once by the mail app's ready()."""
    _unstored_letter[:] = [render]


def _sent_letter(information_request: InformationRequest) -> tuple[str, datetime | None]:
    """The letter sent: the first sent by email, else the latest stored (``mail.letters``);
    without a stored one, the letter as it read the day the request was submitted. A draft,
    never sent, shows none."""
    letters = information_request.letters.all()
    sent = letters.filter(emails__status="sent").order_by("emails__sent_at", "id").first()
    letter = sent or letters.order_by("-created_at", "-id").first()
    if letter is not None:
        return letter.text, letter.created_at
    submitted = (
        information_request.events.filter(kind=EventKind.SUBMITTED).order_by("occurred_at").first()
    )
    if submitted is None or not _unstored_letter:
        return "", None
    return _unstored_letter[0](information_request, submitted.occurred_at), submitted.occurred_at


def personal_data_of(
    information_request: InformationRequest, *, show_name: bool | None = None
) -> PersonalData:
    """The requester's personal data as the tracker knows it: their name, their addresses (the
    profile's, the request's reply address), the postal address their letters give, and the
    phone numbers they wrote in their questions or letters."""
    user = information_request.requester
    organization = information_request.organization
    letters = information_request.letters.values_list("text", flat=True)
    own_texts = [information_request.text, *letters]
    return PersonalData(
        name=PersonName.of(first_name=user.first_name, last_name=user.last_name),
        emails=(user.email, reply_address(information_request.pk)),
        phones=tuple(phone for text in own_texts for phone in phones_in(text)),
        addresses=(organization.postal_address,) if organization else (),
        aliases=(user.username,),
        show_name=information_request.show_requester_name if show_name is None else show_name,
    )


def _attachment(
    evidence: EvidenceFile, personal: PersonalData, *, confirmed: Collection[int] | None
) -> PublicAttachment:
    read_text(evidence)
    text = redact(evidence.extracted_text, personal, marker=marker())
    name = redact(evidence.original_name, personal, marker=marker())
    is_confirmed = (
        evidence.public_confirmed_at is not None if confirmed is None else evidence.pk in confirmed
    )
    if evidence.text_status == TextStatus.EXTRACTED:
        found = has_personal_data(evidence.extracted_text, personal) or (
            has_personal_data(evidence.original_name, personal)
        )
        state = AttachmentState.TEXT_ONLY if found else AttachmentState.CLEAN
    else:
        state = AttachmentState.CONFIRMED if is_confirmed else AttachmentState.WITHHELD
    return PublicAttachment(
        evidence=evidence,
        name=name,
        state=state,
        text="" if state == AttachmentState.WITHHELD else text,
    )


def _details(event: TimelineEvent, personal: PersonalData) -> tuple[tuple[str, str], ...]:
    labels = {
        "registration_number": _("Registration number"),
        "new_due_date": _("New date set by the body"),
        "to_body": _("Forwarded to"),
        "ground": _("Ground the body cited"),
    }
    details = []
    for key in PUBLIC_FIELDS:
        value = str(event.data.get(key) or "")
        if not value:
            continue
        if key == "to_body":
            body = PublicBody.objects.filter(slug=value).first()
            value = body.name if body is not None else value
        details.append((labels[key], redact(value, personal, marker=marker())))
    return tuple(details)


def _reply(event: TimelineEvent) -> tuple[str, str]:
    """The subject and text of the e-mail an event filed, if any; HTML read as text."""
    email = getattr(event, "incoming_email", None)
    if email is None:
        return "", ""
    text = email.text_body
    if not text.strip() and email.html_body:
        import nh3

        text = html.unescape(nh3.clean(email.html_body.replace("<br>", "\n"), tags=set()))
    return email.subject, text


def public_version(
    information_request: InformationRequest,
    *,
    show_name: bool | None = None,
    confirmed: Collection[int] | None = None,
) -> PublicVersion:
    """The request as its public page shows it; ``show_name`` and ``confirmed`` (ids of files)
    preview other choices than the stored ones, changing nothing."""
    personal = personal_data_of(information_request, show_name=show_name)
    removed = marker()
    letter, letter_date = _sent_letter(information_request)
    events = (
        information_request.events.exclude(kind__in=NOT_SHOWN)
        .select_related("incoming_email")
        .prefetch_related("evidence_files")
        .order_by("occurred_at", "id")
    )
    shown = []
    for event in events:
        subject, text = _reply(event)
        shown.append(
            PublicEvent(
                event=event,
                details=_details(event, personal),
                reply_subject=redact(subject, personal, marker=removed),
                reply_text=redact(text, personal, marker=removed),
                attachments=tuple(
                    _attachment(evidence, personal, confirmed=confirmed)
                    for evidence in sorted(event.evidence_files.all(), key=lambda file: file.pk)
                ),
            )
        )
    return PublicVersion(
        information_request=information_request,
        subject=redact(information_request.subject, personal, marker=removed),
        questions=redact(information_request.text, personal, marker=removed),
        letter=redact(letter, personal, marker=removed),
        letter_date=letter_date,
        events=tuple(shown),
    )


def public_subject(information_request: InformationRequest) -> str:
    """The request's subject as its public page shows it, in the active language's marker:
    what every list, search result, email and feed names it by."""
    return redact(
        information_request.subject, personal_data_of(information_request), marker=marker()
    )


def public_text(information_request: InformationRequest) -> str:
    """The text the public page shows, redacted: what the search indexes."""
    version = public_version(information_request)
    parts = [version.subject, version.questions, version.letter]
    for event in version.events:
        # the values the page shows, not their labels or the event's name (words of the
        # language the indexing ran in, which the filters cover)
        parts += [value for _label, value in event.details]
        parts += [event.reply_subject, event.reply_text]
        for attachment in event.attachments:
            parts += [attachment.name, attachment.text]
    return "\n\n".join(part for part in parts if part.strip())


def published_attachment(information_request: InformationRequest, file_pk: int) -> PublicAttachment:
    """A file of the request that its public page publishes; EvidenceFile.DoesNotExist else."""
    for attachment in public_version(information_request).attachments:
        if attachment.evidence.pk == file_pk and attachment.is_published:
            return attachment
    raise EvidenceFile.DoesNotExist
