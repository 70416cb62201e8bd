"""Every body in the directory has its complaint route (APPC Art. 91(3)): its superior body, its
head as the superior official where no superior body may decide, or, where the legal notes settle
neither, the plain "not settled"; and a prosecutor's office is appealed to the one above it."""

from pathlib import Path

import pytest
import yaml
from django.test import Client

from requests_tracker.bodies.models import ComplaintRoute, PublicBody
from requests_tracker.bodies.routes import complaint_addressee, prosecutor_for
from requests_tracker.bodies.services import DATA_DIR, load_directory
from requests_tracker.core.reference_data import LoadReport

pytestmark = pytest.mark.django_db

# Worked out by hand from the directory file and kz-rules.md §3.3 (APPC Art. 91(3)).
# Neither a superior body that may decide nor a head that may: the President, the Government and
# the Prime Minister (never deciders), the apex courts (no superior), the Government's holdings.
NOT_SETTLED = {
    "president",
    "government",
    "prime-minister",
    "supreme-court",
    "constitutional-court",
    "samruk-kazyna",
    "baiterek",
}
# Bodies under the President outside the ministries and akimats (both under the Government).
HEAD_OF_BODY_UNDER_THE_PRESIDENT = {
    "presidential-administration",
    "central-election-commission",
    "supreme-audit-chamber",
    "human-rights-commissioner",
    "national-bank",
    "anticorruption-agency",
    "financial-monitoring-agency",
    "strategic-planning-agency",
    "financial-market-agency",
    "competition-agency",
    "national-security-committee",
    "state-security-service",
    "civil-service-agency",
    "general-prosecutor",
}


def shipped_slugs() -> set[str]:
    with (DATA_DIR / "kz_directory.yaml").open(encoding="utf-8") as handle:
        return {body["slug"] for body in yaml.safe_load(handle)["bodies"]}


def test_every_body_in_the_directory_has_a_route_or_says_it_is_not_settled() -> None:
    bodies = PublicBody.objects.select_related("superior_body")
    routes = {body.slug: complaint_addressee(body) for body in bodies}
    ministries_and_akimats = set(
        bodies.filter(kind__in=("ministry", "akimat")).values_list("slug", flat=True)
    )

    head_of_body = {slug for slug, a in routes.items() if a.route == ComplaintRoute.HEAD_OF_BODY}
    not_settled = {slug for slug, a in routes.items() if a.route == ComplaintRoute.NOT_SETTLED}
    superior = {slug: a for slug, a in routes.items() if a.route == ComplaintRoute.SUPERIOR_BODY}

    assert len(routes) == 188 == len(shipped_slugs())
    assert len(ministries_and_akimats) == 41
    assert not_settled == NOT_SETTLED
    assert head_of_body == (
        ministries_and_akimats | HEAD_OF_BODY_UNDER_THE_PRESIDENT | {"office-of-prime-minister"}
    )
    assert len(superior) == 188 - 7 - 56
    # the head decides a complaint about its own body, filed through it: no other body, no name
    assert all(routes[slug].body == bodies.get(slug=slug) for slug in head_of_body)
    assert all(routes[slug].body is None for slug in not_settled)
    # a superior body is the body's own superior in the directory, one that may decide
    for slug, addressee in superior.items():
        body = bodies.get(slug=slug)
        assert addressee.body == body.superior_body
        assert addressee.body is not None
        assert addressee.body.accepts_complaints
        assert addressee.body.slug in shipped_slugs()


@pytest.mark.parametrize(
    ("slug", "route", "decided_by"),
    [
        ("police-kz-75", ComplaintRoute.SUPERIOR_BODY, "ministry-internal-affairs"),
        ("prosecutor-kz-75", ComplaintRoute.SUPERIOR_BODY, "general-prosecutor"),
        (
            "ministry-culture-information",
            ComplaintRoute.HEAD_OF_BODY,
            "ministry-culture-information",
        ),
        ("akimat-kz-75", ComplaintRoute.HEAD_OF_BODY, "akimat-kz-75"),
        ("anticorruption-agency", ComplaintRoute.HEAD_OF_BODY, "anticorruption-agency"),
        ("general-prosecutor", ComplaintRoute.HEAD_OF_BODY, "general-prosecutor"),
        ("kazpost", ComplaintRoute.SUPERIOR_BODY, "samruk-kazyna"),
        ("samruk-kazyna", ComplaintRoute.NOT_SETTLED, None),
        ("government", ComplaintRoute.NOT_SETTLED, None),
    ],
)
def test_a_complaint_goes_where_the_notes_say(
    slug: str, route: ComplaintRoute, decided_by: str | None
) -> None:
    addressee = complaint_addressee(PublicBody.objects.get(slug=slug))

    assert addressee.route == route
    assert (addressee.body.slug if addressee.body else None) == decided_by


