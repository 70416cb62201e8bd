"""Loading the reference data: complete, and a second run changes nothing."""

from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from requests_tracker.bodies.models import BodyContact, PublicBody, Region
from requests_tracker.laws.models import (
    CalendarOverride,
    Instrument,
    Jurisdiction,
    LegalRule,
    TransferDecree,
)

REFERENCE_MODELS = (
    Jurisdiction,
    Instrument,
    LegalRule,
    CalendarOverride,
    TransferDecree,
    Region,
    PublicBody,
    BodyContact,
)


def snapshot() -> str:
    """Every reference row, every field (timestamps included), in a stable order."""
    return "".join(
        serializers.serialize("json", model._default_manager.order_by("pk"))
        for model in REFERENCE_MODELS
    )


@pytest.mark.django_db
def test_loading_the_reference_data_a_second_time_changes_nothing() -> None:
    # given: the reference data loaded once (by the session fixture)
    before = snapshot()
    output = StringIO()

    # when
    call_command("load_reference_data", stdout=output, verbosity=0)

    # then
    assert snapshot() == before
    assert output.getvalue().splitlines() == [
        "jurisdictions: 2 rows, 0 created, 0 updated, 2 unchanged",
        "laws: 14 rows, 0 created, 0 updated, 14 unchanged",
        "legal rules: 38 rows, 0 created, 0 updated, 38 unchanged",
        "links between rules: 38 rows, 0 created, 0 updated, 38 unchanged",
        "decrees on transferred days off: 8 rows, 0 created, 0 updated, 8 unchanged",
        "calendar overrides: 32 rows, 0 created, 0 updated, 32 unchanged",
        "regions: 20 rows, 0 created, 0 updated, 20 unchanged",
        "public bodies: 188 rows, 0 created, 0 updated, 188 unchanged",
        "links between bodies: 188 rows, 0 created, 0 updated, 188 unchanged",
        "contacts: 14 rows, 0 created, 0 updated, 14 unchanged",
        "Reference data loaded: 0 rows created or updated.",
    ]


@pytest.mark.django_db
def test_loading_restores_a_rule_that_staff_changed_by_mistake() -> None:
    # given: the ATI response period edited to a wrong figure
    LegalRule.objects.filter(rule_id="KZ.ATI.11.response").update(amount=99)

    # when
    call_command("load_reference_data", stdout=StringIO(), verbosity=0)

    # then
    assert LegalRule.objects.get(rule_id="KZ.ATI.11.response").amount == 15


@pytest.mark.django_db
def test_every_row_of_the_legal_notes_has_its_rules() -> None:
    rows = sorted(row or 0 for row in LegalRule.objects.values_list("source_row", flat=True))

    # one rule a row, and a second where a row gives two limits: row 3 (APPC Art. 65 beside
    # ATI), row 29 (the deferral notice), row 31 (the deferral and refusal notices), row 32
    # (the extension and the forwarding)
    assert rows == sorted([*range(1, 33), 3, 29, 31, 31, 32, 32])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule_id", "amount", "unit", "start_event", "on_expiry", "confidence"),
    [
        ("KZ.ATI.11.response", 15, "calendar_days", "registration", "deemed_refusal", "medium"),
        ("KZ.MEDIA.36.response", 5, "working_days", "receipt", "deemed_refusal", "high"),
        ("KZ.APPC.76.response", 15, "working_days", "receipt", "deemed_refusal", "high"),
        ("KZ.APPC.92.complaint_filing", 3, "months", "learned_of_act", "none", "high"),
        ("KZ.APPC.complaint_decision", 20, "working_days", "complaint_receipt", "none", "low"),
        ("RU.8FZ.18.response", 30, "calendar_days", "registration", "none", "medium"),
    ],
)
def test_the_rules_named_by_the_deadlines_work_carry_their_figures(
    rule_id: str, amount: int, unit: str, start_event: str, on_expiry: str, confidence: str
) -> None:
    rule = LegalRule.objects.get(rule_id=rule_id)

    assert (rule.amount, rule.unit, rule.start_event, rule.on_expiry, rule.confidence) == (
        amount,
        unit,
        start_event,
        on_expiry,
        confidence,
    )
    assert rule.count_from_next_day is True
    assert rule.roll_forward_if_non_working is True
    assert rule.sources


@pytest.mark.django_db
def test_extensions_belong_to_the_response_rule_they_extend() -> None:
    extension = LegalRule.objects.get(rule_id="KZ.MEDIA.36.extension")

    assert extension.modifies is not None
    assert extension.modifies.rule_id == "KZ.MEDIA.36.response"
    assert (extension.amount, extension.unit, extension.start_event) == (
        15,
        "calendar_days",
        "original_due_date",
    )


@pytest.mark.django_db
def test_the_old_mass_media_law_rule_stops_when_the_law_lost_force() -> None:
    rule = LegalRule.objects.get(rule_id="KZ.MEDIA1999.18.response")

    assert (rule.amount, rule.unit, str(rule.valid_to)) == (7, "working_days", "2024-08-20")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "is_working_day"),
    [
        ("2024-05-04", True),  # Saturday worked, decree G24G0000109
        ("2024-05-08", False),
        ("2025-01-05", True),  # Sunday worked, decree G24G0000436
        ("2025-01-03", False),
    ],
)
def test_the_decreed_transfers_are_loaded_with_their_worked_weekend_days(
    day: str, is_working_day: bool
) -> None:
    override = CalendarOverride.objects.get(jurisdiction__code="KZ", date=day)

    assert override.is_working_day is is_working_day
    assert override.decree in {"G24G0000109", "G24G0000436"}


@pytest.mark.django_db
def test_the_years_whose_transfer_decree_is_loaded_are_2018_to_2025() -> None:
    decrees = TransferDecree.objects.filter(jurisdiction__code="KZ").values_list("year", "decree")

    # the adilet ids the holidays library cites; 2024 and 2025 also in kz-rules.md §8.2
    assert list(decrees) == [
        (2018, "P1700000864"),
        (2019, "P1800000888"),
        (2020, "P1900000820"),
        (2021, "P2000000930"),
        (2022, "P2200000796"),
        (2023, "P2300000326"),
        (2024, "G24G0000109"),
        (2025, "G24G0000436"),
    ]
