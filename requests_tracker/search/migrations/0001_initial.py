import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL only: the generated tsvector columns (Russian stems, and simple whole words so that
# Kazakh words match as typed), their GIN indexes, and the trigram index of the Kazakh lexicon.
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchdocument ADD COLUMN public_vector tsvector GENERATED ALWAYS AS
       (to_tsvector('russian'::regconfig, public_text)
        || to_tsvector('simple'::regconfig, public_text)) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN private_vector tsvector GENERATED ALWAYS AS
       (to_tsvector('russian'::regconfig, private_text)
        || to_tsvector('simple'::regconfig, private_text)) STORED""",
    # The vectors stay in the row (a search reads one per match: out of line, each read costs a
    # TOAST lookup, 5x slower at 100,000 requests); the texts, read for 50 snippets a page, go
    # out of line first when a row is too long.
    """ALTER TABLE search_searchdocument
       ALTER COLUMN public_vector SET STORAGE MAIN, ALTER COLUMN private_vector SET STORAGE MAIN,
       ALTER COLUMN public_text SET STORAGE EXTERNAL, ALTER COLUMN private_text SET STORAGE EXTERNAL,
       ALTER COLUMN public_words SET STORAGE EXTERNAL,
       ALTER COLUMN private_words SET STORAGE EXTERNAL""",
    "CREATE INDEX search_public_vector ON search_searchdocument USING gin (public_vector)",
    "CREATE INDEX search_private_vector ON search_searchdocument USING gin (private_vector)",
    "CREATE INDEX search_word_trigram ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_word_trigram",
    "DROP INDEX IF EXISTS search_private_vector",
    "DROP INDEX IF EXISTS search_public_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS private_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS public_vector",
]


def _run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("bodies", "0003_public_body_complaint_route"),
        ("information_requests", "0011_org_dashboard_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "information_request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="information_requests.informationrequest",
                    ),
                ),
                ("public_text", models.TextField(default="")),
                ("private_text", models.TextField(default="")),
                ("public_words", models.TextField(default="")),
                ("private_words", models.TextField(default="")),
                ("body_kind", models.CharField(max_length=16)),
                ("region_code", models.CharField(blank=True, max_length=8)),
                ("law_codes", models.CharField(blank=True, max_length=400)),
                ("year", models.PositiveSmallIntegerField()),
                ("indexed_at", models.DateTimeField()),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="bodies.publicbody",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["year"], name="search_document_year")],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
        ),
        migrations.RunPython(
            _run_on_postgres(POSTGRES_FORWARD), _run_on_postgres(POSTGRES_BACKWARD)
        ),
    ]
