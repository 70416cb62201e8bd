"""The detection rules, read from ``rules/*.yaml`` once and checked: every pattern compiles, names
the groups its section needs, and uses only fragments its file defines. A bad rule raises
``RulesError`` naming the file and the rule."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from requests_tracker.reading.detection.folding import fold_pattern

RULES_DIRECTORY = Path(__file__).resolve().parent / "rules"
LANGUAGES = ("ru", "kk")
LABEL_LANGUAGES = ("ru", "kk", "en")
KINDS = (
    "registered",
    "extended",
    "forwarded",
    "refused",
    "answered",
    "partially_answered",
    "clarification_requested",
)
# The groups a pattern of each section must name (``date`` is optional in registration).
REQUIRED_GROUPS = {
    "registration": {"number"},
    "extension": {"date"},
    "forwarding": {"body"},
    "other_ground": {"citation"},
    "kinds": set(),
}
_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")


class RulesError(ValueError):
    """A rules file that cannot be used, and where."""


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    priority: int = 0
    kind: str = ""


@dataclass(frozen=True)
class LanguageRules:
    language: str
    markers: frozenset[str]
    abbreviations: frozenset[str]
    months: dict[int, tuple[str, ...]]  # folded stems
    registration: tuple[Rule, ...]
    extension: tuple[Rule, ...]
    forwarding: tuple[Rule, ...]
    kinds: tuple[Rule, ...]
    kind_priority: tuple[str, ...]
    other_ground: tuple[Rule, ...]


@dataclass(frozen=True)
class GroundRule:
    code: str
    law: str
    article: str
    labels: dict[str, str]
    patterns: dict[str, tuple[Rule, ...]]
    excluded_by: frozenset[str]


@dataclass(frozen=True)
class Rules:
    languages: dict[str, LanguageRules]
    grounds: tuple[GroundRule, ...]


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise RulesError(f"{path.name}: cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise RulesError(f"{path.name}: expected a mapping at the top level")
    return data


def _expand(source: str, fragments: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 5:
        raise RulesError(f"{where}: fragments nest too deep")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise RulesError(f"{where}: unknown fragment {{{{{name}}}}}")
        return _expand(fragments[name], fragments, where, depth + 1)

    return _FRAGMENT.sub(replace, source)


def compile_pattern(
    source: object, fragments: dict[str, str], where: str, required: set[str]
) -> re.Pattern[str]:
    """The folded, compiled pattern of ``source``, or ``RulesError`` saying what is wrong."""
    if not isinstance(source, str) or not source.strip():
        raise RulesError(f"{where}: the pattern must be a non-empty string")
    expanded = _expand(source, fragments, where)
    try:
        pattern = re.compile(fold_pattern(expanded))
    except re.error as error:
        raise RulesError(f"{where}: the pattern does not compile: {error}") from error
    missing = required - set(pattern.groupindex)
    if missing:
        raise RulesError(f"{where}: the pattern must name the group(s) {sorted(missing)}")
    if pattern.search(""):
        raise RulesError(f"{where}: the pattern matches empty text")
    return pattern


def _month_fragment(months: dict[int, tuple[str, ...]]) -> str:
    stems = sorted({stem for stems in months.values() for stem in stems}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(stem) for stem in stems) + r")[^\W\d_]*"


def _months(data: Any, where: str) -> dict[int, tuple[str, ...]]:
    if not isinstance(data, dict) or sorted(data) != list(range(1, 13)):
        raise RulesError(f"{where}: months must map 1..12 to lists of stems")
    return {
        int(number): tuple(fold_pattern(str(stem)) for stem in stems)
        for number, stems in data.items()
    }


def _section(
    data: dict[str, Any], section: str, fragments: dict[str, str], file_name: str
) -> tuple[Rule, ...]:
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise RulesError(f"{file_name}: {section} must be a list")
    rules = []
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else None
        if not name:
            raise RulesError(f"{file_name}: {section}: every rule needs a name")
        where = f"{file_name}: {section}: {name}"
        kind = str(entry.get("kind", ""))
        if section == "kinds" and kind not in KINDS:
            raise RulesError(f"{where}: unknown kind {kind!r}")
        pattern = compile_pattern(entry.get("pattern"), fragments, where, REQUIRED_GROUPS[section])
        rules.append(Rule(name, pattern, int(entry.get("priority", 0)), kind))
    return tuple(rules)


def load_language(path: Path) -> LanguageRules:
    data = _read(path)
    language = data.get("language")
    if language not in LANGUAGES or path.stem != language:
        raise RulesError(f"{path.name}: language must be one of {LANGUAGES} and name the file")
    months = _months(data.get("months"), f"{path.name}: months")
    fragments = {str(name): str(value) for name, value in (data.get("fragments") or {}).items()}
    fragments["month"] = _month_fragment(months)
    priority = tuple(data.get("kind_priority") or ())
    if sorted(priority) != sorted(KINDS):
        raise RulesError(f"{path.name}: kind_priority must list every kind once: {KINDS}")
    return LanguageRules(
        language=language,
        markers=frozenset(fold_pattern(str(word)) for word in data.get("markers") or ()),
        abbreviations=frozenset(
            fold_pattern(str(word)) for word in data.get("abbreviations") or ()
        ),
        months=months,
        registration=_section(data, "registration", fragments, path.name),
        extension=_section(data, "extension", fragments, path.name),
        forwarding=_section(data, "forwarding", fragments, path.name),
        kinds=_section(data, "kinds", fragments, path.name),
        kind_priority=priority,
        other_ground=_section(data, "other_ground", fragments, path.name),
    )


def load_grounds(path: Path) -> tuple[GroundRule, ...]:
    entries = _read(path).get("grounds")
    if not isinstance(entries, list) or not entries:
        raise RulesError(f"{path.name}: grounds must be a non-empty list")
    grounds: list[GroundRule] = []
    for entry in entries:
        code = str(entry.get("code", "")) if isinstance(entry, dict) else ""
        if not code or code in {ground.code for ground in grounds}:
            raise RulesError(f"{path.name}: every ground needs a code of its own ({code!r})")
        labels = entry.get("labels") or {}
        if any(not str(labels.get(language, "")).strip() for language in LABEL_LANGUAGES):
            raise RulesError(f"{path.name}: {code}: labels needed in {LABEL_LANGUAGES}")
        patterns: dict[str, tuple[Rule, ...]] = {}
        for language in LANGUAGES:
            sources = (entry.get("patterns") or {}).get(language) or []
            if not sources:
                raise RulesError(f"{path.name}: {code}: no {language} pattern")
            patterns[language] = tuple(
                Rule(
                    f"{code}[{language}][{index}]",
                    compile_pattern(source, {}, f"{path.name}: {code}: {language}[{index}]", set()),
                )
                for index, source in enumerate(sources)
            )
        grounds.append(
            GroundRule(
                code=code,
                law=str(entry.get("law", "")),
                article=str(entry.get("article", "")),
                labels={language: str(labels[language]) for language in LABEL_LANGUAGES},
                patterns=patterns,
                excluded_by=frozenset(entry.get("excluded_by") or ()),
            )
        )
    codes = {ground.code for ground in grounds}
    for ground in grounds:
        if not ground.excluded_by <= codes:
            raise RulesError(f"{path.name}: {ground.code}: excluded_by names an unknown code")
    return tuple(grounds)


def load_rules(directory: Path = RULES_DIRECTORY) -> Rules:
    """The rules in ``directory`` (``ru.yaml``, ``kk.yaml``, ``grounds.yaml``), checked."""
    return Rules(
        languages={
            language: load_language(directory / f"{language}.yaml") for language in LANGUAGES
        },
        grounds=load_grounds(directory / "grounds.yaml"),
    )


@cache
def current_rules() -> Rules:
    """The rules shipped with the code, read once per process."""
    return load_rules()
