"""Benchmark of a collective appeal's fan-out on PostgreSQL: 2,000 addressees.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_collective \
    BENCH_REDIS_URL=redis://127.0.0.1:6379/11 \
        .venv/bin/python bench/collective_benchmark.py [--bodies 2000] [--repeat 3]

It times ``fan_out(appeal_id=..., now=...)`` in-process, batch after batch (the emails' send
tasks queue in memory), against a bulk insert of the same rows (``collective_baseline.py``), and
prints the cost per addressee, the ratio, what it created and the queries one addressee costs.
With ``BENCH_REDIS_URL`` (a Redis database of the benchmark's own) it then fans the appeal out
with 1 and with 2 real worker processes (``collective_workers.py``) and prints the speed-up.
Last it times one PDF of one of the letters, made when first asked for (the email task, a
download), never during the fan-out. The database is created when missing; only the benchmark's
own bodies, appeal and requests are deleted.
"""

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import (
    create_database_if_missing,
    require_postgres_url,
    set_up_django,
)

RULE_ID = "KZ.ATI.11.response"
SLUG_PREFIX = "bench-collective-"
ORGANIZATION_SLUG = "bench-collective-ngo"
STAFF_USERNAME = "bench-collective-staff"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=int, default=2_000, help="addressees of the appeal")
    parser.add_argument("--rounds", type=int, default=2, help="1- and 2-worker runs, alternated")
    parser.add_argument("--repeat", type=int, default=3, help="timed fan-outs")
    parser.add_argument("--batch-size", type=int, default=None, help="fan-out batch size")
    parser.add_argument("--pdfs", type=int, default=20, help="timed PDFs of one letter")
    arguments = parser.parse_args()
    if arguments.bodies < 2 or arguments.repeat < 1 or arguments.pdfs < 1:
        parser.error("need --bodies >= 2, --repeat >= 1 and --pdfs >= 1")
    return arguments


# --- Database and Django set-up ----------------------------------------------------------------


# --- Seeding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    appeal_id: int
    staff_id: int
    bodies: int
    with_email: int
    now: datetime  # the fan-out's `now`: just after the undo window closed


def seed(body_count: int) -> Fixture:
    """Bodies (every other one with an email address), an NGO, its staff, and a scheduled appeal
    to every one of the bodies; whatever an earlier run left is removed first."""
    from django.db import transaction
    from django.utils import timezone

    from requests_tracker.accounts.models import (
        Membership,
        Organization,
        OrganizationKind,
        Role,
        User,
    )
    from requests_tracker.bodies.models import BodyKind, PublicBody, normalize_search_text
    from requests_tracker.collective.models import CollectiveAppeal
    from requests_tracker.collective.services import (
        add_addressees,
        create_appeal,
        schedule_appeal,
    )
    from requests_tracker.laws.models import Jurisdiction, LegalRule

    ngo, _created = Organization.objects.update_or_create(
        slug=ORGANIZATION_SLUG,
        defaults={"name": "Bench Collective NGO", "kind": OrganizationKind.NGO},
    )
    staff, _created = User.objects.update_or_create(
        username=STAFF_USERNAME,
        defaults={"email": "bench-staff@example.org", "first_name": "Bench", "last_name": "Staff"},
    )
    Membership.objects.update_or_create(
        user=staff, organization=ngo, defaults={"role": Role.NGO_STAFF}
    )
    for old in CollectiveAppeal.objects.filter(initiating_organization=ngo):
        delete_fan_out(old.pk)
        old.delete()
    with transaction.atomic():
        PublicBody.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        kazakhstan = Jurisdiction.objects.get(code="KZ")
        bodies = []
        for number in range(body_count):
            names = {
                "name_ru": f"Агентство по делам области №{number}",
                "name_kk": f"№{number} облыс істері жөніндегі агенттік",
                "name_en": f"Regional Affairs Agency No. {number}",
            }
            bodies.append(
                PublicBody(
                    slug=f"{SLUG_PREFIX}{number}",
                    jurisdiction=kazakhstan,
                    kind=BodyKind.AGENCY,
                    email=f"agency{number}@example.kz" if number % 2 == 0 else "",
                    postal_address=f"Астана, ул. Мангилик Ел, {number}",
                    search_text=normalize_search_text(" ".join(names.values())),
                    **names,
                )
            )
        bodies = PublicBody.objects.bulk_create(bodies, batch_size=1000)
    now = timezone.now()
    appeal = create_appeal(
        title="Статистика обращений граждан за 2025 год",
        text="Просим сообщить число обращений граждан, поступивших в 2025 году, по месяцам.",
        legal_rules=LegalRule.objects.filter(rule_id=RULE_ID),
        language="ru",
        organization=ngo,
        user=staff,
        now=now,
    )
    add_addressees(appeal=appeal, bodies=bodies, user=staff)
    # With the undo window: nothing is enqueued, the fan-out is started here by hand.
    appeal = schedule_appeal(appeal=appeal, user=staff, now=now)
    assert appeal.send_after is not None
    return Fixture(
        appeal_id=appeal.pk,
        staff_id=staff.pk,
        bodies=body_count,
        with_email=(body_count + 1) // 2,
        now=appeal.send_after + timedelta(seconds=1),
    )


