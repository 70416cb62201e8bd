"""Loading the directory of regions and public bodies from ``bodies/data``."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.reference_data import LoadReport, by_language, read_yaml, sync_row
from requests_tracker.laws.models import Jurisdiction

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_directory(
    *,
    path: Path = DATA_DIR / "kz_directory.yaml",
    jurisdiction_code: str = "KZ",
    report: LoadReport,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Regions, then bodies, then the links between bodies; a second run changes nothing."""
    data = read_yaml(path)
    jurisdiction = Jurisdiction.objects.get(code=jurisdiction_code)
    regions = {}
    for row in data["regions"]:
        regions[row["code"]], change = sync_row(
            Region,
            lookup={"code": row["code"]},
            values={
                "jurisdiction": jurisdiction,
                "kind": row["kind"],
                **by_language(row["name"], "name"),
            },
        )
        report.add("regions", change)

    rows: list[dict[str, Any]] = data["bodies"]
    bodies: dict[str, PublicBody] = {}
    # Bodies first, without links, so that a body may name a superior listed after it.
    for done, row in enumerate(rows, start=1):
        bodies[row["slug"]], change = sync_row(
            PublicBody,
            lookup={"slug": row["slug"]},
            values={
                "jurisdiction": jurisdiction,
                "kind": row["kind"],
                **by_language(row["name"], "name"),
                "region": regions[row["region"]] if row.get("region") else None,
                "email": row.get("email") or "",
                "website": row.get("website") or "",
                "postal_address": row.get("postal_address") or "",
                "accepts_e_otinish": bool(row.get("accepts_e_otinish")),
                "accepts_complaints": row.get("accepts_complaints", True),
            },
        )
        report.add("public bodies", change)
        if progress is not None:
            progress(done, len(rows) * 2)

    for done, row in enumerate(rows, start=len(rows) + 1):
        _body, change = sync_row(
            PublicBody,
            lookup={"slug": row["slug"]},
            values={
                "superior_body": _linked(bodies, row, "superior"),
                "parent": _linked(bodies, row, "parent"),
            },
        )
        report.add("links between bodies", change)
        if progress is not None:
            progress(done, len(rows) * 2)


def _linked(bodies: dict[str, PublicBody], row: dict[str, Any], key: str) -> PublicBody | None:
    slug = row.get(key)
    if not slug:
        return None
    if slug not in bodies:
        raise ValueError(f"body {row['slug']}: its {key} {slug} is not in the directory")
    return bodies[slug]
