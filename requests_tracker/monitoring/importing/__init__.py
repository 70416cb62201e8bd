"""Importing violations from a CSV (UTF-8, with a header) or an XLSX file, all or nothing.

Columns, by their header (case, spaces and punctuation do not matter, and each has Russian and
Kazakh aliases, ``headers.py``; only ``block``, ``category`` and ``occurred_on`` are required,
and a missing optional column is left blank):

==========================  =================================================================
``block``                   A, B or C (kz-rules.md §9)
``category``                a code of the category table, e.g. ``refusal_cpc_201``, including
                            one staff added; it must fit the block
``occurred_on``             the date of the event, DD.MM.YYYY or YYYY-MM-DD (or an XLSX date)
``reported_on``             the date it was reported, as above
``region``                  the region's ISO 3166-2 code, e.g. ``KZ-75``; the body's by default
``body``                    the public body's slug in the directory, e.g. ``police-kz-75``
``victim_type``             journalist, media_outlet, blogger, citizen or newsmaker
``victim_name``             kept private: the open data shows it only with the victim's consent,
                            which is recorded on the violation's page, never by an import
``victim_outlet``           the media outlet
``perpetrator_type``        state_body, law_enforcement, quasi_state, court, private or unknown
``article``                 e.g. ``CC 274``
``stage``                   letter_before_action, first_instance, appeal or cassation
``outcome``                 for_media, against_media or pending
``amount_claimed_kzt``      moral damages claimed (also headed ``moral_damages_claimed_kzt``):
                            tenge, not negative, at most two decimals; ``1 500 000,50`` and
                            ``1500000.50`` work, ``150,000`` (two readings) is refused
``material_damages_kzt``    material damages claimed, as above
``legal_costs_kzt``         legal costs claimed, as above
``amount_awarded_kzt``      as above
``amount_collected_kzt``    as above
``source_url``              an http(s) address
``correspondent``           who reported it
``description``             free text, internal (never published)
``public_description``      free text, what the open data shows; checked for names when the
                            violation is published
``legal_ground_cited``      e.g. ``УПК 201``, ``ДСП``
``plaintiff_name``          the plaintiff or complainant
``case_reference``          the same on a claim and on the judicial acts that decide it
``row_id``                  the row's own id in the NGO's file: a second import updates that
                            violation (a draft) instead of adding one
==========================  =================================================================

Row numbers are those a spreadsheet shows: the header is row 1, the first violation row 2.
Blank rows are skipped. The file is read once, streaming, and every row checked once (nothing is
saved while any row is bad, and likely duplicates need ``confirm=True``); the checked rows are then
saved as drafts in batches, and those whose ``row_id`` is recorded update that violation.
"""

from requests_tracker.monitoring.importing.reading import COLUMNS, REQUIRED
from requests_tracker.monitoring.importing.results import (
    ImportReport,
    LikelyDuplicate,
    Progress,
    Row,
    RowProblem,
)
from requests_tracker.monitoring.importing.rows import LARGEST_AMOUNT
from requests_tracker.monitoring.importing.writing import import_file, validate_file, validate_rows

__all__ = [
    "COLUMNS",
    "LARGEST_AMOUNT",
    "REQUIRED",
    "ImportReport",
    "LikelyDuplicate",
    "Progress",
    "Row",
    "RowProblem",
    "import_file",
    "validate_file",
    "validate_rows",
]