def delete_fan_out(appeal_id: int) -> None:
    """Delete what a fan-out created and put the appeal back to scheduled."""
    from django.db import transaction

    from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
    from requests_tracker.information_requests.models import InformationRequest
    from requests_tracker.mail.models import OutgoingEmail

    with transaction.atomic():
        addressees = Addressee.objects.filter(appeal_id=appeal_id)
        request_ids = list(
            addressees.filter(information_request__isnull=False).values_list(
                "information_request_id", flat=True
            )
        )
        addressees.update(information_request=None)
        OutgoingEmail.objects.filter(information_request_id__in=request_ids).delete()
        # Letters, timeline events and rule links go with their request (on_delete=CASCADE).
        InformationRequest.objects.filter(id__in=request_ids).delete()
        CollectiveAppeal.objects.filter(pk=appeal_id).update(
            state=AppealState.SCHEDULED, fanned_out_at=None
        )


# --- Measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    requests: int
    letters: int
    emails: int


def created(appeal_id: int) -> Created:
    from requests_tracker.correspondence.models import Letter
    from requests_tracker.information_requests.models import InformationRequest
    from requests_tracker.mail.models import OutgoingEmail

    requests = InformationRequest.objects.filter(collective_addressee__appeal_id=appeal_id)
    return Created(
        requests=requests.count(),
        letters=Letter.objects.filter(information_request__in=requests).count(),
        emails=OutgoingEmail.objects.filter(information_request__in=requests).count(),
    )


