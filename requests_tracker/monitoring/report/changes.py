"""What changed in a month since its last published version: figures from what to what, the
violations added and removed, and whether the text changed."""

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from requests_tracker.bodies.models import BodyKind
from requests_tracker.monitoring.categories import category_names
from requests_tracker.monitoring.models import ReportVersion
from requests_tracker.monitoring.report.figures import COUNTED
from requests_tracker.monitoring.report.sections import FIGURE_NAMES
from requests_tracker.monitoring.report.versions import current_snapshot, stored_snapshot

# Figures of `as_data` that are not counts or sums.
NOT_FIGURES = (
    "year",
    "month",
    "language",
    "published_only",
    "narrative",
    "dated",
    "header",
    "signature",
    "categories",  # each category's count: the figures it feeds, and the violations, say it
)

FIGURE_LABELS = {
    **{COUNTED[figure]: name for figure, name in FIGURE_NAMES.items()},
    "criminal_charges_by_article": _("Criminal charges by article"),
    "administrative_charges_by_article": _("Administrative charges by article"),
    "judicial_acts_on_appeal": _("Judicial acts on appeal"),
    "judicial_acts_for_media": _("Judicial acts in favour of the media"),
    "moral_damages_claimed_kzt": _("Moral damages claimed since 1 January, tenge"),
    "sums_collected_kzt": _("Sums collected by the courts since 1 January, tenge"),
    "refusals_by_body_kind": _("Refusals and missed deadlines by kind of body"),
    "refusals_by_region": _("Refusals and missed deadlines by region"),
}


@dataclass(frozen=True)
class FigureChange:
    label: str
    published: Any  # None when the figure was not in the published version
    now: Any  # None when it is gone


@dataclass(frozen=True)
class ViolationChange:
    pk: int
    category: str
    occurred_on: str


@dataclass(frozen=True)
class Changes:
    version: ReportVersion
    figures: tuple[FigureChange, ...]
    added: tuple[ViolationChange, ...]
    removed: tuple[ViolationChange, ...]
    text_changed: bool

    @property
    def changed(self) -> bool:
        return bool(self.figures or self.added or self.removed or self.text_changed)


def _label_by_region(key: str) -> str:
    """ "Attacks by region" for ``attacks_by_region``; the key itself for one it does not know."""
    figure = key.removesuffix("_by_region")
    if figure == key or figure not in FIGURE_LABELS:
        return key
    return pgettext("a figure's table by region", "%(figure)s by region") % {
        "figure": FIGURE_LABELS[figure]
    }


def _flat(figures: dict[str, Any], region_names: dict[str, str]) -> dict[str, tuple[str, Any]]:
    """Every figure under a key of its own, with its label in the active language."""
    kinds = dict(BodyKind.choices)
    flat: dict[str, tuple[str, Any]] = {}
    for key, value in figures.items():
        if key in NOT_FIGURES:
            continue
        label = str(FIGURE_LABELS.get(key) or _label_by_region(key))
        if isinstance(value, dict):
            for part, count in value.items():
                if key == "refusals_by_body_kind":
                    name = str(kinds.get(part, _("Not stated")))
                elif key.endswith("_by_region"):
                    name = region_names.get(part) or str(_("Not stated"))
                else:
                    name = part or str(_("Article not stated"))
                flat[f"{key}:{part}"] = (f"{label}: {name}", count)
        else:
            flat[key] = (label, value)
    return flat


def _differs(published: tuple[str, Any] | None, now: tuple[str, Any] | None) -> bool:
    """Whether a figure changed; one a version published before the figure existed lacks is
    unchanged while it is still zero (block A's figures, added after the first versions)."""
    if published is None and now is not None and now[1] == 0:
        return False
    return (published or (None, None))[1] != (now or (None, None))[1]


def _violations(snapshot: dict[str, Any]) -> dict[int, ViolationChange]:
    labels = category_names()
    return {
        row["id"]: ViolationChange(
            pk=row["id"],
            category=str(labels.get(row["category"], row["category"])),
            occurred_on=row["occurred_on"],
        )
        for row in snapshot["violations"]
    }


def changes_since(version: ReportVersion, *, language: str) -> Changes:
    """The month now against ``version``, labelled in ``language``."""
    then = stored_snapshot(version)
    now = current_snapshot(version.month.year, version.month.month, rendered=False)
    with translation.override(language):
        before_lang, now_lang = then["languages"][language], now["languages"][language]
        names = {**before_lang["region_names"], **now_lang["region_names"]}
        before = _flat(before_lang["figures"], names)
        after = _flat(now_lang["figures"], names)
        figures = tuple(
            FigureChange(
                label=(after.get(key) or before[key])[0],
                published=before[key][1] if key in before else None,
                now=after[key][1] if key in after else None,
            )
            for key in dict.fromkeys([*before, *after])
            if _differs(before.get(key), after.get(key))
        )
        published_rows, current_rows = _violations(then), _violations(now)
    return Changes(
        version=version,
        figures=figures,
        added=tuple(row for pk, row in current_rows.items() if pk not in published_rows),
        removed=tuple(row for pk, row in published_rows.items() if pk not in current_rows),
        # The staff-written items, in any language (the figures' sentences follow the figures).
        text_changed=any(
            then["languages"][code]["figures"].get("narrative")
            != now["languages"][code]["figures"].get("narrative")
            for code in then["languages"]
            if code in now["languages"]
        ),
    )
