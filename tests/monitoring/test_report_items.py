"""The month's case items: written by NGO staff (page, API, admin) and shown first in the report,
with their quotes and lists, then the figures.

The items are the four of the Adil Soz report for February 2018
(shared/reference/monitoring-report-2018-02.txt), over that month's figures
(``build_february_2018``): the 10-million claim against "Public position", the privacy claim
against ratel.kz, the collective appeal about CPC Art. 201 and the Art. 174 detentions.
"""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from requests_tracker.monitoring.models import Category, MonthlyNarrative, Violation
from requests_tracker.monitoring.report import (
    as_data,
    as_docx,
    as_html,
    as_markdown,
    as_pdf,
    monthly_report,
)
from tests.monitoring.test_monthly_report import EN_SENTENCES, build_february_2018

pytestmark = pytest.mark.django_db

FEBRUARY = date(2018, 2, 1)
KAYDAROVA = "Academician Dilyara Kaydarova demands 10 million tenge and public apology"
RATEL = "The wife of a Pavlodar sports official accused a ratel.kz correspondent"
APPEAL = "Media NGOs appealed against the limitation of access to information under CPC Art. 201"
DETENTIONS = "Twelve citizens detained in South Kazakhstan under CC Art. 174"
KAYDAROVA_QUOTE = (
    '“The phrase "cancer harassment" (...) assumes that I violated the law and ethical norms '
    "while performing of my duties as the director of the Institute”, the claim says."
)
APPEAL_QUOTE = (
    "“This restriction is effective from the end of January 2018. It resulted in journalists’ "
    "inability to receive information on the facts of committing criminal offenses from bodies "
    "authorized to conduct pre-trial investigations”, the appeal says."
)
KAYDAROVA_TEXT = (
    "On February 5 preparations for a court hearing began in the Zhetysu District Court of "
    "Almaty on the suit of Dilyara Kaydarova against the owner of the newspaper "
    '"Public position".\n'
    f"> {KAYDAROVA_QUOTE}\n"
    "\n"
    "The plaintiff asked the court:\n"
    "- to compel the defendants to publish a refutation;\n"
    "- to bring public apology;\n"
    "- to compensate moral damage in the amount of 10 million tenge."
)


def item(position: int, title: str, text: str, *violations: Violation) -> MonthlyNarrative:
    created = MonthlyNarrative.objects.create(
        month=FEBRUARY,
        position=position,
        title_ru=title,
        text_ru=text,
        title_en=title,
        text_en=text,
    )
    created.violations.set(violations)
    return created


@pytest.fixture
def february_items() -> dict[str, MonthlyNarrative]:
    build_february_2018(narrative=False)
    claims = Violation.objects.filter(category=Category.HONOUR_AND_DIGNITY_CLAIM)
    # The two charges under Art. 174, and a draft charge that the report does not count.
    charges = Violation.objects.filter(
        category=Category.CRIMINAL_CHARGE, occurred_on__in=(date(2018, 2, 1), date(2018, 2, 9))
    )
    return {
        # Entered out of order: the position decides.
        "detentions": item(
            4,
            DETENTIONS,
            "On February 1 the KNB department for the South Kazakhstan region reported the "
            "detention of 12 citizens suspected of disseminating extremist materials.",
            *charges,
        ),
        "kaydarova": item(
            1, KAYDAROVA, KAYDAROVA_TEXT, claims.get(victim_outlet="Общественная позиция")
        ),
        "appeal": item(3, APPEAL, f"> {APPEAL_QUOTE}\n\nThe situation is the same in all regions."),
        "ratel": item(
            2,
            RATEL,
            "Asel Aydasheva asked the court to enforce:\n"
            "* 1.5 million tenge as compensation for moral injury;\n"
            "* 100 thousand tenge as cost of representation.",
            claims.get(victim_outlet="ratel.kz"),
        ),
    }


