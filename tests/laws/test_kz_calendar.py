"""The Kazakh working-day calendar: the holidays library, the weekend days worked under the
Government's transfers (day off <- worked day), and the decrees in the data files.

2018 is the year the calendar lacked its worked Saturdays (3 Mar, 28 Apr, 5 May, 25 Aug,
29 Dec, kz-rules.md §8.2): their days off were there, the Saturdays were not, so its deadlines
came out up to 5 working days late. Expected dates are counted by hand in each comment.
"""

from datetime import date, timedelta
from io import StringIO

import holidays
import pytest
from django.core.management import call_command

from requests_tracker.laws.calculator import calculate_deadline
from requests_tracker.laws.models import CalendarOverride, Jurisdiction, LegalRule
from requests_tracker.laws.selectors import working_calendar

pytestmark = pytest.mark.django_db


def kz() -> Jurisdiction:
    return Jurisdiction.objects.get(code="KZ")


def test_every_day_of_2018_to_2026_is_working_or_not_as_the_holidays_library_says() -> None:
    # given the library's own answer, which reads its transfer table both ways: the substituted
    # day off is a holiday, the weekend day worked for it is a working day
    library = holidays.country_holidays("KZ", years=range(2018, 2027))
    calendar = working_calendar(jurisdiction=kz(), years=range(2018, 2027))

    # when every day is compared
    day, last = date(2018, 1, 1), date(2026, 12, 31)
    differences = []
    while day <= last:
        if calendar.is_working_day(day) != library.is_working_day(day):
            differences.append(day)
        day += timedelta(days=1)

    # then none differs
    assert differences == []


@pytest.mark.parametrize(
    ("day", "is_working_day"),
    [
        (date(2018, 3, 3), True),  # Saturday worked, its day off Friday 9 March
        (date(2018, 3, 9), False),
        (date(2018, 4, 28), True),  # Saturday worked, its day off Monday 30 April
        (date(2018, 4, 30), False),
        (date(2018, 5, 5), True),  # Saturday worked, its day off Tuesday 8 May
        (date(2018, 5, 8), False),
        (date(2018, 8, 25), True),  # Saturday worked, its day off Friday 31 August
        (date(2018, 8, 31), False),
        (date(2018, 12, 29), True),  # Saturday worked, its day off Monday 31 December
        (date(2018, 12, 31), False),
        (date(2018, 3, 10), False),  # an ordinary Saturday
        (date(2020, 5, 11), True),  # observed Victory Day moved to Friday 8 May 2020
        (date(2020, 5, 8), False),
    ],
)
def test_the_2018_and_2020_transfers_are_in_the_calendar(day: date, is_working_day: bool) -> None:
    calendar = working_calendar(jurisdiction=kz(), years=[day.year])

    assert calendar.is_working_day(day) is is_working_day


def test_the_transfer_table_alone_makes_the_worked_saturdays_working_days() -> None:
    # given no decreed override for 2018 in the database (the library's table only)
    CalendarOverride.objects.filter(date__year=2018).delete()

    # when
    calendar = working_calendar(jurisdiction=kz(), years=[2017, 2018], language="ru")

    # then the worked Saturdays of 2018, and 1 July 2017 (its day off Friday 7 July), are working
    assert [
        calendar.is_working_day(day)
        for day in (
            date(2018, 3, 3),
            date(2018, 4, 28),
            date(2018, 5, 5),
            date(2018, 8, 25),
            date(2018, 12, 29),
            date(2017, 7, 1),
        )
    ] == [True] * 6
    assert (
        calendar.day(date(2018, 3, 3)).reason
        == "Рабочий день (суббота): выходной перенесён на 09.03.2018"
    )
    assert calendar.is_working_day(date(2018, 3, 9)) is False


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Tue 27 Feb: 28 Feb (1), 1 Mar (2), 2 Mar (3), Sat 3 Mar worked (4), 5 (5), 6 (6),
        # Wed 7 Mar (7); without the worked Saturday: 12 March (8 and 9 March are off)
        (date(2018, 2, 27), date(2018, 3, 7)),
        # Fri 27 Apr: Sat 28 Apr worked (1), 30 Apr off, 1 May off, 2 (2), 3 (3), 4 (4),
        # Sat 5 May worked (5), 7, 8, 9 May off, 10 (6), Fri 11 May (7); without: 15 May
        (date(2018, 4, 27), date(2018, 5, 11)),
        # Thu 23 Aug: 24 (1), Sat 25 Aug worked (2), 27 (3), 28 (4), 29 (5), 30 and 31 Aug off,
        # Mon 3 Sep (6), Tue 4 Sep (7); without: 5 September
        (date(2018, 8, 23), date(2018, 9, 4)),
        # Thu 27 Dec: 28 (1), Sat 29 Dec worked (2), 31 Dec, 1 and 2 Jan off, 3 (3), 4 (4),
        # 7 Jan off, 8 (5), 9 (6), Thu 10 Jan 2019 (7); without: 11 January
        (date(2018, 12, 27), date(2019, 1, 10)),
    ],
)
def test_a_2018_media_request_counts_the_worked_saturdays(received: date, due: date) -> None:
    # given only the library's transfer table for 2018 (no decreed override loaded)
    CalendarOverride.objects.filter(date__year=2018).delete()
    rule = LegalRule.objects.select_related("instrument__jurisdiction").get(
        rule_id="KZ.MEDIA1999.18.response"
    )

    calculation = calculate_deadline(
        rule=rule, received=received, registered_on=None, language="en"
    )

    assert calculation.due_date == due
    assert calculation.calendar_confirmed is True
    assert calculation.calendar_reasons == ()


def test_the_deadline_command_gives_7_march_2018_for_a_media_request_of_27_february() -> None:
    stdout = StringIO()

    call_command("deadline", "KZ.MEDIA1999.18.response", "2018-02-27", stdout=stdout)

    assert stdout.getvalue().splitlines()[1] == "Due date: 2018-03-07"
