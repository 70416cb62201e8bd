"""The report covers every block as the NGO publishes it: the organisation's header, the title and
its date, the case items, block C (charges by article, judicial acts, claims, damages), block A
(attacks, threats, detentions, obstruction, summons), block B (refusals by kind of body and
region), a table by region for each figure, and the signature of the head of monitoring.

February 2018 is the seed's month (shared/reference/monitoring-report-2018-02.txt), with its four
case items; March 2019 is made up, with non-round figures in every block (``march_2019``): by
hand, attacks 3 (Almaty 2, Pavlodar Region 1), threats 2 (Almaty 1, no region 1), detentions 1,
obstruction 3 (one obstruction and two interferences in media, all Almaty), summons 1, a murder
(no figure: named by category in block A), criminal charges 3 (CC 274 twice, CC 174 once; Astana 2,
Almaty 1), administrative charges 2 (CoAO 456-2, and one without its article; Pavlodar Region
both), a refusal in Almaty, a blocked site (block B, no figure).
"""

import json
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from docx import Document
from pypdf import PdfReader

from requests_tracker.bodies.models import Region
from requests_tracker.monitoring.models import (
    MonthlyNarrative,
    ReportMasthead,
    ReviewState,
    Violation,
    ViolationCategory,
)
from requests_tracker.monitoring.report import (
    as_data,
    as_docx,
    as_html,
    as_markdown,
    as_pdf,
    monthly_report,
)
from requests_tracker.monitoring.report.changes import changes_since
from requests_tracker.monitoring.report.versions import publish, render_version
from tests.factories import UserFactory, make_ngo_staff
from tests.monitoring.test_report_items import (
    APPEAL,
    DETENTIONS,
    KAYDAROVA,
    KAYDAROVA_QUOTE,
    RATEL,
    february_items,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.django_db

# The seed's header and signature, as the NGO prints them.
HEADER = (
    "Сөз бостандығын қорғау халықаралық қоры\n"
    "Международный фонд защиты свободы слова\n"
    "The International Foundation for Freedom of Speech Protection"
)
SIGNATURE = "Head of monitoring service of Adil Soz Foundation Elena Tsoi\ne-mail: lena@adilsoz.kz"
DRAWN_ON = datetime(2018, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture
def masthead() -> ReportMasthead:
    return ReportMasthead.objects.create(
        header_en=HEADER,
        header_ru=HEADER,
        signature_en=SIGNATURE,
        signature_ru="Руководитель службы мониторинга Елена Цой\ne-mail: lena@adilsoz.kz",
    )


# The seed's month, from the figures on: block C as the seed words it, then the blocks the seed
# month had nothing in, the tables by region (the seed's cases name no region), the signature.
FEBRUARY_2018_FROM_THE_FIGURES = """\
## Claims and charges against journalists, media and citizens

In February 2018, 2 charges of criminal offences were brought against the media and citizens \
in connection with the exercise of the right to freedom of expression, receipt and dissemination \
of information.

5 judicial acts were issued in cases of protection of honour, dignity and business reputation \
(including 1 on appeal) in February.

3 of them were in favour of the media, journalists and citizens.

19 letters before action and claims for protection of honour, dignity and business reputation \
were filed in connection with the exercise of the right to freedom of expression in February.

Claims for compensation for moral damage in January–February amounted to 22,200,000 tenge. \
The courts collected 90,000 tenge.

Criminal charges by article:

- CC 174: 2

## Violations of the rights of journalists, media and newsmakers

In February 2018, the monitoring recorded:

- Attacks: 0
- Threats: 0
- Detentions and arrests: 0
- Obstruction of the lawful activity of journalists and media: 0
- Summonses to law-enforcement and supervisory bodies: 0

## Refusals to provide information and missed deadlines

In February 2018, 0 refusals to provide information and violations of the deadlines for \
answers to requests were recorded.

## By region

Criminal charges by region:

- Not stated: 2

Letters before action and claims by region:

- Not stated: 19

Judicial acts by region:

- Not stated: 5

The monitoring was done according to reports of correspondents and information from open \
sources.

Head of monitoring service of Adil Soz Foundation Elena Tsoi\\
e-mail: lena@adilsoz.kz
"""


@time_machine.travel(DRAWN_ON, tick=False)
def test_february_2018_reads_like_the_seed_header_items_figures_then_the_signature(
    february_items: dict[str, MonthlyNarrative],  # noqa: F811
    masthead: ReportMasthead,
) -> None:
    markdown = as_markdown(monthly_report(year=2018, month=2, language="en"))

    assert markdown.startswith(
        "Сөз бостандығын қорғау халықаралық қоры\\\n"
        "Международный фонд защиты свободы слова\\\n"
        "The International Foundation for Freedom of Speech Protection\n\n"
        "# Violations of freedom of speech in Kazakhstan. February 2018\n\n"
        "March 1, 2018\n\n"
    )
    assert markdown.endswith(FEBRUARY_2018_FROM_THE_FIGURES)
    items = [markdown.index(f"## {title}") for title in (KAYDAROVA, RATEL, APPEAL, DETENTIONS)]
    assert items == sorted(items)
    assert markdown.index(f"> {KAYDAROVA_QUOTE}") < markdown.index(f"## {RATEL}")
    assert items[-1] < markdown.index(FEBRUARY_2018_FROM_THE_FIGURES)


@time_machine.travel(DRAWN_ON, tick=False)
def test_the_pdf_and_docx_of_february_2018_keep_the_seeds_order(
    february_items: dict[str, MonthlyNarrative],  # noqa: F811
    masthead: ReportMasthead,
) -> None:
    report = monthly_report(year=2018, month=2, language="en")
    pdf = " ".join(
        "".join(page.extract_text() for page in PdfReader(BytesIO(as_pdf(report))).pages).split()
    )
    docx = [paragraph.text for paragraph in Document(BytesIO(as_docx(report))).paragraphs]

    in_order = (
        "The International Foundation for Freedom of Speech Protection",
        "Violations of freedom of speech in Kazakhstan. February 2018",
        "March 1, 2018",
        "Kaydarova demands",
        "ratel.kz correspondent",
        "Twelve citizens detained",
        "2 charges of criminal offences",
        "5 judicial acts",
        "(including 1 on appeal)",
        "3 of them were in favour",
        "19 letters before action",
        "22,200,000 tenge",
        "90,000 tenge",
        "Attacks: 0",
        "Head of monitoring service of Adil Soz Foundation Elena Tsoi",
        "e-mail: lena@adilsoz.kz",
    )
    positions = [pdf.index(text) for text in in_order]
    assert positions == sorted(positions)
    assert docx[-1] == SIGNATURE
    assert docx.index("March 1, 2018") < docx.index(KAYDAROVA_QUOTE)


def violation(category: str, block: str, region: str = "", **fields: Any) -> Violation:
    values: dict[str, Any] = {
        "block": block,
        "category": category,
        "occurred_on": date(2019, 3, 14),
        "review_state": ReviewState.PUBLISHED,
        "region": Region.objects.get(code=region) if region else None,
    }
    return Violation.objects.create(**(values | fields))


@pytest.fixture
def march_2019() -> None:
    for region in ("KZ-75", "KZ-75", "KZ-55"):
        violation("attack", "A", region)
    violation("murder", "A", "KZ-71")
    violation("threat", "A", "KZ-75")
    violation("threat", "A")
    violation("detention", "A", "KZ-35")
    violation("obstruction", "A", "KZ-75")
    violation("media_interference", "A", "KZ-75")
    violation("media_interference", "A", "KZ-75")
    violation("summons", "A", "KZ-55")
    violation("criminal_charge", "C", "KZ-71", article="CC 274")
    violation("criminal_charge", "C", "KZ-71", article="CC 174")
    violation("criminal_charge", "C", "KZ-75", article="CC 274 ")  # typed with a space
    violation("administrative_charge", "C", "KZ-55", article="CoAO 456-2")
    violation("administrative_charge", "C", "KZ-55")
    violation("refusal", "B", "KZ-75")
    violation("blocking", "B", "KZ-71")
    # Never counted: a draft attack, an attack in April, a verified threat (a preview counts it).
    violation("attack", "A", "KZ-75", review_state=ReviewState.DRAFT)
    violation("attack", "A", "KZ-75", occurred_on=date(2019, 4, 1))
    violation("threat", "A", "KZ-35", review_state=ReviewState.VERIFIED)


def test_every_block_is_counted_with_a_table_by_region_for_each_figure(march_2019: None) -> None:
    data = as_data(monthly_report(year=2019, month=3, language="en"))

    assert {key: data[key] for key in data if key.endswith(("_by_region", "_by_article"))} == {
        "refusals_by_region": {"KZ-75": 1},
        "attacks_by_region": {"KZ-75": 2, "KZ-55": 1},
        "threats_by_region": {"KZ-75": 1, "": 1},
        "detentions_by_region": {"KZ-35": 1},
        "obstruction_by_region": {"KZ-75": 3},
        "summons_by_region": {"KZ-55": 1},
        "criminal_charges_by_region": {"KZ-71": 2, "KZ-75": 1},
        "administrative_charges_by_region": {"KZ-55": 2},
        "criminal_charges_by_article": {"CC 274": 2, "CC 174": 1},
        "administrative_charges_by_article": {"CoAO 456-2": 1, "": 1},
    }
    assert [
        data[key] for key in ("attacks", "threats", "detentions", "obstruction", "summons")
    ] == [
        3,
        2,
        1,
        3,
        1,
    ]
    assert [data["criminal_charges"], data["administrative_charges"]] == [3, 2]
    # Largest first, then by code; "not stated" last whatever its count.
    assert list(data["criminal_charges_by_region"].items()) == [("KZ-71", 2), ("KZ-75", 1)]
    assert list(data["threats_by_region"].items()) == [("KZ-75", 1), ("", 1)]
    assert data["categories"]["murder"] == 1
    # A staff preview counts the verified threat too.
    preview = as_data(monthly_report(year=2019, month=3, language="en", published_only=False))
    assert [preview["threats"], preview["threats_by_region"]] == [
        3,
        {"KZ-75": 1, "KZ-35": 1, "": 1},
    ]


def test_the_russian_report_shows_blocks_a_and_c_and_the_tables_by_region(
    march_2019: None,
) -> None:
    markdown = as_markdown(monthly_report(year=2019, month=3, language="ru"))

    assert (
        "В марте 2019 года против СМИ и граждан в связи с реализацией права на свободу "
        "выражения, получения и распространения информации выдвинуто 3 уголовных обвинения.\n\n"
        "В марте против СМИ и граждан в связи с реализацией права на свободу выражения выдвинуто "
        "2 административных обвинения.\n\n"
    ) in markdown
    assert (
        "Уголовные обвинения по статьям:\n\n- CC 274: 2\n- CC 174: 1\n\n"
        "Административные обвинения по статьям:\n\n- CoAO 456-2: 1\n- Статья не указана: 1\n"
    ) in markdown
    assert (
        "## Нарушения прав журналистов, СМИ и ньюсмейкеров\n\n"
        "В марте 2019 года мониторинг зафиксировал:\n\n"
        "- Нападения: 3\n"
        "- Угрозы: 2\n"
        "- Задержания и аресты: 1\n"
        "- Воспрепятствование законной деятельности журналистов и СМИ: 3\n"
        "- Вызовы в правоохранительные и надзорные органы: 1\n"
        "- Убийство: 1\n"
    ) in markdown
    assert (
        "Другие нарушения права на информацию:\n\n- Блокировка сайтов или аккаунтов: 1\n"
    ) in markdown
    assert "Нападения по регионам:\n\n- город Алматы: 2\n- Павлодарская область: 1\n" in markdown
    assert "Угрозы по регионам:\n\n- город Алматы: 1\n- Не указано: 1\n" in markdown
    assert "Уголовные обвинения по регионам:\n\n- город Астана: 2\n- город Алматы: 1\n" in markdown


def test_the_kazakh_html_has_a_table_by_region_for_each_figure(march_2019: None) -> None:
    html = as_html(monthly_report(year=2019, month=3, language="kk"))

    assert (
        "<caption>Шабуылдар өңірлер бойынша</caption>\n"
        '      <tbody><tr><th scope="row">Алматы қаласы</th><td>2</td></tr>'
        '<tr><th scope="row">Павлодар облысы</th><td>1</td></tr></tbody>'
    ) in html
    assert "<li>Шабуылдар: 3</li>" in html


def test_a_category_staff_add_to_block_a_counts_in_the_figure_it_names(march_2019: None) -> None:
    ViolationCategory.objects.create(
        code="drone_attack",
        block="A",
        figure="attacks",
        name_ru="Атака дрона",
        name_kk="Дрон шабуылы",
        name_en="Drone attack",
    )
    violation("drone_attack", "A", "KZ-55")

    data = as_data(monthly_report(year=2019, month=3, language="en"))

    assert [data["attacks"], data["attacks_by_region"]] == [4, {"KZ-55": 2, "KZ-75": 2}]


def test_a_published_version_bears_the_day_it_was_published_and_a_preview_today(
    march_2019: None,
) -> None:
    staff = make_ngo_staff()
    version = publish(
        year=2019, month=3, user=staff, note="", now=datetime(2019, 4, 2, 20, 0, tzinfo=UTC)
    )

    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        markdown = render_version(version, language="ru", output_format="md").content.decode()
        kazakh = render_version(version, language="kk", output_format="md").content.decode()
        preview = as_markdown(monthly_report(year=2019, month=3, language="ru"))

    # 20:00 UTC on 2 April is 3 April in Almaty, where the NGO publishes.
    assert "\n\n3 апреля 2019 г.\n\n" in markdown
    assert "\n\n2019 жылғы 3 сәуір\n\n" in kazakh
    assert "\n\n1 декабря 2026 г.\n\n" in preview


def test_without_a_masthead_the_report_has_no_header_and_no_signature(march_2019: None) -> None:
    markdown = as_markdown(monthly_report(year=2019, month=3, language="en"))

    assert markdown.startswith("# Violations of freedom of speech in Kazakhstan. March 2019\n")
    assert markdown.endswith(
        "The monitoring was done according to reports of correspondents and information from open "
        "sources.\n"
    )


def test_one_masthead_is_kept_in_the_admin_by_the_ngos_staff_and_no_outsider(
    admin_client: Client, client: Client
) -> None:
    permissions = Permission.objects.filter(codename__endswith="_reportmasthead")
    outsider = UserFactory.create(is_staff=True)
    outsider.user_permissions.add(*permissions)
    keeper = make_ngo_staff(username="monitoring-head")
    keeper.is_staff = True
    keeper.save(update_fields=["is_staff"])
    keeper.user_permissions.add(*permissions)
    add = "/admin/monitoring/reportmasthead/add/"

    first = admin_client.post(add, {"header_ru": "Фонд", "signature_ru": "Елена Цой"})
    second = admin_client.get(add)
    client.force_login(outsider)
    refused = client.get("/admin/monitoring/reportmasthead/")
    client.force_login(keeper)
    kept = client.get(f"/admin/monitoring/reportmasthead/{ReportMasthead.objects.get().pk}/change/")

    assert first.status_code == 302
    assert second.status_code == 403  # one masthead: a second cannot be added
    assert refused.status_code == 403
    assert kept.status_code == 200
    assert list(ReportMasthead.objects.values_list("header_ru", "signature_ru")) == [
        ("Фонд", "Елена Цой")
    ]
    assert monthly_report(year=2019, month=3, language="kk").signature == ("Елена Цой",)


def test_a_version_published_before_block_a_existed_is_unchanged_while_block_a_is_zero() -> None:
    # given: a March 2019 with one claim, published as the report was before block A (its
    # snapshot lacks the new figures, as versions published then do)
    violation("honour_and_dignity_claim", "C", "KZ-75")
    version = publish(
        year=2019, month=3, user=make_ngo_staff(), note="", now=datetime(2019, 4, 2, tzinfo=UTC)
    )
    snapshot = json.loads(bytes(version.snapshot))
    for language in snapshot["languages"].values():
        for key in ("attacks", "threats", "detentions", "obstruction", "summons"):
            del language["figures"][key]
        del language["figures"]["administrative_charges"]
    version.snapshot = json.dumps(snapshot).encode()
    version.save(update_fields=["snapshot"])

    # when nothing is recorded since; then a threat is
    unchanged = changes_since(version, language="en")
    violation("threat", "A", "KZ-55")
    changed = changes_since(version, language="en")

    # then
    assert unchanged.changed is False
    assert [(row.label, row.published, row.now) for row in changed.figures] == [
        ("Threats", None, 1),
        ("Threats by region: Pavlodar Region", None, 1),
    ]
