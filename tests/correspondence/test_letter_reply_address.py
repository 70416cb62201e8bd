"""Every letter asks for the answer at the request's reply address, never at a personal mailbox.

A clerk who answers the address a letter gives must reach the tracker: a reply to the journalist's
own mailbox is never filed, never stops the clock and never becomes evidence.
"""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from letters.contexts import LANGUAGES, LetterKind
from letters.render import render_text
from requests_tracker.accounts.models import Membership, Role, User
from requests_tracker.correspondence.services import build_context, save_letter_template
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.reply_addresses import reply_code
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import OrganizationFactory, UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY)
PERSONAL_EMAIL = "dana.personal@mail.example.kz"
ORGANIZATION_POSTAL_ADDRESS = "050000, г. Алматы, ул. Абая, 1"
ALL_LETTERS = [(kind, language) for kind in LetterKind for language in LANGUAGES]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reply_domain(settings: SettingsWrapper) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "mail.tracker.example.org"


def silent_request(*, language: str) -> InformationRequest:
    """A Mass Media Law request from an outlet's journalist, sent 2 March 2026, never answered."""
    requester: User = UserFactory.create(username="dana", email=PERSONAL_EMAIL)
    outlet = OrganizationFactory.create(postal_address=ORGANIZATION_POSTAL_ADDRESS)
    Membership.objects.create(user=requester, organization=outlet, role=Role.EDITOR)
    information_request = make_request(
        requester=requester,
        organization=outlet,
        rule_ids=("KZ.MEDIA.36.response",),
        language=language,
        created_at=datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY),
        recorded_by=requester,
    )
    sweep_deadlines(now=datetime(2026, 3, 11, 1, 0, tzinfo=ALMATY))
    information_request.refresh_from_db()
    return information_request


def expected_reply_address(information_request: InformationRequest) -> str:
    pk = information_request.pk
    return f"reply+{pk}-{reply_code(pk)}@mail.tracker.example.org"


@pytest.mark.parametrize(("kind", "language"), ALL_LETTERS, ids=str)
def test_every_letter_gives_the_reply_address_and_never_the_requesters_own_email(
    kind: LetterKind, language: str
) -> None:
    # given: a reminder's context carries the prior request every kind may need
    information_request = silent_request(language=language)
    context = build_context(
        information_request=information_request, kind=LetterKind.REMINDER, now=NOW
    )

    # when
    text = render_text(replace(context, kind=kind))

    # then
    assert expected_reply_address(information_request) in text
    assert PERSONAL_EMAIL not in text


@pytest.mark.parametrize(
    ("language", "answer_line"),
    [
        (
            "ru",
            "Ответ прошу направить в письменной форме на почтовый адрес: {postal} "
            "или по электронной почте: {reply}.",
        ),
        (
            "kk",
            "Жауапты жазбаша түрде {postal} пошта мекенжайына немесе {reply} электрондық "
            "пошта мекенжайына жіберуіңізді сұраймын.",
        ),
        (
            "en",
            "Please send your answer in writing to the postal address {postal} "
            "or by email to {reply}.",
        ),
    ],
)
def test_a_request_asks_for_the_answer_by_post_and_at_the_reply_address(
    language: str, answer_line: str
) -> None:
    # given
    information_request = silent_request(language=language)

    # when
    context = build_context(
        information_request=information_request, kind=LetterKind.MEDIA_REQUEST, now=NOW
    )
    text = render_text(context)

    # then
    expected = answer_line.format(
        postal=ORGANIZATION_POSTAL_ADDRESS, reply=expected_reply_address(information_request)
    )
    assert expected in text.splitlines()


def test_a_staff_template_written_with_the_requesters_email_prints_the_reply_address() -> None:
    # given: a template saved before letters had a reply address of their own
    information_request = silent_request(language="ru")
    source = "{{ requester.name }}, {{ requester.email }}\n\n{{ text }}\n"
    context = build_context(
        information_request=information_request, kind=LetterKind.MEDIA_REQUEST, now=NOW
    )

    # when
    text = render_text(context, staff_source=source)

    # then
    assert text.splitlines()[0] == (
        f"Дана Журналистова, {expected_reply_address(information_request)}"
    )


def test_a_staff_template_may_name_the_reply_address() -> None:
    # given
    source = "{{ requester.name }}\n\nОтвет прошу направить по адресу: {{ reply_address }}.\n"

    # when
    template = save_letter_template(
        kind=LetterKind.MEDIA_REQUEST, language="ru", source=source, user=None
    )

    # then
    assert template.version == 1
    assert template.source == source
