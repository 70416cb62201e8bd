"""A ground's label, written into the refusal's "ground" field, is classified by the monitoring
(information_requests/clock/findings.py) as the ground it names: CPC Art. 201 and official use
apart, every other ground as a plain refusal."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.core.categories import Category
from requests_tracker.information_requests.clock import ClockFacts, reply_findings
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.detection import detect
from requests_tracker.reading.detection.rules import LABEL_LANGUAGES, current_rules

ALMATY = ZoneInfo("Asia/Almaty")
EXPECTED = {
    "cpc_201": Category.REFUSAL_CPC_201,
    "official_use": Category.REFUSAL_OFFICIAL_USE,
    "state_secrets": Category.REFUSAL,
    "personal_data": Category.REFUSAL,
    "protected_secret": Category.REFUSAL,
    "ati_17_restricted": Category.REFUSAL,
    "ati_17_unidentifiable": Category.REFUSAL,
    "investigation_secrecy": Category.REFUSAL,
}


def category_of_refusal(ground: str) -> Category:
    facts = ClockFacts(
        received_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        closed_by=EventKind.REFUSED,
        closed_at=datetime(2026, 3, 4, 15, tzinfo=ALMATY),
        closed_ground=ground,
    )
    (finding,) = reply_findings(facts, ALMATY)
    return finding.category


def test_every_ground_of_the_rules_has_its_expected_category() -> None:
    assert sorted(ground.code for ground in current_rules().grounds) == sorted(EXPECTED)


@pytest.mark.parametrize("language", LABEL_LANGUAGES)
@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_a_grounds_label_is_classified_as_the_ground_it_names(code: str, language: str) -> None:
    (ground,) = (ground for ground in current_rules().grounds if ground.code == code)

    assert category_of_refusal(ground.labels[language]) == EXPECTED[code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано.",
            Category.REFUSAL_CPC_201,
        ),
        ("ҚР ҚПК 201-бабына сәйкес ақпарат беруден бас тартылады.", Category.REFUSAL_CPC_201),
        (
            "Документы имеют гриф «ДСП», в их предоставлении отказано.",
            Category.REFUSAL_OFFICIAL_USE,
        ),
        (
            "Құжаттар қызметтік пайдалану үшін арналған, оларды ұсыну мүмкін емес.",
            Category.REFUSAL_OFFICIAL_USE,
        ),
        ("Сведения отнесены к государственным секретам, отказано.", Category.REFUSAL),
    ],
)
def test_the_label_detected_in_a_refusal_feeds_its_classification(
    text: str, expected: Category
) -> None:
    (ground,) = detect(text).grounds

    assert category_of_refusal(ground.label) == expected
