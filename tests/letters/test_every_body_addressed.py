"""Every letter kind, to every body of the directory, in Russian and Kazakh: the addressee line
names the body in the genitive the directory stores, never in the nominative."""

from dataclasses import replace

import pytest
from django.utils import translation

from letters.contexts import LetterKind, sample_context
from letters.render import render_text
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.services.context import addressee_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_kind_to_every_body_names_it_in_the_genitive(language: str) -> None:
    bodies = list(PublicBody.objects.order_by("slug"))
    assert len(bodies) == 188
    wrong = []
    for body in bodies:
        addressee = addressee_for(body, language)
        genitive = getattr(body, f"name_{language}_genitive")
        line = f"Руководителю {genitive}" if language == "ru" else f"{genitive} басшысына"
        for kind in LetterKind:
            text = render_text(replace(sample_context(kind, language), addressee=addressee))
            if (first := text.splitlines()[0]) != line:
                wrong.append((body.slug, kind.value, first))
    assert wrong == []


def test_the_police_of_almaty_is_addressed_as_a_lawyer_would() -> None:
    police = PublicBody.objects.get(slug="police-kz-75")

    ru = render_text(
        replace(sample_context(LetterKind.ATI_REQUEST, "ru"), addressee=addressee_for(police, "ru"))
    )
    kk = render_text(
        replace(sample_context(LetterKind.ATI_REQUEST, "kk"), addressee=addressee_for(police, "kk"))
    )

    assert ru.splitlines()[0] == "Руководителю Департамента полиции города Алматы"
    assert kk.splitlines()[0] == "Алматы қаласының Полиция департаментінің басшысына"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "ru",
            "Письмо пока нельзя адресовать: в справочнике нет формы родительного падежа "
            "названия «Управление по делам тестов». Попросите сотрудников добавить её в карточку "
            "органа.",
        ),
        (
            "kk",
            "Хатты әзірге жіберуге болмайды: анықтамалықта «Тесттер басқармасы» атауының ілік "
            "септігіндегі түрі жоқ. Қызметкерлерден оны орган карточкасына қосуды сұраңыз.",
        ),
    ],
)
def test_a_body_without_the_form_refuses_the_letter(language: str, message: str) -> None:
    police = PublicBody.objects.get(slug="police-kz-75")
    body = PublicBody.objects.create(
        slug="staff-added",
        jurisdiction=police.jurisdiction,
        kind=police.kind,
        name_ru="Управление по делам тестов",
        name_kk="Тесттер басқармасы",
        name_en="Tests Office",
    )

    with translation.override(language), pytest.raises(DomainError) as refused:
        addressee_for(body, language)

    assert str(refused.value) == message
    assert addressee_for(body, "en").body_name == "Tests Office"