class PdfCounter:
    """Counts render_pdf calls made through any module that imported it."""

    def __init__(self) -> None:
        from letters import render

        self.original = render.render_pdf
        self.calls = 0
        self.patched: list[ModuleType] = [
            module
            for module in list(sys.modules.values())
            if module is not None and getattr(module, "render_pdf", None) is self.original
        ]

    def __enter__(self) -> "PdfCounter":
        def counting(*args: Any, **kwargs: Any) -> bytes:
            self.calls += 1
            return self.original(*args, **kwargs)

        for module in self.patched:
            module.render_pdf = counting  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc: object) -> None:
        for module in self.patched:
            module.render_pdf = self.original  # type: ignore[attr-defined]


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def query_profile(run: Callable[[], object]) -> tuple[int, Counter[str]]:
    """How many queries a run makes, and of which kind (the first word of the statement).

    Counted by an execute wrapper: Django's query log keeps only the last 9,000 queries.
    """
    from django.db import connection

    kinds: Counter[str] = Counter()

    def count(execute: Callable[..., Any], statement: str, *args: Any) -> Any:
        kinds[statement.split(None, 1)[0].upper()] += 1
        return execute(statement, *args)

    with connection.execute_wrapper(count):
        run()
    return kinds.total(), kinds


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(
        default="postgres://postgres@127.0.0.1:5432/tracker_bench_collective"
    )
    create_database_if_missing(url)
    set_up_django()

    from django.conf import settings

    from bench.collective_baseline import insert_again, snapshot
    from letters.render import render_pdf
    from requests_tracker.collective.fan_out import fan_out
    from requests_tracker.collective.models import AppealState, CollectiveAppeal
    from requests_tracker.correspondence.models import Letter

    batch_size = arguments.batch_size or settings.COLLECTIVE_FANOUT_BATCH_SIZE
    started = time.perf_counter()
    fixture = seed(arguments.bodies)
    print(
        f"seeded {fixture.bodies:,} bodies ({fixture.with_email:,} with email) and an appeal to "
        f"all of them in {time.perf_counter() - started:.1f} s; batch size {batch_size}; "
        "Celery broker memory:// (not eager)"
    )

    def run_fan_out() -> None:
        fan_out(appeal_id=fixture.appeal_id, now=fixture.now, batch_size=batch_size)

    def check(label: str) -> Created:
        made = created(fixture.appeal_id)
        expected = Created(fixture.bodies, fixture.bodies, fixture.with_email)
        if made != expected:
            sys.exit(f"{label}: the fan-out made {made}, expected {expected}")
        state = CollectiveAppeal.objects.get(pk=fixture.appeal_id).state
        # Half the bodies take letters by post: the appeal waits for those to be recorded.
        if state != AppealState.FANNED_OUT:
            sys.exit(f"{label}: the appeal is {state}, not fanned out")
        return made

    # One untimed run, its queries counted (the query log slows it), and its PDFs counted.
    with PdfCounter() as pdfs:
        queries, kinds = query_profile(run_fan_out)
    check("warm-up")
    again, _kinds = query_profile(run_fan_out)  # a second fan-out of a sent appeal
    check("second fan-out")

    load = os.getloadavg()
    runs: list[float] = []
    made = Created(0, 0, 0)
    for number in range(arguments.repeat):
        delete_fan_out(fixture.appeal_id)
        runs.append(timed(run_fan_out))
        made = check(f"run {number + 1}")

    # The baseline: the same rows, read back, inserted again by bulk_create, batch by batch.
    rows = snapshot(fixture.appeal_id)
    baseline_runs: list[float] = []
    for number in range(arguments.repeat):
        delete_fan_out(fixture.appeal_id)
        baseline_runs.append(timed(lambda: insert_again(rows, batch_size)))
        CollectiveAppeal.objects.filter(pk=fixture.appeal_id).update(
            state=AppealState.FANNED_OUT  # the rows only: the appeal's state is not timed
        )
        check(f"baseline {number + 1}")

    letter = (
        Letter.objects.filter(
            information_request__collective_addressee__appeal_id=fixture.appeal_id
        )
        .select_related("information_request")
        .first()
    )
    assert letter is not None
    render_pdf(letter.text, title="warm-up")  # the fonts are loaded once per process
    pdf_times = [
        timed(lambda: render_pdf(letter.text, title=letter.information_request.subject))
        for _ in range(arguments.pdfs)
    ]

    median, fastest = statistics.median(runs), min(runs)
    baseline = statistics.median(baseline_runs)
    print(f"load average before the timed runs: {load}")
    print(f"fan-out of {fixture.bodies:,} addressees, {arguments.repeat} timed runs:")
    print(f"  total:          median {median:8.2f} s   min {fastest:8.2f} s")
    print(
        f"  per addressee:  median {milliseconds(median / fixture.bodies):>9}   "
        f"min {milliseconds(fastest / fixture.bodies):>9}"
    )
    print(
        f"  bulk insert of the same rows: median {baseline:.2f} s "
        f"({milliseconds(baseline / fixture.bodies)} per addressee); "
        f"fan-out / bulk insert = {median / baseline:.2f} (target <= 3)"
    )
    print(
        f"  created per run: {made.requests:,} requests, {made.letters:,} letters, "
        f"{made.emails:,} emails queued (their send tasks in memory)"
    )
    print(
        f"  queries: {queries:,} in all, {queries / fixture.bodies:.2f} per addressee "
        f"(target <= 3; {', '.join(f'{kind} {count:,}' for kind, count in kinds.most_common())})"
    )
    print(f"  a second fan-out of the fanned-out appeal: {again} queries, nothing created")
    print(f"  PDFs made during the fan-out: {pdfs.calls}")
    print(f"  load average now: {os.getloadavg()}")

    redis_url = os.environ.get("BENCH_REDIS_URL")
    if redis_url:
        from bench.collective_workers import scale_out

        scale_out(
            appeal_id=fixture.appeal_id,
            rounds=arguments.rounds,
            batch_size=batch_size,
            redis_url=redis_url,
            reset=lambda: delete_fan_out(fixture.appeal_id),
            check=check,
        )
    else:
        print("workers: skipped (set BENCH_REDIS_URL to a Redis database of the benchmark's own)")

    print(
        f"one PDF of one of those letters ({len(letter.text):,} characters), when first asked "
        f"for: median {milliseconds(statistics.median(pdf_times))} of {arguments.pdfs} "
        f"(min {milliseconds(min(pdf_times))}); for every addressee that would be "
        f"{statistics.median(pdf_times) * fixture.bodies:.1f} s"
    )


if __name__ == "__main__":
    main()
