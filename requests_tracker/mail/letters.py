"""Which of a request's letters is shown: the one sent by email first, else the one queued for
email, else the latest produced; exactly as stored. Only a request without one is rendered now
(``correspondence.services.letter_text_for``). The request page and the downloads show this."""

from datetime import datetime

from letters.contexts import LetterKind
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import LetterText, letter_kind_for, letter_text_for
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.models import OutgoingStatus


def stored_letter(information_request: InformationRequest, kind: LetterKind) -> Letter | None:
    """The request's letter of ``kind`` as stored: the one sent by email first, else the one
    queued for email, else the latest produced (an appeal's, a collective appeal's)."""
    letters = Letter.objects.filter(information_request=information_request, kind=kind)
    sent = letters.filter(emails__status=OutgoingStatus.SENT).order_by("emails__sent_at", "id")
    for candidates in (
        sent,
        letters.filter(emails__isnull=False).order_by("-created_at", "-id"),
        letters.order_by("-created_at", "-id"),
    ):
        if (letter := candidates.select_related("template").first()) is not None:
            return letter
    return None


def shown_letter(*, information_request: InformationRequest, now: datetime) -> LetterText:
    """The request's letter as the page and the downloads show it: the stored letter when there
    is one, exactly as stored; else rendered by ``letter_text_for`` as of the day the request was
    submitted (by post or in person), or as of ``now`` for a draft."""
    kind = letter_kind_for(information_request)
    letter = stored_letter(information_request, kind)
    if letter is not None:
        return LetterText.of(letter)
    submitted = (
        information_request.events.filter(kind=EventKind.SUBMITTED).order_by("occurred_at").first()
    )
    return letter_text_for(
        information_request=information_request,
        kind=kind,
        now=submitted.occurred_at if submitted is not None else now,
    )
