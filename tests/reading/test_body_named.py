"""The body a letter names (forwarded "в Департамент полиции ...") matched in the directory, in
Russian or Kazakh, whatever the case ending; no body rather than a guess."""

import pytest

from requests_tracker.bodies.models import PublicBody
from requests_tracker.reading.suggestions import body_named

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Департамент полиции города Алматы", "police-kz-75"),
        ("в «Департамент полиции города Алматы»", "police-kz-75"),  # quoted, after "в"
        ("департамент  полиции города алматы", "police-kz-75"),  # case and spaces
        ("Алматы қаласының Полиция департаментіне", "police-kz-75"),  # Kazakh, dative
        ("в прокуратуру Алматинской области", "prosecutor-kz-19"),  # Russian, accusative
        ("Police Department of Almaty", "police-kz-75"),
    ],
)
def test_a_body_named_as_a_letter_writes_it_is_found(written: str, slug: str) -> None:
    body = body_named(written)

    assert body is not None
    assert body.slug == slug


@pytest.mark.parametrize(
    "written",
    [
        "Управление по делам гостиниц",  # no such body
        "Прокуратура",  # every prosecutor's office starts so: not one body
        "",
    ],
)
def test_a_name_matching_no_body_or_several_finds_none(written: str) -> None:
    assert body_named(written) is None


def test_a_closed_body_is_not_found() -> None:
    # given: the Almaty police department is no longer active
    PublicBody.objects.filter(slug="police-kz-75").update(is_active=False)

    assert body_named("Департамент полиции города Алматы") is None
