"""The data migration that makes categories data: every code recorded before it keeps its row."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("monitoring", "0007_items16_case_items_and_public_description")]
AFTER = [("monitoring", "0008_categories_as_data")]


@pytest.mark.django_db
def test_the_rows_recorded_before_the_table_keep_their_category_and_its_figure() -> None:
    # given: the dataset as it was, with a silence, a judicial act and a code no seed row has
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("monitoring", "Violation")
    now = timezone.now()
    for block, category in (("B", "silence"), ("C", "judicial_act"), ("A", "legacy_code")):
        old.objects.create(
            block=block,
            category=category,
            occurred_on=date(2018, 2, 5),
            created_at=now,
            updated_at=now,
        )

    # when
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    # then: each code is a row of the table, with the figure it fed (the unknown one: none)
    new = executor.loader.project_state(AFTER).apps
    categories = new.get_model("monitoring", "ViolationCategory").objects
    assert list(
        categories.filter(code__in=("silence", "judicial_act", "legacy_code"))
        .order_by("code")
        .values_list("code", "block", "figure", "name_en")
    ) == [
        ("judicial_act", "C", "judicial_acts", "Judicial act"),
        ("legacy_code", "", "none", "legacy_code"),
        ("silence", "B", "refusals", "No answer by the deadline (deemed refusal)"),
    ]
    assert categories.count() == 34  # the 33 of the seed, and the one found recorded
