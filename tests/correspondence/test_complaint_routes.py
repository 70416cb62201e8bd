"""Escalation follows each body's complaint route: the superior body, the head of the body, or
"not settled" with the prosecutor's office offered (never the court before a complaint); an
appeal about a prosecutor's office goes to the prosecutor's office above it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import escalate
from requests_tracker.information_requests.models import InformationRequest, Step
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def silent_request_to(body_slug: str) -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026, due 10 March, never answered."""
    information_request = make_request(
        body_slug=body_slug, rule_ids=("KZ.MEDIA.36.response",), created_at=at(3, 2, 9)
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=information_request.requester,
    )
    sweep_deadlines(now=at(3, 11, 1))
    information_request.refresh_from_db()
    assert information_request.status == Status.OVERDUE
    return information_request


def next_step_section(page: str) -> str:
    return page.split('<section id="next-step"', 1)[1].split("</section>", 1)[0]


def test_a_regional_prosecutors_silence_is_appealed_to_the_prosecutor_generals_office() -> None:
    silent = silent_request_to("prosecutor-kz-75")

    appeal, _letter = escalate(
        information_request=silent,
        step=Step.PROSECUTOR_APPEAL,
        user=silent.requester,
        now=at(3, 12),
    )

    # not the Almaty prosecutor's office itself
    assert appeal.public_body.slug == "general-prosecutor"


def test_an_appeal_above_the_prosecutor_generals_office_is_not_settled_and_nothing_is_made() -> (
    None
):
    silent = silent_request_to("general-prosecutor")

    with (
        translation.override("en"),
        pytest.raises(DomainError, match="do not settle which prosecutor's office is above"),
    ):
        escalate(
            information_request=silent,
            step=Step.PROSECUTOR_APPEAL,
            user=silent.requester,
            now=at(3, 12),
        )

    assert InformationRequest.objects.count() == 1
    assert Letter.objects.count() == 0


def test_a_complaint_about_the_prosecutor_generals_office_goes_to_its_head() -> None:
    silent = silent_request_to("general-prosecutor")

    complaint, letter = escalate(
        information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 12)
    )

    assert complaint.public_body.slug == "general-prosecutor"
    assert letter.text.startswith(
        "Руководителю Генеральной прокуратуры Республики Казахстан\n"
        "Через: Генеральная прокуратура Республики Казахстан\n"
    )
    assert (
        "Жалоба адресована руководителю органа как вышестоящему должностному лицу, поскольку "
        "вышестоящего органа, который мог бы её рассмотреть, нет, и подаётся через сам орган "
        "(части 3 и 4 статьи 91 АППК)."
    ) in letter.text
    assert "Жалоба адресована вышестоящему органу" not in letter.text


def test_a_complaint_whose_route_is_not_settled_is_refused_pointing_to_the_prosecutor() -> None:
    silent = silent_request_to("samruk-kazyna")

    with translation.override("en"), pytest.raises(DomainError) as raised:
        escalate(
            information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 12)
        )

    assert str(raised.value) == (
        "The legal notes do not settle who decides a complaint about this body "
        "(APPC Art. 91(3)): appeal to the prosecutor's office instead."
    )
    assert "court" not in str(raised.value)
    assert InformationRequest.objects.count() == 1
    assert Letter.objects.count() == 0


@time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False)
@pytest.mark.parametrize(
    ("language", "says"),
    [
        (
            "en",
            "The legal notes do not settle who decides a complaint about Samruk-Kazyna Sovereign "
            "Wealth Fund JSC: no superior body in the directory may decide one, and the "
            "President, the Prime Minister and the Government never do (APPC Article 91(3)). "
            "Appeal to the prosecutor's office instead.",
        ),
        ("ru", "Правовые заметки не решают, кто рассматривает жалобу на орган"),
        ("kk", "Құқықтық жазбалар"),
    ],
)
def test_the_page_says_plainly_the_route_is_not_settled_and_offers_the_prosecutor(
    client: Client, language: str, says: str
) -> None:
    silent = silent_request_to("samruk-kazyna")
    client.force_login(silent.requester)

    page = client.get(f"/requests/{silent.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    section = next_step_section(page)
    assert says in section
    assert f"/requests/{silent.pk}/escalate/complaint/" not in section
    assert f"/requests/{silent.pk}/escalate/prosecutor_appeal/" in section
    assert "court" not in section.lower()
    assert "суд" not in section.lower()
    assert "сот" not in section.lower()


@time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False)
def test_the_page_offers_a_complaint_to_the_head_of_a_ministry(client: Client) -> None:
    silent = silent_request_to("ministry-culture-information")
    client.force_login(silent.requester)

    page = client.get(f"/requests/{silent.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    section = next_step_section(page)
    assert (
        "A complaint to the head of Ministry of Culture and Information of the Republic of "
        "Kazakhstan, the superior official: no superior body may decide it (APPC Article 91(3))."
    ) in section
    assert f"/requests/{silent.pk}/escalate/complaint/" in section
    assert "An appeal to Prosecutor General&#x27;s Office of the Republic of Kazakhstan:" in section


@time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False)
def test_the_page_of_a_regional_prosecutor_offers_the_higher_office(client: Client) -> None:
    silent = silent_request_to("prosecutor-kz-75")
    client.force_login(silent.requester)

    page = client.get(f"/requests/{silent.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    section = next_step_section(page)
    assert (
        "A complaint to the superior body, Prosecutor General&#x27;s Office of the Republic of "
        "Kazakhstan, filed through the body that refused or stayed silent"
    ) in section
    assert "An appeal to Prosecutor General&#x27;s Office of the Republic of Kazakhstan:" in section
    assert "An appeal to Prosecutor&#x27;s Office of Almaty" not in section


@time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False)
def test_the_page_of_the_prosecutor_generals_office_says_no_higher_office_is_known(
    client: Client,
) -> None:
    silent = silent_request_to("general-prosecutor")
    client.force_login(silent.requester)

    page = client.get(f"/requests/{silent.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    section = next_step_section(page)
    assert (
        "The legal notes do not settle which prosecutor's office is above Prosecutor "
        "General&#x27;s Office of the Republic of Kazakhstan: no higher prosecutor's "
        "office is in the directory."
    ) in section
    assert f"/requests/{silent.pk}/escalate/prosecutor_appeal/" not in section
