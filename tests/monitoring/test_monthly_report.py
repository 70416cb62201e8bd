"""The monthly report gives the figures of the Adil Soz report for February 2018, in every format.

The fixture is that report (shared/reference/monitoring-report-2018-02.txt) entered by hand: two
criminal charges under CC Art. 174 (the two clients of lawyer Azanov), five judicial acts in
honour-and-dignity cases (one on appeal, three for the media), nineteen letters before action and
claims (Kaydarova's 10 million and Aydasheva's 1.5 million among them), and January entries, so
that damages claimed in January-February total 22,200,000 tenge and the courts collected 90,000.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from docx import Document
from pypdf import PdfReader

from requests_tracker.bodies.models import PublicBody
from requests_tracker.monitoring.models import (
    Block,
    Category,
    MonthlyNarrative,
    Outcome,
    PerpetratorType,
    ReviewState,
    Stage,
    VictimType,
    Violation,
)
from requests_tracker.monitoring.report import (
    as_docx,
    as_html,
    as_markdown,
    as_pdf,
    monthly_report,
)
from tests.factories import UserFactory, make_ngo_staff

pytestmark = pytest.mark.django_db

EN_SENTENCES = (
    "In February 2018, 2 charges of criminal offences were brought against the media and "
    "citizens in connection with the exercise of the right to freedom of expression, receipt and "
    "dissemination of information.",
    "5 judicial acts were issued in cases of protection of honour, dignity and business "
    "reputation (including 1 on appeal) in February.",
    "3 of them were in favour of the media, journalists and citizens.",
    "19 letters before action and claims for protection of honour, dignity and business "
    "reputation were filed in connection with the exercise of the right to freedom of expression "
    "in February.",
    "Claims for compensation for moral damage in January–February amounted to 22,200,000 tenge. "
    "The courts collected 90,000 tenge.",
)


def violation(category: str, occurred_on: date, **fields: Any) -> Violation:
    values: dict[str, Any] = {
        "block": Block.C,
        "category": category,
        "occurred_on": occurred_on,
        "review_state": ReviewState.PUBLISHED,
    }
    values.update(fields)
    return Violation.objects.create(**values)


def claim(occurred_on: date, amount: int | None, **fields: Any) -> Violation:
    return violation(
        Category.HONOUR_AND_DIGNITY_CLAIM,
        occurred_on,
        amount_claimed_kzt=None if amount is None else Decimal(amount),
        **fields,
    )


def judicial_act(occurred_on: date, stage: str, outcome: str, **fields: Any) -> Violation:
    return violation(Category.JUDICIAL_ACT, occurred_on, stage=stage, outcome=outcome, **fields)


@pytest.fixture
def february_2018() -> None:
    build_february_2018()


def build_february_2018(*, narrative: bool = True) -> None:
    """The reference report's February 2018 (and the January before it), published; with two of
    its case items unless ``narrative`` is False."""
    # Two charges under CC Art. 174, announced by the KNB of South Kazakhstan on 1 February.
    for name in ("Максат Калдарбек", "Канат Касымбеков"):
        violation(
            Category.CRIMINAL_CHARGE,
            date(2018, 2, 1),
            article="CC 174",
            victim_type=VictimType.CITIZEN,
            victim_name=name,
            perpetrator_type=PerpetratorType.LAW_ENFORCEMENT,
        )
    # Five judicial acts: one on appeal, three in favour of the media; 30,000 tenge collected.
    judicial_act(date(2018, 2, 6), Stage.FIRST_INSTANCE, Outcome.FOR_MEDIA)
    judicial_act(date(2018, 2, 12), Stage.FIRST_INSTANCE, Outcome.FOR_MEDIA)
    judicial_act(date(2018, 2, 19), Stage.APPEAL, Outcome.FOR_MEDIA)
    judicial_act(
        date(2018, 2, 21),
        Stage.FIRST_INSTANCE,
        Outcome.AGAINST_MEDIA,
        amount_awarded_kzt=Decimal(30_000),
        amount_collected_kzt=Decimal(30_000),
    )
    judicial_act(date(2018, 2, 27), Stage.FIRST_INSTANCE, Outcome.PENDING)
    # Nineteen letters before action and claims: 13,500,000 tenge claimed.
    claim(date(2018, 2, 5), 10_000_000, victim_outlet="Общественная позиция")  # Kaydarova
    claim(date(2018, 2, 26), 1_500_000, victim_outlet="ratel.kz")  # Aydasheva
    claim(date(2018, 2, 14), 2_000_000, stage=Stage.FIRST_INSTANCE)
    for day in range(1, 17):
        claim(date(2018, 2, day), None, stage=Stage.LETTER_BEFORE_ACTION)
    # January: 8,700,000 tenge claimed, and a judicial act that collected 60,000.
    claim(date(2018, 1, 10), 5_000_000)
    claim(date(2018, 1, 17), 3_000_000)
    claim(date(2018, 1, 31), 700_000)
    judicial_act(
        date(2018, 1, 24),
        Stage.FIRST_INSTANCE,
        Outcome.AGAINST_MEDIA,
        amount_collected_kzt=Decimal(60_000),
    )
    # Outside January-February 2018: never counted.
    claim(date(2017, 12, 29), 50_000_000)
    claim(date(2018, 3, 1), 4_000_000)
    violation(Category.CRIMINAL_CHARGE, date(2018, 3, 1))
    # Not yet published: a draft of each kind, and one verified claim (a staff preview counts it).
    violation(Category.CRIMINAL_CHARGE, date(2018, 2, 9), review_state=ReviewState.DRAFT)
    claim(date(2018, 2, 9), 1_000_000, review_state=ReviewState.DRAFT)
    judicial_act(
        date(2018, 2, 9),
        Stage.APPEAL,
        Outcome.FOR_MEDIA,
        amount_collected_kzt=Decimal(10_000),
        review_state=ReviewState.DRAFT,
    )
    claim(date(2018, 2, 28), 300_000, review_state=ReviewState.VERIFIED)
    if not narrative:
        return
    MonthlyNarrative.objects.create(
        month=date(2018, 2, 1),
        position=2,
        title_ru="Жена чиновника обвинила корреспондента ratel.kz",
        title_en="An official's wife accused a ratel.kz correspondent",
        text_ru="Асель Айдашева подала иск в Павлодарский городской суд.",
        text_en="Asel Aydasheva filed a lawsuit with the Pavlodar City Court.",
    )
    MonthlyNarrative.objects.create(
        month=date(2018, 2, 1),
        position=1,
        title_ru="Академик Дильяра Кайдарова требует 10 миллионов тенге",
        title_en="Academician Dilyara Kaydarova demands 10 million tenge",
        text_ru="5 февраля началась подготовка к слушанию.",
        text_en="On February 5 preparations for a court hearing began.",
    )
    MonthlyNarrative.objects.create(
        month=date(2018, 3, 1), title_ru="Мартовский материал", text_ru="Не в феврале."
    )


def translated_sentences(language: str) -> tuple[str, ...]:
    """The report's sentences for the fixture, as the catalogue of ``language`` words them."""
    with translation.override(language):
        month = pgettext("month after 'in'", "February")
        period = pgettext("a range of months", "%(first)s–%(last)s") % {
            "first": pgettext("month after 'in'", "January"),
            "last": month,
        }
        tenge = gettext("%(amount)s tenge")
        return (
            ngettext(
                "In %(month)s %(year)s, %(count)s charge of a criminal offence was brought "
                "against the media and citizens in connection with the exercise of the right to "
                "freedom of expression, receipt and dissemination of information.",
                "In %(month)s %(year)s, %(count)s charges of criminal offences were brought "
                "against the media and citizens in connection with the exercise of the right to "
                "freedom of expression, receipt and dissemination of information.",
                2,
            )
            % {"month": month, "year": 2018, "count": 2},
            gettext(
                "Claims for compensation for moral damage in %(period)s amounted to "
                "%(claimed)s. The courts collected %(collected)s."
            )
            % {
                "period": period,
                "claimed": tenge % {"amount": "22 200 000"},
                "collected": tenge % {"amount": "90 000"},
            },
        )


