"""Every loaded Kazakh rule with a period, computed on the real KZ calendar (library + decrees).

The expected dates were worked out by hand from the KZ calendar printed for each month (holidays
0.109 plus laws/data/calendar_overrides.yaml); each row's comment shows the counting.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import compute_due_date
from requests_tracker.deadlines.periods import StartEvent
from requests_tracker.deadlines.trace import render_trace
from requests_tracker.laws.models import Jurisdiction, LegalRule
from requests_tracker.laws.selectors import working_calendar

ALMATY = ZoneInfo("Asia/Almaty")

pytestmark = pytest.mark.django_db


def _kz_calendar(language: str = "en") -> WorkingCalendar:
    return working_calendar(
        jurisdiction=Jurisdiction.objects.get(code="KZ"), years=range(2023, 2028), language=language
    )


# registration_on_working_day: the start given is the receipt, and the rule runs from registration.
REGISTER_ON_NEXT_WORKING_DAY = True
START_AS_GIVEN = False

# (rule id, start, registration_on_working_day, start_date, nominal_date, due_date)
CASES = [
    # --- KZ.ATI.11.response: 15 calendar days from registration -------------------------------
    pytest.param(
        "KZ.ATI.11.response",
        date(2026, 3, 20),
        START_AS_GIVEN,
        date(2026, 3, 20),
        date(2026, 4, 4),
        date(2026, 4, 6),
        # Fri 20 Mar + 15 = Sat 4 Apr -> Mon 6 Apr
        id="ATI response ending on a Saturday",
    ),
    pytest.param(
        "KZ.ATI.11.response",
        date(2024, 5, 4),
        START_AS_GIVEN,
        date(2024, 5, 4),
        date(2024, 5, 19),
        date(2024, 5, 20),
        # registered on the worked Saturday 4 May 2024; + 15 = Sun 19 May -> Mon 20 May
        id="ATI response ending on a Sunday",
    ),
    pytest.param(
        "KZ.ATI.11.response",
        date(2026, 3, 14),
        REGISTER_ON_NEXT_WORKING_DAY,
        date(2026, 3, 16),
        date(2026, 3, 31),
        date(2026, 3, 31),
        # received Sat 14 Mar -> registered Mon 16 Mar; + 15 = Tue 31 Mar
        id="ATI receipt on a Saturday is registered on Monday",
    ),
    pytest.param(
        "KZ.ATI.11.response",
        date(2026, 3, 7),
        REGISTER_ON_NEXT_WORKING_DAY,
        date(2026, 3, 10),
        date(2026, 3, 25),
        date(2026, 3, 26),
        # received Sat 7 Mar; 8 Mar (Sun) and 9 Mar (observed Women's Day) off -> registered
        # Tue 10 Mar; + 15 = Wed 25 Mar (observed Nauryz) -> Thu 26 Mar
        id="ATI receipt before Women's Day ending in Nauryz",
    ),
    # --- KZ.ATI.11.extension: +15 calendar days from the original due date --------------------
    pytest.param(
        "KZ.ATI.11.extension",
        date(2026, 4, 6),
        START_AS_GIVEN,
        date(2026, 4, 6),
        date(2026, 4, 21),
        date(2026, 4, 21),
        # original due Mon 6 Apr + 15 = Tue 21 Apr
        id="ATI extension",
    ),
    # --- KZ.ATI.11.forwarding: 3 working days from receipt ------------------------------------
    pytest.param(
        "KZ.ATI.11.forwarding",
        date(2024, 5, 6),
        START_AS_GIVEN,
        date(2024, 5, 6),
        date(2024, 5, 14),
        date(2024, 5, 14),
        # Mon 6 May 2024: 7 (Defender's Day), 8 (decreed day off), 9 (Victory Day) off;
        # 10 (1), 11-12 weekend, 13 (2), 14 (3)
        id="ATI forwarding skips the decreed 8 May 2024",
    ),
    # --- KZ.APPC.63.registration: the same day, or the next working day -----------------------
    pytest.param(
        "KZ.APPC.63.registration",
        date(2026, 3, 19),
        START_AS_GIVEN,
        date(2026, 3, 19),
        date(2026, 3, 19),
        date(2026, 3, 19),
        # Thu 19 Mar is a working day: registered the same day
        id="registration on a working day",
    ),
    pytest.param(
        "KZ.APPC.63.registration",
        date(2026, 3, 14),
        START_AS_GIVEN,
        date(2026, 3, 14),
        date(2026, 3, 14),
        date(2026, 3, 16),
        # received Sat 14 Mar -> registered Mon 16 Mar
        id="registration of a Saturday receipt",
    ),
    pytest.param(
        "KZ.APPC.63.registration",
        date(2025, 1, 3),
        START_AS_GIVEN,
        date(2025, 1, 3),
        date(2025, 1, 3),
        date(2025, 1, 5),
        # Fri 3 Jan 2025 is the day off transferred from Sun 5 Jan, which was worked
        id="registration on the transferred 3 January 2025",
    ),
    # --- KZ.MEDIA.36.response: 5 working days from receipt ------------------------------------
    pytest.param(
        "KZ.MEDIA.36.response",
        date(2026, 3, 19),
        START_AS_GIVEN,
        date(2026, 3, 19),
        date(2026, 3, 31),
        date(2026, 3, 31),
        # Thu 19 Mar: 20 (1), 21-23 Nauryz + 24-25 observed, 26 (2), 27 (3), 28-29 weekend,
        # 30 (4), 31 (5)
        id="media request across Nauryz 2026",
    ),
    pytest.param(
        "KZ.MEDIA.36.response",
        datetime(2026, 3, 2, 19, 30, tzinfo=UTC),
        START_AS_GIVEN,
        date(2026, 3, 3),
        date(2026, 3, 11),
        date(2026, 3, 11),
        # 00:30 on Tue 3 Mar in Almaty (still 2 Mar in UTC) counts as 3 Mar: 4 (1), 5 (2),
        # 6 (3), 7-8 weekend, 9 observed Women's Day, 10 (4), 11 (5); from 2 Mar it would be 10 Mar
        id="media request received just after local midnight",
    ),
    # --- KZ.MEDIA.36.extension: +15 calendar days from the original due date ------------------
    pytest.param(
        "KZ.MEDIA.36.extension",
        date(2026, 3, 31),
        START_AS_GIVEN,
        date(2026, 3, 31),
        date(2026, 4, 15),
        date(2026, 4, 15),
        # Tue 31 Mar + 15 = Wed 15 Apr
        id="media extension",
    ),
    # --- KZ.MEDIA.36.extension_notice: 2 working days from the extension decision -------------
    pytest.param(
        "KZ.MEDIA.36.extension_notice",
        date(2026, 3, 20),
        START_AS_GIVEN,
        date(2026, 3, 20),
        date(2026, 3, 27),
        date(2026, 3, 27),
        # Fri 20 Mar: 21-25 off, 26 (1), 27 (2)
        id="media extension notice",
    ),
    # --- KZ.MEDIA1999.18.response (historical): 7 working days from receipt -------------------
    pytest.param(
        "KZ.MEDIA1999.18.response",
        date(2024, 5, 2),
        START_AS_GIVEN,
        date(2024, 5, 2),
        date(2024, 5, 15),
        date(2024, 5, 15),
        # Thu 2 May 2024: 3 (1), Sat 4 worked (2), 5 Sun, 6 (3), 7-9 off, 10 (4), 11-12 weekend,
        # 13 (5), 14 (6), 15 (7); without the worked Saturday it would be 16 May
        id="old media law counts the worked Saturday 4 May 2024",
    ),
    # --- KZ.APPC.76.response: 15 working days from receipt ------------------------------------
    pytest.param(
        "KZ.APPC.76.response",
        date(2024, 12, 30),
        START_AS_GIVEN,
        date(2024, 12, 30),
        date(2025, 1, 23),
        date(2025, 1, 23),
        # Mon 30 Dec 2024: 31 (1), 1-2 Jan New Year, 3 Jan transferred off, 4 Sat, Sun 5 worked (2),
        # 6 (3), 7 Christmas, 8-10 (4-6), 13-17 (7-11), 20-23 (12-15)
        id="appeal across New Year 2025 and the worked Sunday",
    ),
    # --- KZ.APPC.76.extension: at most 2 months from receipt ----------------------------------
    pytest.param(
        "KZ.APPC.76.extension",
        date(2026, 1, 21),
        START_AS_GIVEN,
        date(2026, 1, 21),
        date(2026, 3, 21),
        date(2026, 3, 26),
        # Wed 21 Jan + 2 months = Sat 21 Mar (Nauryz); 22-25 also off -> Thu 26 Mar
        id="appeal extension cap ending in Nauryz",
    ),
    pytest.param(
        "KZ.APPC.76.extension",
        date(2024, 12, 31),
        START_AS_GIVEN,
        date(2024, 12, 31),
        date(2025, 2, 28),
        date(2025, 2, 28),
        # Tue 31 Dec 2024 + 2 months: no 31 Feb -> Fri 28 Feb 2025
        id="appeal extension cap clamped to February",
    ),
    # --- KZ.APPC.76.extension_notice: 3 working days from the extension decision --------------
    pytest.param(
        "KZ.APPC.76.extension_notice",
        date(2024, 5, 2),
        START_AS_GIVEN,
        date(2024, 5, 2),
        date(2024, 5, 6),
        date(2024, 5, 6),
        # Thu 2 May 2024: 3 (1), Sat 4 worked (2), 5 Sun, Mon 6 (3)
        id="appeal extension notice counts the worked Saturday",
    ),
    # --- KZ.APPC.65.forwarding: 3 working days from receipt -----------------------------------
    pytest.param(
        "KZ.APPC.65.forwarding",
        date(2026, 3, 6),
        START_AS_GIVEN,
        date(2026, 3, 6),
        date(2026, 3, 12),
        date(2026, 3, 12),
        # Fri 6 Mar 2026: 7-8 weekend, 9 observed Women's Day, 10 (1), 11 (2), 12 (3)
        id="appeal forwarding across the observed Women's Day",
    ),
    # --- KZ.APPC.92.complaint_filing: 3 months from learning of the act -----------------------
    pytest.param(
        "KZ.APPC.92.complaint_filing",
        date(2025, 10, 31),
        START_AS_GIVEN,
        date(2025, 10, 31),
        date(2026, 1, 31),
        date(2026, 2, 2),
        # Fri 31 Oct 2025 + 3 months = Sat 31 Jan 2026 -> Mon 2 Feb
        id="complaint filing ending on 31 January",
    ),
    pytest.param(
        "KZ.APPC.92.complaint_filing",
        date(2025, 11, 30),
        START_AS_GIVEN,
        date(2025, 11, 30),
        date(2026, 2, 28),
        date(2026, 3, 2),
        # Sun 30 Nov 2025 + 3 months: no 30 Feb -> Sat 28 Feb 2026 -> Mon 2 Mar
        id="complaint filing clamped to February",
    ),
    # --- KZ.APPC.91.complaint_forwarding: 3 working days from receipt of the complaint --------
    pytest.param(
        "KZ.APPC.91.complaint_forwarding",
        date(2024, 12, 31),
        START_AS_GIVEN,
        date(2024, 12, 31),
        date(2025, 1, 8),
        date(2025, 1, 8),
        # Tue 31 Dec 2024: 1-2 Jan off, 3 Jan transferred off, 4 Sat, Sun 5 worked (1), 6 (2),
        # 7 Christmas, 8 (3)
        id="complaint forwarding across the 3 January 2025 transfer",
    ),
    # --- KZ.APPC.complaint_decision: 20 working days from receipt of the complaint ------------
    pytest.param(
        "KZ.APPC.complaint_decision",
        date(2026, 3, 2),
        START_AS_GIVEN,
        date(2026, 3, 2),
        date(2026, 4, 3),
        date(2026, 4, 3),
        # Mon 2 Mar: 3-6 (1-4), 9 observed, 10-13 (5-8), 16-20 (9-13), 21-25 Nauryz, 26-27 (14-15),
        # 30-31 (16-17), 1-3 Apr (18-20)
        id="complaint decision across Women's Day and Nauryz",
    ),
    # --- KZ.APPC.court_claim: 1 month from the complaint decision -----------------------------
    pytest.param(
        "KZ.APPC.court_claim",
        date(2025, 1, 31),
        START_AS_GIVEN,
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 2, 28),
        # Fri 31 Jan 2025 + 1 month: no 31 Feb -> Fri 28 Feb
        id="court claim clamped to February",
    ),
]


def test_the_table_covers_every_kazakh_rule_with_a_period():
    loaded = set(
        LegalRule.objects.filter(instrument__jurisdiction__code="KZ")
        .with_period()
        .values_list("rule_id", flat=True)
    )

    assert {case.values[0] for case in CASES} == loaded


@pytest.mark.parametrize(
    ("rule_id", "start", "registration_on_working_day", "start_date", "nominal_date", "due_date"),
    CASES,
)
def test_a_kazakh_rule_gives_its_legal_due_date(
    rule_id, start, registration_on_working_day, start_date, nominal_date, due_date
):
    # given the loaded rule and the KZ calendar
    rule = LegalRule.objects.get(rule_id=rule_id)

    # when
    due = compute_due_date(
        start=start,
        period=rule.period(),
        calendar=_kz_calendar(),
        time_zone=ALMATY,
        start_event=StartEvent(rule.start_event),
        registration_on_working_day=registration_on_working_day,
    )

    # then
    assert (due.start_date, due.nominal_date, due.due_date) == (
        start_date,
        nominal_date,
        due_date,
    )
    assert due.ends_at == datetime(
        due_date.year, due_date.month, due_date.day, 23, 59, 59, 999999, tzinfo=ALMATY
    )


def test_a_rolled_forward_deadline_names_the_holiday_in_kazakh():
    # given an APPC extension cap ending on Saturday 21 March 2026, Nauryz
    rule = LegalRule.objects.get(rule_id="KZ.APPC.76.extension")

    due = compute_due_date(
        start=date(2026, 1, 21),
        period=rule.period(),
        calendar=_kz_calendar(language="kk"),
        time_zone=ALMATY,
        start_event=StartEvent.RECEIPT,
    )

    # then the roll-forward step names the holiday as the holidays library does in Kazakh
    assert render_trace(due.trace, "kk")[3] == (
        "Соңғы күн, 21.03.2026, жұмыс күні емес (Наурыз мейрамы): мерзім келесі жұмыс күніне, "
        "26.03.2026 ауыстырылады"
    )
