"""Loading statutes, legal rules and calendar overrides from the data files in ``laws/data``."""

from pathlib import Path
from typing import Any

from django.db import transaction

from requests_tracker.core.reference_data import LoadReport, by_language, read_yaml, sync_row
from requests_tracker.laws.models import (
    CalendarOverride,
    Instrument,
    Jurisdiction,
    LegalRule,
    TransferDecree,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_laws(*, path: Path = DATA_DIR / "rules.yaml", report: LoadReport) -> None:
    """Jurisdictions, instruments and rules from ``path``; a second run changes nothing."""
    data = read_yaml(path)
    jurisdictions = {}
    for row in data["jurisdictions"]:
        jurisdictions[row["code"]], change = sync_row(
            Jurisdiction,
            lookup={"code": row["code"]},
            values={
                **by_language(row["name"], "name"),
                "time_zone": row["time_zone"],
                "holiday_country": row["holiday_country"],
                "weekend_days": list(row["weekend_days"]),
            },
        )
        report.add("jurisdictions", change)

    instruments = {}
    for row in data["instruments"]:
        instruments[row["code"]], change = sync_row(
            Instrument,
            lookup={"code": row["code"]},
            values={
                "jurisdiction": jurisdictions[row["jurisdiction"]],
                **by_language(row["title"], "title"),
                "number": row.get("number") or "",
                "adopted_on": row.get("adopted_on"),
                "url": row.get("url") or "",
                "in_force_from": row.get("in_force_from"),
                "in_force_to": row.get("in_force_to"),
            },
        )
        report.add("laws", change)

    rules: dict[str, LegalRule] = {}
    for row in data["rules"]:
        rules[row["id"]], change = sync_row(
            LegalRule, lookup={"rule_id": row["id"]}, values=_rule_values(row, instruments)
        )
        report.add("legal rules", change)
    # Links last, so that a rule may modify (or replace) one listed after it.
    for row in data["rules"]:
        links = {"modifies": row.get("modifies"), "replaces": row.get("replaces")}
        for link, target in links.items():
            if target and target not in rules:
                raise ValueError(f"rule {row['id']}: it {link} {target}, which is not in {path}")
        _rule, change = sync_row(
            LegalRule,
            lookup={"rule_id": row["id"]},
            values={link: rules[target] if target else None for link, target in links.items()},
        )
        report.add("links between rules", change)


def _rule_values(row: dict[str, Any], instruments: dict[str, Instrument]) -> dict[str, Any]:
    return {
        "instrument": instruments[row["instrument"]],
        "article": row.get("article") or "",
        "role": row["role"],
        **by_language(row["title"], "title"),
        "amount": row.get("amount"),
        "unit": row.get("unit") or "",
        "start_event": row.get("start_event") or "",
        "count_from_next_day": row.get("count_from_next_day"),
        "roll_forward_if_non_working": row.get("roll_forward_if_non_working"),
        "max_times": row.get("max_times"),
        "on_expiry": row.get("on_expiry") or "none",
        "valid_from": row.get("valid_from"),
        "valid_to": row.get("valid_to"),
        "confidence": row["confidence"],
        "note": row.get("note") or "",
        "sources": list(row.get("sources") or []),
        "source_row": row.get("row"),
    }


@transaction.atomic
def load_calendar_overrides(
    *, path: Path = DATA_DIR / "calendar_overrides.yaml", report: LoadReport
) -> None:
    """Decreed transfers of days off, and the years whose decree is loaded; edits made by staff
    to other days and years are kept."""
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    data = read_yaml(path)
    for row in data.get("decrees") or []:
        _decree, change = sync_row(
            TransferDecree,
            lookup={"jurisdiction": jurisdictions[row["jurisdiction"]], "year": row["year"]},
            values={"decree": row["decree"], "source": row.get("source") or ""},
        )
        report.add("decrees on transferred days off", change)
    for row in data["overrides"]:
        _override, change = sync_row(
            CalendarOverride,
            lookup={"jurisdiction": jurisdictions[row["jurisdiction"]], "date": row["date"]},
            values={
                "is_working_day": row["is_working_day"],
                **by_language(row["reason"], "reason"),
                "decree": row.get("decree") or "",
            },
        )
        report.add("calendar overrides", change)
