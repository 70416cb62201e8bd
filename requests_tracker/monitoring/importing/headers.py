"""The column a header names: the English column name, or its Russian or Kazakh alias.

A header is compared after folding its case, writing ё as е and reading every run of spaces and
punctuation as one underscore: “Дата события”, “дата  события” and “ДАТА_СОБЫТИЯ” are one header.
"""

import re
from typing import Any

# Column: (Russian headers, Kazakh headers). The amounts also take them with “, тенге”/“, теңге”.
TRANSLATED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "block": (("блок",), ("блок",)),
    "category": (("категория",), ("санат",)),
    "occurred_on": (("дата события", "дата"), ("оқиға күні", "күні")),
    "reported_on": (("дата сообщения",), ("хабарлама күні",)),
    "region": (("регион", "область"), ("өңір", "облыс")),
    "body": (("орган", "государственный орган"), ("орган", "мемлекеттік орган")),
    "victim_type": (("тип пострадавшего",), ("зардап шегуші түрі",)),
    "victim_name": (
        ("пострадавший", "имя пострадавшего"),
        ("зардап шегуші", "зардап шегушінің аты"),
    ),
    "victim_outlet": (("сми",), ("бақ",)),
    "perpetrator_type": (("тип нарушителя",), ("бұзушы түрі",)),
    "article": (("статья",), ("бап",)),
    "stage": (("стадия",), ("саты",)),
    "outcome": (("исход",), ("нәтиже",)),
    "amount_claimed_kzt": (
        ("моральный вред", "заявлено морального вреда"),
        ("моральдық зиян", "талап етілген моральдық зиян"),
    ),
    "material_damages_kzt": (("материальный ущерб",), ("материалдық залал",)),
    "legal_costs_kzt": (("судебные издержки",), ("сот шығындары",)),
    "amount_awarded_kzt": (("присуждено",), ("сот тағайындаған сома",)),
    "amount_collected_kzt": (("взыскано",), ("өндірілді",)),
    "source_url": (("источник", "ссылка"), ("дереккөз", "сілтеме")),
    "correspondent": (("корреспондент",), ("тілші",)),
    "description": (("описание",), ("сипаттама",)),
    "public_description": (("публичное описание",), ("жария сипаттама",)),
    "legal_ground_cited": (("основание отказа",), ("бас тарту негізі",)),
    "plaintiff_name": (("истец", "заявитель"), ("талапкер", "өтініш беруші")),
    "case_reference": (("номер дела",), ("іс нөмірі",)),
    "row_id": (("идентификатор записи",), ("жазба сәйкестендіргіші",)),
}
# Earlier English spellings, and the moral damages claimed under their own name.
ENGLISH = {
    "region_code": "region",
    "body_slug": "body",
    "public_body": "body",
    "moral_damages_claimed_kzt": "amount_claimed_kzt",
    "record_id": "row_id",
}
CURRENCY = ("тенге", "теңге")


def folded(header: Any) -> str:
    """The header as it is compared: case folded, ё as е, spaces and punctuation as one “_”."""
    text = str(header or "").casefold().replace("ё", "е")
    return "_".join(re.findall(r"\w+", text)).strip("_")


def _aliases() -> dict[str, str]:
    aliases = {folded(name): column for name, column in ENGLISH.items()}

    def add(name: str, column: str) -> None:
        if aliases.setdefault(folded(name), column) != column:  # one header, one column
            raise ValueError(f"the header {name!r} would name two columns")

    for column, (russian, kazakh) in TRANSLATED.items():
        for name in (*russian, *kazakh):
            add(name, column)
            if column.endswith("_kzt"):
                for currency in CURRENCY:
                    add(f"{name}, {currency}", column)
    return aliases


ALIASES = _aliases()


def column_name(header: Any) -> str:
    """The column ``header`` names; an unknown header comes back folded, for the error."""
    name = folded(header)
    return ALIASES.get(name, name)
