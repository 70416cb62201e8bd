"""Idempotent loading of reference data from files: a row is written only when it differs."""

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.db import models


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class LoadReport:
    """How many rows of each kind a load created, updated or left as they were."""

    counts: dict[str, Counter[Change]] = field(default_factory=dict)

    def add(self, label: str, change: Change) -> None:
        self.counts.setdefault(label, Counter())[change] += 1

    @property
    def changed(self) -> int:
        return sum(c[Change.CREATED] + c[Change.UPDATED] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{label}: {sum(c.values())} rows, {c[Change.CREATED]} created, "
            f"{c[Change.UPDATED]} updated, {c[Change.UNCHANGED]} unchanged"
            for label, c in self.counts.items()
        ]


M = TypeVar("M", bound=models.Model)


def read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def sync_row(model: type[M], *, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, Change]:
    """Create the row found by ``lookup``, or update it only where ``values`` differ."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        return instance, Change.CREATED
    differing = [name for name, value in values.items() if getattr(instance, name) != value]
    if not differing:
        return instance, Change.UNCHANGED
    for name in differing:
        setattr(instance, name, values[name])
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save()
    return instance, Change.UPDATED


def by_language(names: dict[str, str] | None, field_name: str) -> dict[str, str]:
    """``{"ru": ..., "kk": ..., "en": ...}`` as fields ``<field>_ru``, ... (empty when absent)."""
    names = names or {}
    return {f"{field_name}_{code}": names.get(code) or "" for code in ("ru", "kk", "en")}
