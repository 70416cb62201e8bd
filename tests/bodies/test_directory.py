"""The directory of public bodies as shipped: its size, regional families, superior bodies."""

import pytest

from requests_tracker.bodies.models import BodyKind, PublicBody, Region


@pytest.mark.django_db
def test_the_directory_holds_at_least_150_bodies() -> None:
    assert PublicBody.objects.count() >= 150


@pytest.mark.django_db
def test_there_are_17_regions_and_3_cities_of_republican_significance() -> None:
    assert Region.objects.filter(kind="region").count() == 17
    assert sorted(Region.objects.filter(kind="city").values_list("code", flat=True)) == [
        "KZ-71",
        "KZ-75",
        "KZ-79",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "superior_slug"),
    [
        (BodyKind.PROSECUTOR, "general-prosecutor"),
        (BodyKind.POLICE, "ministry-internal-affairs"),
    ],
)
def test_each_region_has_one_body_of_the_family_whose_superior_is_the_central_one(
    kind: BodyKind, superior_slug: str
) -> None:
    regional = PublicBody.objects.filter(kind=kind, region__isnull=False)

    assert regional.count() == 20
    assert set(regional.values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )
    assert set(regional.values_list("superior_body__slug", flat=True)) == {superior_slug}


@pytest.mark.django_db
def test_each_region_and_city_has_its_akimat() -> None:
    akimats = PublicBody.objects.filter(kind=BodyKind.AKIMAT)

    assert akimats.count() == 20
    assert akimats.filter(region__isnull=True).count() == 0
    assert akimats.filter(superior_body__isnull=True).count() == 0


@pytest.mark.django_db
def test_only_the_president_and_the_apex_courts_have_no_superior_body() -> None:
    apex = PublicBody.objects.filter(superior_body__isnull=True)

    assert sorted(apex.values_list("slug", flat=True)) == [
        "constitutional-court",
        "president",
        "supreme-court",
    ]


@pytest.mark.django_db
def test_following_superior_bodies_always_ends_at_an_apex_body() -> None:
    superior_of = dict(PublicBody.objects.values_list("id", "superior_body_id"))

    for body_id in superior_of:
        seen = set()
        current: int | None = body_id
        while current is not None:
            assert current not in seen, f"cycle through body {current}"
            seen.add(current)
            current = superior_of[current]


@pytest.mark.django_db
def test_complaints_never_go_to_the_president_the_prime_minister_or_the_government() -> None:
    # APPC Art. 91(3)
    refusing = PublicBody.objects.filter(accepts_complaints=False)

    assert sorted(refusing.values_list("slug", flat=True)) == [
        "government",
        "president",
        "prime-minister",
    ]


@pytest.mark.django_db
def test_every_body_is_named_in_russian_kazakh_and_english() -> None:
    unnamed = PublicBody.objects.filter(name_ru="") | PublicBody.objects.filter(name_kk="")

    assert (unnamed | PublicBody.objects.filter(name_en="")).count() == 0
