"""Letters for requests: staff templates, the context a letter is filled from, and escalation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from jinja2 import Template, meta
from jinja2.exceptions import SecurityError, TemplateError

from letters.contexts import (
    Addressee,
    Citation,
    Cosigner,
    LetterContext,
    LetterKind,
    PriorRequest,
    Requester,
    sample_context,
)
from letters.environment import ENVIRONMENT, LetterTemplateError, compile_staff_template
from letters.render import content_hash, render_text
from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import BodyKind, PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.core.i18n import localized
from requests_tracker.correspondence.models import Letter, LetterTemplate
from requests_tracker.deadlines.periods import StartEvent
from requests_tracker.deadlines.trace import describe_period
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    Step,
)
from requests_tracker.information_requests.services import create_request, record_event
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
HEAD_TITLE = {"ru": "Руководителю", "kk": "Басшысына", "en": "To the Head of"}
TOP_LEVEL_FIELDS = frozenset(LetterContext.__dataclass_fields__)


# --- Staff templates ---------------------------------------------------------------------------


def validate_template_source(source: str, *, kind: LetterKind, language: str) -> Template:
    """Compile a staff template and render it against a full sample; refuse it with a message."""
    template = compile_staff_template(source)
    unknown = (
        meta.find_undeclared_variables(ENVIRONMENT.parse(source)) - TOP_LEVEL_FIELDS - {"range"}
    )
    if unknown:
        raise LetterTemplateError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    try:
        render_text(sample_context(kind, language), template)
    except SecurityError as error:
        raise LetterTemplateError(f"Not allowed in a letter template: {error}") from error
    except TemplateError as error:  # UndefinedError for a field that does not exist, and others
        raise LetterTemplateError(f"The template fails on a sample letter: {error}") from error
    return template


@transaction.atomic
def save_letter_template(
    *, kind: LetterKind, language: str, source: str, user: User | None, change_note: str = ""
) -> LetterTemplate:
    """A new version of a staff template, after validation; the previous version is kept."""
    validate_template_source(source, kind=kind, language=language)
    versions = LetterTemplate.objects.select_for_update().filter(kind=kind, language=language)
    latest = versions.aggregate(latest=Max("version"))["latest"] or 0
    versions.filter(is_active=True).update(is_active=False)
    return LetterTemplate.objects.create(
        kind=kind,
        language=language,
        version=latest + 1,
        source=source,
        change_note=change_note,
        created_by=user,
    )


def active_template(kind: LetterKind, language: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(kind=kind, language=language, is_active=True).first()


# --- From a request to a letter ----------------------------------------------------------------


def letter_kind_for(information_request: InformationRequest) -> LetterKind:
    if information_request.step in LETTER_FOR_STEP:
        return LETTER_FOR_STEP[Step(information_request.step)]
    codes = {rule.instrument.code for rule in information_request.legal_rules.all()}
    for code, kind in LETTER_FOR_INSTRUMENT.items():
        if code in codes:
            return kind
    return LetterKind.ATI_REQUEST


def _addressee(body: PublicBody, language: str) -> Addressee:
    return Addressee(
        body_name=localized(body, "name", language),
        head_title=HEAD_TITLE.get(language, HEAD_TITLE["ru"]),
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
        email=user.email,
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
        addressee=_addressee(information_request.public_body, language),
        requester=_requester(information_request, with_identity=kind == LetterKind.COMPLAINT),
        date=now.astimezone(time_zone).date(),
        outgoing_number=f"{information_request.pk}/{now.astimezone(time_zone):%Y}",
        subject=information_request.subject,
        text=information_request.text,
        citation=_citation(
            deadline.legal_rule if deadline else rule,
            language,
            deadline.due_date if deadline else None,
        ),
        # A reminder chases the request itself; an appeal builds on the request it escalates.
        prior=_prior(information_request, time_zone)
        if kind == LetterKind.REMINDER
        else _prior(escalated, time_zone)
        if escalated is not None
        else None,
        copy_to=None,
        cosigners=cosigners,
    )


@transaction.atomic
def generate_letter(
    *,
    information_request: InformationRequest,
    user: User | None,
    now: datetime,
    kind: LetterKind | None = None,
    cosigners: tuple[Cosigner, ...] = (),
) -> Letter:
    """The request's letter (or a reminder of it), from the active staff template or the
    default, kept with its hash."""
    kind = kind or letter_kind_for(information_request)
    context = build_context(
        information_request=information_request, kind=kind, now=now, cosigners=cosigners
    )
    staff_template = active_template(kind, information_request.language)
    template = compile_staff_template(staff_template.source) if staff_template else None
    text = render_text(context, template)
    return Letter.objects.create(
        information_request=information_request,
        kind=kind,
        language=information_request.language,
        template=staff_template,
        template_version=f"staff v{staff_template.version}" if staff_template else "default",
        text=text,
        content_sha256=content_hash(text),
        created_by=user,
        created_at=now,
    )


# --- The escalation ladder ---------------------------------------------------------------------

ESCALATION_RULES = {
    # APPC Art. 91(3)-(4): the superior body decides the complaint within the period of
    # KZ.APPC.complaint_decision.
    Step.COMPLAINT: "KZ.APPC.complaint_decision",
    # Prosecutors consider appeals in the manner and terms of the APPC (kz-rules.md §5).
    Step.PROSECUTOR_APPEAL: "KZ.APPC.76.response",
}


def _complaint_body(body: PublicBody) -> PublicBody:
    superior = body.superior_body
    if superior is None or not superior.accepts_complaints:
        raise DomainError(
            _(
                "This body has no superior body that may decide a complaint (APPC Art. 91(3)): "
                "appeal to the prosecutor or the administrative court instead."
            )
        )
    return superior


def _prosecutor_for(body: PublicBody) -> PublicBody:
    if body.region_id is not None:
        regional = PublicBody.objects.filter(kind=BodyKind.PROSECUTOR, region_id=body.region_id)
        if (prosecutor := regional.first()) is not None:
            return prosecutor
    return PublicBody.objects.get(slug="general-prosecutor")


@transaction.atomic
def escalate(
    *, information_request: InformationRequest, step: Step, user: User, now: datetime
) -> tuple[InformationRequest, Letter]:
    """The next step of the ladder for a refusal or a silence: a new tracked request and its letter.

    A complaint goes to the body's superior (filed through the body itself, APPC Art. 91(4)); an
    appeal to the prosecutor goes to the prosecutor's office of the body's region.
    """
    if information_request.status not in (
        Status.OVERDUE,
        Status.REFUSED,
        Status.PARTIALLY_ANSWERED,
    ):
        raise DomainError(_("Only a refusal, a partial answer or a silence can be escalated."))
    if step not in ESCALATION_RULES:
        raise DomainError(
            _("A court claim is drafted with a lawyer; the tracker offers its outline.")
        )
    body = information_request.public_body
    addressee = _complaint_body(body) if step == Step.COMPLAINT else _prosecutor_for(body)
    language = information_request.language
    appeal = create_request(
        requester=information_request.requester,
        organization=information_request.organization,
        public_body=addressee,
        legal_rules=LegalRule.objects.filter(rule_id=ESCALATION_RULES[step]),
        subject=information_request.subject,
        # The letter states the facts and the demands; the requester may add arguments.
        text="",
        language=language,
        created_at=now,
        step=step,
        escalates=information_request,
    )
    record_event(
        information_request=information_request,
        kind=EventKind.NOTE,
        occurred_at=now,
        recorded_by=user,
        data={"escalated_to": appeal.pk, "step": step},
    )
    if step == Step.COMPLAINT:  # the window to complain is used: no reminder will come
        information_request.deadlines.appeal_windows().filter(state=DeadlineState.RUNNING).update(
            state=DeadlineState.MET
        )
    letter = generate_letter(information_request=appeal, user=user, now=now)
    return appeal, letter