def test_the_february_2018_report_gives_the_figures_of_the_adil_soz_report(
    february_2018: None,
) -> None:
    report = monthly_report(year=2018, month=2, language="en")

    assert report.criminal_charges == 2
    assert (report.judicial_acts, report.judicial_acts_on_appeal) == (5, 1)
    assert report.judicial_acts_for_media == 3
    assert report.claims_filed == 19
    assert report.moral_damages_claimed_kzt == Decimal("22200000.00")
    assert report.sums_collected_kzt == Decimal("90000.00")
    assert [item.title for item in report.narrative] == [
        "Academician Dilyara Kaydarova demands 10 million tenge",
        "An official's wife accused a ratel.kz correspondent",
    ]


def test_a_staff_preview_also_counts_verified_entries_but_never_drafts(
    february_2018: None,
) -> None:
    report = monthly_report(year=2018, month=2, language="ru", published_only=False)

    assert (report.criminal_charges, report.judicial_acts, report.claims_filed) == (2, 5, 20)
    assert report.moral_damages_claimed_kzt == Decimal("22500000.00")
    assert report.sums_collected_kzt == Decimal("90000.00")


def test_the_report_takes_seven_queries_whatever_the_data(
    february_2018: None, django_assert_num_queries: Any
) -> None:
    # The figures (1), the kinds of body (1), every category by region and article (1), the
    # category table (1), the header and signature (1), the case items (1) and their
    # violations (1).
    with django_assert_num_queries(7):
        monthly_report(year=2018, month=2, language="kk")


