"""The context a letter is filled from: the request, its body, its rules and its timeline."""

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from letters.contexts import (
    Addressee,
    Citation,
    Cosigner,
    LetterContext,
    LetterKind,
    PriorRequest,
    Requester,
)
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.periods import StartEvent
from requests_tracker.deadlines.trace import describe_period
from requests_tracker.information_requests.models import Deadline, InformationRequest, Step
from requests_tracker.information_requests.reply_addresses import reply_address
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule

# Which letter a step writes; a first request's letter depends on the law it cites.
LETTER_FOR_STEP = {
    Step.COMPLAINT: LetterKind.COMPLAINT,
    Step.PROSECUTOR_APPEAL: LetterKind.PROSECUTOR_APPEAL,
    Step.COURT_CLAIM: LetterKind.COURT_CLAIM,
}
LETTER_FOR_INSTRUMENT = {
    "KZ.MEDIA": LetterKind.MEDIA_REQUEST,
    "KZ.ATI": LetterKind.ATI_REQUEST,
    "KZ.APPC": LetterKind.APPC_APPEAL,
}
# ru: "Руководителю <genitive>"; kk: "<genitive> басшысына" (one line, as office letters write it).
HEAD_TITLE = {"ru": "Руководителю", "kk": "басшысына", "en": "To the Head of"}
# The languages whose addressee line needs the stored genitive of the body's name.
GENITIVE_LANGUAGES = ("ru", "kk")


def letter_kind_for(information_request: InformationRequest) -> LetterKind:
    if information_request.step in LETTER_FOR_STEP:
        return LETTER_FOR_STEP[Step(information_request.step)]
    codes = {rule.instrument.code for rule in information_request.legal_rules.all()}
    for code, kind in LETTER_FOR_INSTRUMENT.items():
        if code in codes:
            return kind
    return LetterKind.ATI_REQUEST


def addressee_for(body: PublicBody, language: str) -> Addressee:
    """The body as the letter addresses it; refused when the directory lacks the name's form,
    which is never guessed (a body added by staff gets its forms in the directory first)."""
    genitive = body.name_form(language, "genitive") if language in GENITIVE_LANGUAGES else ""
    if language in GENITIVE_LANGUAGES and not genitive:
        raise DomainError(
            _(
                "The letter cannot be addressed yet: the directory has no genitive form of the "
                "name of “%(body)s”. Ask the staff to add it to the body."
            )
            % {"body": localized(body, "name", language)}
        )
    return Addressee(
        body_name=localized(body, "name", language),
        head_title=HEAD_TITLE.get(language, HEAD_TITLE["ru"]),
        body_name_genitive=genitive,
        postal_address=body.postal_address,
        email=body.email,
    )


def _requester(information_request: InformationRequest, *, with_identity: bool) -> Requester:
    user = information_request.requester
    organization = information_request.organization
    return Requester(
        name=user.get_full_name() or user.username,
        organization=organization.name if organization else "",
        postal_address=organization.postal_address if organization else "",
        # The request's reply address, never user.email: an answer sent to a personal mailbox
        # bypasses the tracker (no filing, no deadline stop, no evidence).
        email=reply_address(information_request.pk),
        # APPC Art. 93 asks a complaint for it; it is typed into the letter, never stored here.
        identity_number="" if not with_identity else "____________",
    )


def _legal_deadline(information_request: InformationRequest) -> Deadline | None:
    return (
        information_request.deadlines.filter(is_legal_deadline=True)
        .exclude(state="superseded")
        .select_related("legal_rule")
        .order_by("-computed_at")
        .first()
    )


def _citation(rule: LegalRule, language: str, due_date: date | None) -> Citation:
    return Citation(
        rule_id=rule.rule_id,
        instrument=localized(rule.instrument, "title", language),
        article=rule.article,
        period=describe_period(rule.period(), StartEvent(rule.start_event), language)
        if rule.has_period() and rule.start_event
        else "",
        due_date=due_date,
    )


def _prior(information_request: InformationRequest, time_zone: ZoneInfo) -> PriorRequest:
    """The facts of the request an appeal builds on, read from its timeline."""
    events = {event.kind: event for event in information_request.events.all()}
    submitted, registered = events.get(EventKind.SUBMITTED), events.get(EventKind.REGISTERED)
    refused = events.get(EventKind.REFUSED)
    answered = refused or events.get(EventKind.ANSWERED) or events.get(EventKind.PARTIALLY_ANSWERED)
    deadline = _legal_deadline(information_request)
    if submitted is None or deadline is None:
        raise DomainError(_("The request was never sent, so there is nothing to appeal yet."))
    outcome = {
        Status.OVERDUE: "silence",
        Status.REFUSED: "refusal",
        Status.PARTIALLY_ANSWERED: "partial",
    }.get(Status(information_request.status), "late")
    return PriorRequest(
        body_name=localized(information_request.public_body, "name", information_request.language),
        subject=information_request.subject,
        sent_on=submitted.occurred_at.astimezone(time_zone).date(),
        registration_number=str(registered.data.get("registration_number", ""))
        if registered
        else "",
        registered_on=registered.occurred_at.astimezone(time_zone).date() if registered else None,
        rule_id=deadline.legal_rule.rule_id,
        due_date=deadline.due_date,
        outcome=outcome,
        answered_on=answered.occurred_at.astimezone(time_zone).date() if answered else None,
        refusal_ground=str(refused.data.get("ground", "")) if refused else "",
    )


def build_context(
    *,
    information_request: InformationRequest,
    kind: LetterKind,
    now: datetime,
    cosigners: tuple[Cosigner, ...] = (),
) -> LetterContext:
    """Everything the letter says, from the request, its body, its rules and its timeline."""
    language = information_request.language
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    rule = information_request.legal_rules.order_by("rule_id").first()
    if rule is None:
        raise DomainError(_("A request cites at least one legal rule."))
    deadline = _legal_deadline(information_request)
    escalated = information_request.escalates
    return LetterContext(
        kind=kind,
        language=language,
        addressee=addressee_for(information_request.public_body, language),
        requester=_requester(information_request, with_identity=kind == LetterKind.COMPLAINT),
        date=now.astimezone(time_zone).date(),
        outgoing_number=_outgoing_number(information_request.pk, now.astimezone(time_zone).date()),
        subject=information_request.subject,
        text=information_request.text,
        citation=_citation(
            deadline.legal_rule if deadline else rule,
            language,
            deadline.due_date if deadline else None,
        ),
        reply_address=reply_address(information_request.pk),
        # A reminder chases the request itself; an appeal builds on the request it escalates.
        prior=_prior(information_request, time_zone)
        if kind == LetterKind.REMINDER
        else _prior(escalated, time_zone)
        if escalated is not None
        else None,
        copy_to=None,
        cosigners=cosigners,
    )


def _outgoing_number(request_id: int, day: date) -> str:
    return f"{request_id}/{day:%Y}"


def readdressed(
    context: LetterContext, *, information_request: InformationRequest
) -> LetterContext:
    """``context`` for another request of the same sender, text, rules and jurisdiction, written
    the same day (a collective appeal's addressees): what ``build_context`` gives that request.

    Only what names the request or its body changes, so the rest is built once for them all.
    """
    address = reply_address(information_request.pk)
    return replace(
        context,
        addressee=addressee_for(information_request.public_body, context.language),
        requester=replace(context.requester, email=address),
        outgoing_number=_outgoing_number(information_request.pk, context.date),
        reply_address=address,
    )
