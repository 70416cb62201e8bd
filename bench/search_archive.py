"""Benchmark of the public search over 100,000 published requests with replies, on PostgreSQL.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_search \
        .venv/bin/python bench/search_archive.py [--requests 100000] [--repeat 25]

It seeds ``--requests`` published requests, each with one reply filed, in Russian (about two in
three) or Kazakh, from a fixed seed (the same text every run), and their search documents built by
the product's own functions (``public_text``, ``document_fields``' word lists), all with COPY; the
generated tsvector columns and the GIN and trigram indexes are then PostgreSQL's work. It then
times, median and 95th percentile of ``--repeat`` runs after one warm-up, the first page of the
public search as the page reads it (its rows ranked, the capped count, the snippets), for a
two-word Russian query and a Kazakh one, each against a hand-written SQL doing the same in three
statements, and an unindexed ILIKE scan for scale. Last, the size of the table and of each index.

The database is created when missing and its request tables are emptied (TRUNCATE ... CASCADE)
and re-seeded: never point it at a database whose data matters.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import create_database_if_missing, require_postgres_url, set_up_django
from bench.search_texts import generated

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_search"
QUERIES = {"Russian, two words": "бюджет акимата", "Kazakh": "әкімдік бюджеті"}
START = datetime(2019, 1, 1, 4, 0, tzinfo=UTC)


def seed(count: int) -> None:
    from django.db import connection, transaction

    from requests_tracker.accounts.models import User
    from requests_tracker.bodies.models import PublicBody
    from requests_tracker.information_requests.models import InformationRequest
    from requests_tracker.search.words import kazakh_words, word_set_text

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {InformationRequest._meta.db_table} CASCADE")
        cursor.execute("TRUNCATE search_searchword")
    user, _ = User.objects.get_or_create(
        username="bench-search", defaults={"email": "b@example.org"}
    )
    bodies = list(PublicBody.objects.select_related("region").order_by("pk"))
    rows = generated(count)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY information_requests_informationrequest (id, created_at, updated_at,"
            " requester_id, public_body_id, step, subject, text, language, visibility, status,"
            " show_requester_name)"
            " FROM STDIN"
        ) as copy:
            for number, (language, subject, text, _reply) in enumerate(rows, start=1):
                moment = START + timedelta(minutes=37 * number)
                body = bodies[number % len(bodies)]
                copy.write_row(
                    (
                        number,
                        moment,
                        moment,
                        user.pk,
                        body.pk,
                        "request",
                        subject,
                        text,
                        language,
                        "public",
                        "answered",
                        False,
                    )
                )
        with raw.copy(
            "COPY mail_incomingemail (message_id, raw, sha256, size, source, received_at,"
            " from_address, to_addresses, subject, text_body, html_body, is_auto_reply, match,"
            " status, information_request_id) FROM STDIN"
        ) as copy:
            for number, (_language, subject, _text, reply) in enumerate(rows, start=1):
                moment = START + timedelta(minutes=37 * number, days=10)
                copy.write_row(
                    (
                        f"<{number}@bench.example>",
                        "",
                        "0" * 64,
                        len(reply),
                        "smtp",
                        moment,
                        "body@example.kz",
                        "[]",
                        f"Re: {subject}",
                        reply,
                        "",
                        False,
                        "exact",
                        "filed",
                        number,
                    )
                )
        with raw.copy(
            "COPY search_searchdocument (information_request_id, public_text, private_text,"
            " public_words, private_words, body_id, body_kind, region_code, law_codes,"
            " year, indexed_at) FROM STDIN"
        ) as copy:
            for number, (_language, subject, text, reply) in enumerate(rows, start=1):
                body = bodies[number % len(bodies)]
                # public_version.public_text's interim form: subject, questions, replies.
                public = "\n\n".join((subject, text, reply))
                words = word_set_text(public)
                moment = START + timedelta(minutes=37 * number)
                copy.write_row(
                    (
                        number,
                        public,
                        public,
                        words,
                        words,
                        body.pk,
                        body.kind,
                        body.region.code if body.region else "",
                        " KZ.ATI ",
                        moment.year,
                        moment,
                    )
                )
        lexicon: set[str] = set()
        for _language, subject, text, reply in rows:
            lexicon |= kazakh_words("\n\n".join((subject, text, reply)))
        with raw.copy("COPY search_searchword (word) FROM STDIN") as copy:
            for word in sorted(lexicon):
                copy.write_row((word,))
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('information_requests_informationrequest',"
            " 'id'), %s)",
            [count],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("VACUUM ANALYZE search_searchword")
        cursor.execute("ANALYZE information_requests_informationrequest")
    print(
        f"seeded {count:,} published requests with replies in {time.perf_counter() - started:.0f} s"
    )


def product_page(text: str) -> int:
    """The first page of /public/search/?q=text, as the view reads it (rows, count, snippets)."""
    from requests_tracker.core.pagination import page_of
    from requests_tracker.search.highlighting import headlines
    from requests_tracker.search.queries import public_search
    from requests_tracker.search.ranking import ranked

    documents = ranked(public_search({"q": text}), text=text, column="public")
    page = page_of(documents, number=1)
    ids = [document.information_request_id for document in page.object_list]
    headlines(ids, text=text, column="public")
    return page.count


def _baseline_match(text: str) -> tuple[str, list[str]]:
    """The hand-written tsquery: the web search, or every word, a Kazakh one by its variants
    looked up in the lexicon (one statement a word)."""
    from django.db import connection

    tsquery = "(websearch_to_tsquery('russian', %s) || websearch_to_tsquery('simple', %s))"
    words = text.split()
    if not any(letter in "әғқңөұүһі" for letter in text):
        return f"d.public_vector @@ {tsquery}", [text, text]
    variants = []
    with connection.cursor() as cursor:
        for word in words:  # every word of the Kazakh query here is Kazakh
            cursor.execute(
                "SELECT string_agg(quote_literal(word), ' | ') FROM"
                " (SELECT word FROM search_searchword WHERE %s <%% word LIMIT 50) AS close",
                [word],
            )
            (found,) = cursor.fetchone()
            variants.append(f"'{word}' | {found}" if found else f"'{word}'")
    every = " && ".join("to_tsquery('simple', %s)" for _ in words)
    return f"d.public_vector @@ ({tsquery} || ({every}))", [text, text, *variants]


def baseline_page(text: str, *, rank_all: bool = False) -> int:
    """The same page in hand-written SQL: the rows (the 5,000 newest matches ranked, as the page
    does; with ``rank_all`` every match), the capped count, ts_headline."""
    from django.db import connection

    from requests_tracker.search.ranking import RANK_WINDOW

    match, params = _baseline_match(text)
    tsquery = match.removeprefix("d.public_vector @@ ")
    window = "" if rank_all else f"ORDER BY d.information_request_id DESC LIMIT {RANK_WINDOW}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT id FROM (
                  SELECT d.information_request_id AS id, d.public_vector
                    FROM search_searchdocument d
                    JOIN information_requests_informationrequest r
                      ON r.id = d.information_request_id
                   WHERE r.visibility = 'public' AND {match} {window}) AS matches
                 ORDER BY ts_rank_cd(public_vector, {tsquery}) DESC, id DESC LIMIT 51""",
            [*params, *params],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"""SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d
                  JOIN information_requests_informationrequest r ON r.id = d.information_request_id
                 WHERE r.visibility = 'public' AND {match} LIMIT 10001) AS capped""",
            params,
        )
        (count,) = cursor.fetchone()
        cursor.execute(
            f"""SELECT ts_headline('russian', public_text, {tsquery}) FROM search_searchdocument
                 WHERE information_request_id = ANY(%s)""",
            [*params, ids[:50]],
        )
        cursor.fetchall()
    return int(count)