def test_a_month_without_case_items_takes_six_queries(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(6):
        monthly_report(year=2018, month=2, language="kk")


def test_the_english_markdown_and_html_hold_the_sentences_of_the_reference_report(
    february_2018: None,
) -> None:
    report = monthly_report(year=2018, month=2, language="en")

    markdown = as_markdown(report)
    html = as_html(report)

    assert markdown.startswith("# Violations of freedom of speech in Kazakhstan. February 2018\n")
    for sentence in EN_SENTENCES:
        assert sentence in markdown
        assert sentence in html
    assert "## Academician Dilyara Kaydarova demands 10 million tenge" in markdown
    assert "<h2>An official&#x27;s wife accused a ratel.kz correspondent</h2>" in html
    assert markdown.index("Kaydarova") < markdown.index("Aydasheva")


@pytest.mark.parametrize(
    ("language", "month_title", "first_title"),
    [
        ("ru", "Февраль 2018", "Академик Дильяра Кайдарова требует 10 миллионов тенге"),
        # No Kazakh title was written: the Russian one stands in.
        ("kk", "Ақпан 2018", "Академик Дильяра Кайдарова требует 10 миллионов тенге"),
    ],
)
def test_the_russian_and_kazakh_reports_are_worded_from_the_catalogue(
    february_2018: None, language: str, month_title: str, first_title: str
) -> None:
    report = monthly_report(year=2018, month=2, language=language)

    markdown = as_markdown(report)
    html = as_html(report)

    assert month_title in markdown.splitlines()[0]
    assert f'<html lang="{language}">' in html
    assert f"## {first_title}" in markdown
    assert "22 200 000" in markdown
    for sentence in translated_sentences(language):
        assert sentence in markdown
        assert sentence in html


def test_the_pdf_and_the_docx_carry_the_report(february_2018: None) -> None:
    report = monthly_report(year=2018, month=2, language="ru")

    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(as_pdf(report))).pages)
    document = Document(BytesIO(as_docx(report)))

    assert "22" in pdf_text
    assert "Кайдарова" in pdf_text
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == translated_title("ru")
    assert translated_sentences("ru")[1] in paragraphs


def translated_title(language: str) -> str:
    with translation.override(language):
        return gettext("Violations of freedom of speech in Kazakhstan. %(month)s") % {
            "month": "Февраль 2018"
        }


