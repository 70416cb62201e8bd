"""Which request a received message answers, in this order, and nothing else:

1. our reply address (To, Cc, Delivered-To, X-Original-To, or quoted in a forwarded message) with
   its keyed code: filed (EXACT);
2. In-Reply-To / References naming a Message-ID of an email we sent: filed on that email's request
   (THREAD), so a body that answers from its own mailbox, our address only in Cc or nowhere, still
   reaches the right request;
3. otherwise held. A suggestion is made only when the sender fits the body the request went to
   (its address, or its domain unless that is a public mailbox provider): our address with a
   wrong code, or our own subject marker "#<id>". A body's own outgoing number
   ("исх. № 2-14-08/1234"), a year ("2026 года") or "№ 1" never names a request of ours.
"""

from dataclasses import dataclass
from email.utils import parseaddr

from django.db.models import Q

from requests_tracker.bodies.models import BodyContact, ContactKind, PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.mail.addresses import request_number_in_subject
from requests_tracker.mail.models import MatchKind, OutgoingEmail
from requests_tracker.mail.reading import ReadMessage

__all__ = ["PUBLIC_MAIL_DOMAINS", "Match", "match_message", "sender_fits_body"]

# Free mailboxes anyone may hold: a sender there fits a body only by its exact address.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "bk.ru",
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "icloud.com",
        "inbox.ru",
        "internet.ru",
        "list.ru",
        "live.com",
        "mail.kz",
        "mail.ru",
        "me.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "rambler.ru",
        "ya.ru",
        "yahoo.com",
        "yandex.com",
        "yandex.kz",
        "yandex.ru",
    }
)


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    information_request: InformationRequest | None

    @property
    def is_certain(self) -> bool:
        """Filed without a person: our address with its code, or a thread on an email we sent."""
        return self.kind in (MatchKind.EXACT, MatchKind.THREAD)


def match_message(read: ReadMessage) -> Match:
    """The request ``read`` answers, or a suggestion for staff, or nothing (see the module)."""
    requests = InformationRequest.objects.select_related("public_body").in_bulk(
        [address.request_id for address in read.reply_addresses]
    )
    for address in read.reply_addresses:
        if address.is_valid and address.request_id in requests:
            return Match(MatchKind.EXACT, requests[address.request_id])
    threaded = _threaded_request(read)
    if threaded is not None:
        return Match(MatchKind.THREAD, threaded)
    sender = sender_address(read.from_address)
    for address in read.reply_addresses:  # our address with a wrong code: mistyped, or guessed
        candidate = requests.get(address.request_id)
        if candidate is not None and sender_fits_body(sender, candidate.public_body):
            return Match(MatchKind.SUGGESTED, candidate)
    number = request_number_in_subject(read.subject)
    if number is not None:
        found = InformationRequest.objects.select_related("public_body").filter(pk=number).first()
        if found is not None and sender_fits_body(sender, found.public_body):
            return Match(MatchKind.SUGGESTED, found)
    return Match(MatchKind.UNMATCHED, None)


def _threaded_request(read: ReadMessage) -> InformationRequest | None:
    """The request of the email we sent that ``read`` replies to: In-Reply-To first, then
    References from the newest back. Only an email that was sent counts."""
    referenced = list(dict.fromkeys([*read.in_reply_to, *reversed(read.references)]))
    if not referenced:
        return None
    sent = {
        email.message_id: email.information_request
        for email in OutgoingEmail.objects.filter(
            message_id__in=referenced, sent_at__isnull=False
        ).select_related("information_request")
    }
    for message_id in referenced:
        if message_id in sent:
            return sent[message_id]
    return None


def sender_address(from_header: str) -> str:
    """The address of a From header, lowercased ("" when there is none)."""
    _name, address = parseaddr(from_header)
    return address.strip().lower() if "@" in address else ""


def body_addresses(body: PublicBody) -> set[str]:
    """The addresses a body writes from: its email, its email contacts (current or retired, as
    an answer may come from an address since corrected), and those our emails went to."""
    contacts = BodyContact.objects.filter(body=body, kind=ContactKind.EMAIL).values_list(
        "value", flat=True
    )
    sent_to = OutgoingEmail.objects.filter(
        Q(information_request__public_body=body) & ~Q(to_address="")
    ).values_list("to_address", flat=True)
    found = {body.email, *contacts, *sent_to}
    return {address.strip().lower() for address in found if "@" in address}


def sender_fits_body(sender: str, body: PublicBody) -> bool:
    """The sender is one of the body's addresses, or on one of their domains (not a public
    mailbox provider's, where anyone may have an address)."""
    if not sender:
        return False
    addresses = body_addresses(body)
    if sender in addresses:
        return True
    domain = sender.rpartition("@")[2]
    if domain in PUBLIC_MAIL_DOMAINS:
        return False
    return domain in {address.rpartition("@")[2] for address in addresses}