def test_the_markdown_shows_the_items_with_their_quotes_and_lists_first_then_the_figures(
    february_items: dict[str, MonthlyNarrative],
) -> None:
    markdown = as_markdown(monthly_report(year=2018, month=2, language="en"))

    assert (
        f"## {KAYDAROVA}\n\n"
        "On February 5 preparations for a court hearing began in the Zhetysu District Court of "
        "Almaty on the suit of Dilyara Kaydarova against the owner of the newspaper "
        '"Public position".\n\n'
        f"> {KAYDAROVA_QUOTE}\n\n"
        "The plaintiff asked the court:\n\n"
        "- to compel the defendants to publish a refutation;\n"
        "- to bring public apology;\n"
        "- to compensate moral damage in the amount of 10 million tenge.\n"
    ) in markdown
    assert (
        f"## {RATEL}\n\n"
        "Asel Aydasheva asked the court to enforce:\n\n"
        "- 1.5 million tenge as compensation for moral injury;\n"
        "- 100 thousand tenge as cost of representation.\n"
    ) in markdown
    assert f"## {APPEAL}\n\n> {APPEAL_QUOTE}\n\nThe situation is the same in all regions.\n" in (
        markdown
    )
    positions = [
        markdown.index(text) for text in (KAYDAROVA, RATEL, APPEAL, DETENTIONS, *EN_SENTENCES)
    ]
    assert positions == sorted(positions)


def test_the_html_keeps_the_quotes_and_lists_as_elements(
    february_items: dict[str, MonthlyNarrative],
) -> None:
    html = as_html(monthly_report(year=2018, month=2, language="en"))

    assert (
        "<blockquote><p>“This restriction is effective from the end of January 2018. It resulted "
        "in journalists’ inability"
    ) in html
    assert (
        "<ul><li>1.5 million tenge as compensation for moral injury;</li>"
        "<li>100 thousand tenge as cost of representation.</li></ul>"
    ) in html
    assert "&quot;cancer harassment&quot;" in html  # escaped, as every value
    assert html.index(DETENTIONS) < html.index(EN_SENTENCES[0])


def test_the_pdf_and_the_docx_show_the_items_with_their_quotes_before_the_figures(
    february_items: dict[str, MonthlyNarrative],
) -> None:
    report = monthly_report(year=2018, month=2, language="en")

    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(as_pdf(report))).pages)
    paragraphs = [paragraph.text for paragraph in Document(BytesIO(as_docx(report))).paragraphs]

    flat = " ".join(pdf_text.split())
    assert "“This restriction is effective from the end of January 2018." in flat
    assert "– to bring public apology;" in flat
    assert flat.index("Kaydarova demands") < flat.index("ratel.kz correspondent")
    assert flat.index("ratel.kz correspondent") < flat.index("Twelve citizens detained")
    assert flat.index("Twelve citizens detained") < flat.index("2 charges of criminal offences")
    assert KAYDAROVA_QUOTE in paragraphs
    assert APPEAL_QUOTE in paragraphs
    assert (
        "– to compel the defendants to publish a refutation;\n"
        "– to bring public apology;\n"
        "– to compensate moral damage in the amount of 10 million tenge."
    ) in paragraphs
    assert paragraphs.index(DETENTIONS) < paragraphs.index(EN_SENTENCES[0])


def test_a_quote_without_its_own_quotation_marks_is_set_in_them_in_the_pdf_and_docx() -> None:
    MonthlyNarrative.objects.create(
        month=FEBRUARY, title_ru="Цитата", text_ru="Адвокат сказал:\n> Они даже не знакомы."
    )

    document = Document(BytesIO(as_docx(monthly_report(year=2018, month=2, language="ru"))))

    assert "“Они даже не знакомы.”" in [paragraph.text for paragraph in document.paragraphs]


def test_the_report_lists_each_items_violations_that_it_counts(
    february_items: dict[str, MonthlyNarrative],
) -> None:
    published = monthly_report(year=2018, month=2, language="en")
    preview = monthly_report(year=2018, month=2, language="en", published_only=False)

    kaydarova = february_items["kaydarova"].violations.get()
    ratel = february_items["ratel"].violations.get()
    charges = list(february_items["detentions"].violations.order_by("pk"))
    assert [len(charges), charges[2].review_state] == [3, "draft"]
    assert [(entry.title, entry.violation_ids) for entry in published.narrative] == [
        (KAYDAROVA, (kaydarova.pk,)),
        (RATEL, (ratel.pk,)),
        (APPEAL, ()),
        (DETENTIONS, (charges[0].pk, charges[1].pk)),  # never the draft
    ]
    # A staff preview counts verified rows too, never drafts.
    assert preview.narrative[3].violation_ids == (charges[0].pk, charges[1].pk)
    assert as_data(published)["narrative"][1] == {
        "title": RATEL,
        "text": february_items["ratel"].text_en,
        "violations": [ratel.pk],
    }