@time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Almaty")), tick=False)
def test_the_command_prints_the_figures_as_json(february_2018: None) -> None:
    output = StringIO()

    call_command("monthly_report", "2018-02", "--format", "json", "--language", "en", stdout=output)

    data = json.loads(output.getvalue())
    assert {key: value for key, value in data.items() if key != "narrative"} == {
        "year": 2018,
        "month": 2,
        "language": "en",
        "published_only": True,
        "dated": "2026-12-01",  # the day it is drawn: unpublished, it bears today's date
        "header": [],
        "signature": [],
        "attacks": 0,
        "threats": 0,
        "detentions": 0,
        "obstruction": 0,
        "summons": 0,
        "criminal_charges": 2,
        "administrative_charges": 0,
        "judicial_acts": 5,
        "judicial_acts_on_appeal": 1,
        "judicial_acts_for_media": 3,
        "claims_filed": 19,
        "moral_damages_claimed_kzt": "22200000.00",
        "sums_collected_kzt": "90000.00",
        "refusals_and_missed_deadlines": 0,
        "refusals_by_body_kind": {},
        "refusals_by_region": {},
        # None of the fixture's violations names a region.
        "criminal_charges_by_region": {"": 2},
        "claims_filed_by_region": {"": 19},
        "judicial_acts_by_region": {"": 5},
        "criminal_charges_by_article": {"CC 174": 2},
        "administrative_charges_by_article": {},
        "categories": {"honour_and_dignity_claim": 19, "judicial_act": 5, "criminal_charge": 2},
    }
    assert len(data["narrative"]) == 2


def test_the_command_writes_a_pdf_to_the_file_given(february_2018: None, tmp_path: Any) -> None:
    output = tmp_path / "report.pdf"

    call_command("monthly_report", "2018-02", "--format", "pdf", "--output", str(output))

    assert output.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("month", ["2018-13", "2018-2", "February"])
def test_the_command_refuses_a_month_that_is_not_yyyy_mm(month: str) -> None:
    with pytest.raises(CommandError, match="is not a month: give it as YYYY-MM"):
        call_command("monthly_report", month)


def test_refusals_and_missed_deadlines_are_counted_by_kind_of_body_and_region() -> None:
    police = PublicBody.objects.get(slug="police-kz-75")  # Almaty
    akimat = PublicBody.objects.get(slug="akimat-kz-55")  # Pavlodar Region

    def refusal(category: str, body: PublicBody, occurred_on: date, **fields: Any) -> None:
        violation(
            category,
            occurred_on,
            block=Block.B,
            public_body=body,
            region=body.region,
            **fields,
        )

    refusal(Category.SILENCE, police, date(2018, 2, 2))
    refusal(Category.SILENCE, police, date(2018, 2, 20))
    refusal(Category.REFUSAL_CPC_201, akimat, date(2018, 2, 28))
    refusal(Category.SILENCE, akimat, date(2018, 2, 21), review_state=ReviewState.DRAFT)
    refusal(Category.REFUSAL, police, date(2018, 1, 31))
    violation(Category.DENIED_ACCREDITATION, date(2018, 2, 7), block=Block.B, public_body=police)

    report = monthly_report(year=2018, month=2, language="en")

    assert report.refusals_and_missed_deadlines == 3
    assert report.refusals_by_body_kind == {"police": 2, "akimat": 1}
    assert report.refusals_by_region == {"KZ-75": 2, "KZ-55": 1}
    assert report.region_names == {"KZ-75": "Almaty", "KZ-55": "Pavlodar Region"}
    markdown = as_markdown(report)
    assert "By kind of body:\n\n- Police: 2\n- Akimat: 1\n" in markdown
    assert "By region:\n\n- Almaty: 2\n- Pavlodar Region: 1\n" in markdown


def test_the_report_page_is_not_found_for_a_journalist(client: Client) -> None:
    client.force_login(UserFactory.create())

    response = client.get("/monitoring/report/2018-02/")

    assert response.status_code == 404


def test_the_report_page_sends_an_anonymous_visitor_to_sign_in(client: Client) -> None:
    response = client.get("/monitoring/report/2018-02/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/monitoring/report/2018-02/"


def test_ngo_staff_download_the_report_in_every_format(february_2018: None, client: Client) -> None:
    staff = make_ngo_staff()
    client.force_login(staff)

    html = client.get("/monitoring/report/2018-02/?language=en")
    pdf = client.get("/monitoring/report/2018-02/?language=ru&format=pdf")
    data = client.get("/monitoring/report/2018-02/?format=json&preview=1")
    wrong = client.get("/monitoring/report/2018-02/?format=xls")

    assert html.status_code == 200
    assert EN_SENTENCES[4] in html.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="monitoring-2018-02-ru.pdf"'
    assert data.json()["claims_filed"] == 20
    assert wrong.status_code == 400