def test_a_body_whose_head_may_not_decide_has_no_route() -> None:
    # APPC Art. 91(3): were the Government marked "to its head", its head is the Prime Minister
    government = PublicBody.objects.get(slug="government")
    government.complaint_route = ComplaintRoute.HEAD_OF_BODY

    addressee = complaint_addressee(government)

    assert (addressee.route, addressee.body) == (ComplaintRoute.NOT_SETTLED, None)


def test_a_body_routed_to_a_superior_that_may_not_decide_has_no_route() -> None:
    ministry = PublicBody.objects.get(slug="ministry-justice")
    ministry.complaint_route = ComplaintRoute.SUPERIOR_BODY  # its superior is the Government

    addressee = complaint_addressee(ministry)

    assert (addressee.route, addressee.body) == (ComplaintRoute.NOT_SETTLED, None)


@pytest.mark.parametrize(
    ("slug", "prosecutor"),
    [
        # a regional prosecutor's office is appealed to the higher one, never to itself
        ("prosecutor-kz-75", "general-prosecutor"),
        ("prosecutor-kz-10", "general-prosecutor"),
        ("military-prosecutor", "general-prosecutor"),
        # the notes name no prosecutor's office above the Prosecutor General's Office
        ("general-prosecutor", None),
        # any other body: the prosecutor's office of its region, else the General one
        ("police-kz-75", "prosecutor-kz-75"),
        ("akimat-kz-10", "prosecutor-kz-10"),
        ("ministry-internal-affairs", "general-prosecutor"),
    ],
)
def test_an_appeal_to_the_prosecutor_goes_to_the_higher_office_about_a_prosecutors_office(
    slug: str, prosecutor: str | None
) -> None:
    office = prosecutor_for(PublicBody.objects.get(slug=slug))

    assert (office.slug if office else None) == prosecutor


def write_directory(tmp_path: Path, **ministry: object) -> Path:
    bodies = [
        {
            "slug": "test-government",
            "kind": "other",
            "name": {"ru": "Правительство", "kk": "Үкімет", "en": "Government"},
            "accepts_complaints": False,
            "complaint_route": "not_settled",
        },
        {
            "slug": "test-ministry",
            "kind": "ministry",
            "name": {"ru": "Министерство", "kk": "Министрлік", "en": "Ministry"},
            "superior": "test-government",
            **ministry,
        },
    ]
    path = tmp_path / "directory.yaml"
    path.write_text(yaml.safe_dump({"regions": [], "bodies": bodies}), encoding="utf-8")
    return path


def test_the_loader_refuses_a_body_whose_superior_may_not_decide_without_a_route(
    tmp_path: Path,
) -> None:
    path = write_directory(tmp_path)

    with pytest.raises(ValueError, match="test-ministry: no superior body may decide"):
        load_directory(path=path, report=LoadReport())

    assert not PublicBody.objects.filter(slug__startswith="test-").exists()


def test_the_loader_refuses_a_head_who_may_not_decide(tmp_path: Path) -> None:
    path = write_directory(tmp_path, complaint_route="head_of_body", accepts_complaints=False)

    with pytest.raises(ValueError, match="test-ministry: its head may not decide a complaint"):
        load_directory(path=path, report=LoadReport())

    assert not PublicBody.objects.filter(slug__startswith="test-").exists()


def test_the_loader_refuses_an_unknown_route(tmp_path: Path) -> None:
    path = write_directory(tmp_path, complaint_route="court")

    with pytest.raises(ValueError, match="test-ministry: complaint_route 'court' is not one of"):
        load_directory(path=path, report=LoadReport())


def test_the_loader_keeps_the_route_the_file_gives(tmp_path: Path) -> None:
    load_directory(
        path=write_directory(tmp_path, complaint_route="head_of_body"), report=LoadReport()
    )

    assert PublicBody.objects.get(slug="test-ministry").complaint_route == "head_of_body"


@pytest.mark.parametrize(
    ("slug", "route_text"),
    [
        (
            "police-kz-75",
            'A complaint about this body goes to:\n<a href="/bodies/ministry-internal-affairs/">',
        ),
        (
            "ministry-internal-affairs",
            "the head of this body, the superior official (filed through this body; APPC Article "
            "91(3))",
        ),
        ("government", "not settled by the legal notes: appeal to the prosecutor's office"),
    ],
)
def test_the_body_page_says_where_a_complaint_goes(
    client: Client, slug: str, route_text: str
) -> None:
    page = client.get(f"/bodies/{slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert route_text in page