def ilike_scan(text: str) -> int:
    """For scale: every word as ILIKE '%word%' over the texts, no index (substrings: not the
    same matches)."""
    from django.db import connection

    words = text.split()
    where = " AND ".join("public_text ILIKE %s" for _ in words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_searchdocument WHERE {where}"
            " LIMIT 10001) AS capped",
            [f"%{word}%" for word in words],
        )
        (count,) = cursor.fetchone()
    return int(count)


def measure(
    functions: dict[str, Callable[[str], int]], text: str, repeat: int
) -> dict[str, tuple[float, float, int, float]]:
    """Per function: median and p95 in ms, what it found, and the median of its per-round ratio
    to the first function's time. The functions run in turn within each round (interleaved), so
    that a load change on the shared machine weighs on all of them alike."""
    found = {name: function(text) for name, function in functions.items()}  # warm-up
    seconds: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            started = time.perf_counter()
            function(text)
            seconds[name].append(time.perf_counter() - started)
    first = next(iter(functions))
    results = {}
    for name, times in seconds.items():
        ratios = [mine / theirs for mine, theirs in zip(times, seconds[first], strict=True)]
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        results[name] = (
            statistics.median(times) * 1000,
            p95 * 1000,
            found[name],
            statistics.median(ratios),
        )
    return results


def sizes() -> list[tuple[str, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT 'table ' || relname || ' (with TOAST)', pg_table_size(oid)
                 FROM pg_class WHERE relname IN ('search_searchdocument', 'search_searchword')
               UNION ALL
               SELECT 'index ' || indexrelid::regclass::text, pg_relation_size(indexrelid)
                 FROM pg_index WHERE indrelid IN ('search_searchdocument'::regclass,
                                                  'search_searchword'::regclass)
                ORDER BY 2 DESC"""
        )
        return [(name, int(size)) for name, size in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--no-seed", action="store_true", help="reuse the rows seeded before")
    arguments = parser.parse_args()
    url = require_postgres_url(default=DEFAULT_URL)
    create_database_if_missing(url)
    set_up_django()
    if not arguments.no_seed:
        seed(arguments.requests)
    print("load average before: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    functions: dict[str, Callable[[str], int]] = {
        "search page": product_page,
        "hand-written SQL": baseline_page,
        "SQL, all ranked": lambda text: baseline_page(text, rank_all=True),
        "ILIKE scan": ilike_scan,
    }
    for label, text in QUERIES.items():
        for name, (median, p95, found, ratio) in measure(functions, text, arguments.repeat).items():
            print(
                f"{label:18} {text!r:18} {name:16} median {median:6.1f} ms  p95 {p95:6.1f} ms"
                f"  {ratio:4.2f}x the page's time  ({found:,} found, counted up to 10,000)"
            )
    print("load average after: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    for name, size in sizes():
        print(f"{name:60} {size / 1024 / 1024:8.1f} MiB")


if __name__ == "__main__":
    main()
