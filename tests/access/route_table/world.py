"""The people and objects every cell of the route table is tried on, built once per module.

An outlet with the requester (owner), a colleague viewer and a colleague editor; the monitoring
NGO with its staff; a superuser and an outsider. Three requests of the owner, one per visibility,
each overdue (so it has a draft violation and can be escalated) with a letter, an evidence file,
an outgoing and an incoming email, a timeline note and a reply read as a refusal (its
suggestion); a collective appeal of the NGO co-signed by
the outlet; a pending contact proposal; the owner's calendar feed; a case item of the month's
report.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from requests_tracker.accounts.models import (
    AccessKind,
    AccessLogEntry,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from requests_tracker.bodies.models import ContactKind, ContactProposal, PublicBody
from requests_tracker.collective.models import CollectiveAppeal, Cosigner
from requests_tracker.collective.services import add_cosigner, create_appeal
from requests_tracker.correspondence.models import LETTER_KIND_CHOICES, Letter, LetterTemplate
from requests_tracker.correspondence.services.letters import generate_letter
from requests_tracker.information_requests.demo import NGO_STAFF_PERMISSIONS
from requests_tracker.information_requests.models import (
    CalendarFeed,
    EvidenceFile,
    InformationRequest,
    Visibility,
)
from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind, OutgoingEmail
from requests_tracker.mail.outgoing import queue_request_email
from requests_tracker.monitoring.models import MonthlyNarrative, ReviewState, Violation
from requests_tracker.monitoring.report.versions import publish
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.reading.models import Suggestion
from tests.factories import OrganizationFactory, UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
SUBMITTED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)
# A month later every request is overdue: the sweep has drawn one draft violation from each.
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ALMATY)
SOURCE_NOTE = "Источник: сотрудник ДП, имя не раскрывать"

SUBJECTS = ("owner", "viewer", "editor", "ngo_staff", "superuser", "outsider", "anonymous")
VISIBILITIES = (Visibility.PRIVATE, Visibility.ORGANIZATION, Visibility.PUBLIC)


@dataclass(frozen=True)
class RequestObjects:
    """One request and what hangs off it."""

    request: InformationRequest
    letter: Letter
    evidence: EvidenceFile
    outgoing: OutgoingEmail
    incoming: IncomingEmail
    violation: Violation
    suggestion: Suggestion


@dataclass(frozen=True)
class World:
    users: dict[str, User]
    requests: dict[str, RequestObjects]
    appeal: CollectiveAppeal
    cosigner: Cosigner
    proposal: ContactProposal
    template: LetterTemplate
    feed: CalendarFeed
    access_log_entry: AccessLogEntry
    report_item: MonthlyNarrative
    held: IncomingEmail


def monitoring_organization() -> Organization:
    """The NGO that keeps the monitoring dataset (the flag is set once the field exists)."""
    organization = OrganizationFactory.create(
        name="Фонд «Әділ сөз»", slug="adil-soz", kind=OrganizationKind.NGO
    )
    field_names = {field.name for field in Organization._meta.get_fields()}
    if "keeps_monitoring_dataset" in field_names:
        Organization.objects.filter(pk=organization.pk).update(keeps_monitoring_dataset=True)
    return organization


def member(username: str, organization: Organization, role: Role, **fields: object) -> User:
    user = UserFactory.create(username=username, **fields)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def ngo_staff_group() -> Group:
    """The admin permissions the NGO staff hold in the demo (see information_requests/demo.py)."""
    group = Group.objects.create(name="NGO staff (route table)")
    for app_label, actions in NGO_STAFF_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__regex=rf"^({'|'.join(actions)})_"
            )
        )
    return group


def build_users() -> dict[str, User]:
    outlet = OrganizationFactory.create(name="Редакция «Власть»", slug="vlast")
    ngo = monitoring_organization()
    ngo_staff = member("timur", ngo, Role.NGO_STAFF, is_staff=True)
    ngo_staff.groups.add(ngo_staff_group())
    return {
        "owner": member("aigerim", outlet, Role.JOURNALIST, first_name="Айгерим"),
        "viewer": member("dana", outlet, Role.JOURNALIST),
        "editor": member("erlan", outlet, Role.EDITOR),
        "ngo_staff": ngo_staff,
        "superuser": UserFactory.create(username="root", is_staff=True, is_superuser=True),
        "outsider": UserFactory.create(username="stranger"),
    }


def build_request(owner: User, visibility: str, index: int) -> InformationRequest:
    information_request = make_request(
        requester=owner,
        organization=owner.memberships.get().organization,
        subject=f"Задержания журналистов ({visibility})",
        created_at=SUBMITTED_AT,
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility=visibility)
    submitted = record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=SUBMITTED_AT,
        recorded_by=owner,
    )
    attach_evidence(event=submitted, name=f"receipt-{index}.txt", content=b"Kvitanciya 42")
    record_event(
        information_request=information_request,
        kind=EventKind.NOTE,
        occurred_at=SUBMITTED_AT,
        recorded_by=owner,
        note=SOURCE_NOTE,
    )
    return information_request


def incoming_email(information_request: InformationRequest, index: int) -> IncomingEmail:
    """A reply filed on the request (stored as the ingest would store it, without parsing)."""
    raw = f"Subject: Ответ на запрос\n\nОтвет: 42 обращения ({index}).\n".encode()
    stored = default_storage.save(f"mail/in/route-table/reply-{index}.eml", ContentFile(raw))
    return IncomingEmail.objects.create(
        message_id=f"<reply-{index}@police.example.kz>",
        raw=stored,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        source="test",
        received_at=NOW,
        from_address="kense@police.example.kz",
        to_addresses=["reply@tracker.example.org"],
        subject="Ответ на запрос",
        text_body="Ответ: 42 обращения.",
        match=MatchKind.EXACT,
        status=IncomingStatus.FILED,
        information_request=information_request,
    )


def suggested_refusal(information_request: InformationRequest) -> Suggestion:
    """A reply the tracker read as a refusal, not yet confirmed."""
    reply = record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=NOW,
        recorded_by=None,
        data={"from": "kense@police.example.kz", "subject": "Ответ на запрос"},
    )
    return Suggestion.objects.create(
        event=reply,
        kind=EventKind.REFUSED,
        values={"ground": "ст. 201 УПК РК", "ground_codes": ["cpc_201"]},
        computed_at=NOW,
    )


def held_email() -> IncomingEmail:
    """A message from nobody we know, in the holding queue, with no request suggested."""
    raw = b"Subject: \xd0\x9e\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82\n\nStray.\n"
    stored = default_storage.save("mail/in/route-table/held.eml", ContentFile(raw))
    return IncomingEmail.objects.create(
        message_id="<held@unknown.example.kz>",
        raw=stored,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        source="test",
        received_at=NOW,
        from_address="someone@unknown.example.kz",
        to_addresses=["info@tracker.example.org"],
        subject="Ответ",
        text_body="Stray.",
        match=MatchKind.UNMATCHED,
        status=IncomingStatus.HELD,
    )


def build_requests(owner: User) -> dict[str, RequestObjects]:
    PublicBody.objects.filter(slug="police-kz-75").update(
        email="kense@police.example.kz", postal_address="г. Астана, ул. Бейбитшилик, 1"
    )
    built = {
        visibility: build_request(owner, visibility, index)
        for index, visibility in enumerate(VISIBILITIES)
    }
    sweep_deadlines(now=NOW)
    objects: dict[str, RequestObjects] = {}
    for index, (visibility, information_request) in enumerate(built.items()):
        information_request.refresh_from_db()
        letter = generate_letter(information_request=information_request, user=owner, now=NOW)
        outgoing = queue_request_email(
            information_request=information_request, intent="request", user=owner, now=NOW
        )
        objects[visibility] = RequestObjects(
            request=information_request,
            letter=letter,
            evidence=EvidenceFile.objects.get(event__information_request=information_request),
            outgoing=outgoing,
            incoming=incoming_email(information_request, index),
            violation=Violation.objects.get(information_request=information_request),
            suggestion=suggested_refusal(information_request),
        )
    # The violation drawn from the public request is published; the others stay drafts.
    Violation.objects.filter(pk=objects[Visibility.PUBLIC].violation.pk).update(
        review_state=ReviewState.PUBLISHED
    )
    return objects


def build_appeal(users: dict[str, User]) -> tuple[CollectiveAppeal, Cosigner]:
    staff = users["ngo_staff"]
    appeal = create_appeal(
        title="Задержания журналистов",
        text="1. Сколько журналистов задержано в 2026 году?",
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=staff.memberships.get().organization,
        user=staff,
        now=NOW,
    )
    cosigner = add_cosigner(
        appeal=appeal,
        organization=users["owner"].memberships.get().organization,
        signatory_name="Айгерим Сапарова",
        signatory_title="Главный редактор",
        user=staff,
    )
    return appeal, cosigner


def build_world() -> World:
    with time_machine.travel(NOW, tick=False):
        users = build_users()
        requests = build_requests(users["owner"])
        appeal, cosigner = build_appeal(users)
        proposal = ContactProposal.objects.create(
            body=PublicBody.objects.get(slug="police-kz-75"),
            kind=ContactKind.EMAIL,
            value="kanc@police.example.kz",
            source_note="Указан на сайте департамента",
            proposed_by=users["outsider"],
        )
        template = LetterTemplate.objects.create(
            kind=LETTER_KIND_CHOICES[0][0],
            language="ru",
            version=1,
            source="{{ subject }}",
            is_active=False,
            created_by=users["ngo_staff"],
        )
        feed = CalendarFeed.objects.create(user=users["owner"])
        access_log_entry = AccessLogEntry.objects.create(
            user=users["superuser"],
            at=NOW,
            information_request_id=requests["private"].request.pk,
            kind=AccessKind.ADMIN_PAGE,
        )
        # A case item of the month's report, telling of the private request's violation.
        report_item = MonthlyNarrative.objects.create(
            month=NOW.date().replace(day=1), title_ru="Задержания журналистов", text_ru="Текст"
        )
        report_item.violations.set([requests["private"].violation])
        # Version 1 of the month's report, so that its downloads answer.
        publish(year=NOW.year, month=NOW.month, user=users["ngo_staff"], note="", now=NOW)
        held = held_email()
    return World(
        held=held,
        report_item=report_item,
        users=users,
        requests=requests,
        appeal=appeal,
        cosigner=cosigner,
        proposal=proposal,
        template=template,
        feed=feed,
        access_log_entry=access_log_entry,
    )
