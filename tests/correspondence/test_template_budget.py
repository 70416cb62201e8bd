"""Every staff template renders within a memory and time budget: any payload is a clear 400
within 2 s, and the process that answered goes on rendering letters."""

import os
import time
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from letters.contexts import LetterKind, sample_context
from letters.environment import TEMPLATE_DIR
from letters.render import render_text
from requests_tracker.correspondence.models import LetterTemplate
from requests_tracker.correspondence.services import validate_template_source
from tests.factories import make_ngo_staff

pytestmark = pytest.mark.django_db

NESTED_LOOPS = "{% for a in range(1000) %}{% for b in range(1000) %}BODY{% endfor %}{% endfor %}"
PAYLOADS = [
    # (payload, what the 400 says)
    ("{{ ('x'*10000*10000)|length }}", "repeating text that many times"),
    ("{{ ('x'*10000) * 10000 }}", "repeating text that many times"),
    ('{{ "%1000000000s"|format("x") }}', "more than its memory budget (64 MB)"),
    ('{{ "%1000000000s" % "x" }}', "more than its memory budget (64 MB)"),
    ("{{ '{:1000000000}'.format('x') }}", "more than its memory budget (64 MB)"),
    (
        NESTED_LOOPS.replace(
            "BODY", "{% if range(1000)|map('string')|list|length == 0 %}{% endif %}"
        ),
        "took longer than 1 s",
    ),
    (
        NESTED_LOOPS.replace(
            "BODY", "{{ range(1000)|map('string')|map('list')|map('join')|list and '' }}"
        ),
        "took longer than 1 s",
    ),
    (
        "{% macro idle() %}{% for i in range(1000) %}{% endfor %}{% endmacro %}"
        + NESTED_LOOPS.replace("BODY", "{{ idle() }}"),
        "took longer than 1 s",
    ),
    ("{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}", "nests too deeply"),
    ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nests too deeply"),
    ("{{ '{a}'.format_map({'a': text}) }}", "access to attribute 'format_map' of 'str' object"),
    ("{{ 10**5000 }}", "powers above 64"),
    ("{{ " + "9" * 5000 + " }}", "Numbers in a letter template are limited to 4,300 digits."),
    ("{{ (10**64)**64 * (10**64)**64 }}", "Numbers in a letter template are limited to 4,300"),
    ("{{ ((range(1000)|list) * 200)|join('----------') }}", "The letter grew past 200,000"),
    ("{{ range(1000)|join(text * 100) }}", "The letter grew past 200,000 characters"),
    ("x" * 50_001, "A letter template is limited to 50,000 characters."),
]


@pytest.fixture
def staff_client(api_client: APIClient) -> APIClient:
    api_client.force_authenticate(make_ngo_staff(username="template-editor"))
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return api_client


@pytest.mark.parametrize(("source", "message"), PAYLOADS)
@pytest.mark.parametrize(
    "endpoint", ["/api/v1/letter-templates/preview/", "/api/v1/letter-templates/"]
)
def test_a_template_over_its_budget_is_refused_with_a_400_within_two_seconds(
    staff_client: APIClient, endpoint: str, source: str, message: str
) -> None:
    # when
    started = time.monotonic()
    response = staff_client.post(
        endpoint, {"kind": "ati_request", "language": "ru", "source": source}, format="json"
    )
    elapsed = time.monotonic() - started

    # then: a clear refusal, in time, and nothing saved
    assert response.status_code == 400
    assert message in response.json()["source"][0]
    assert elapsed < 2.0
    assert LetterTemplate.objects.count() == 0


def test_after_every_payload_the_same_process_renders_a_normal_template(
    staff_client: APIClient,
) -> None:
    # given: every payload refused first, in this process
    pid = os.getpid()
    for source, _message in PAYLOADS:
        refused = staff_client.post(
            "/api/v1/letter-templates/preview/",
            {"kind": "ati_request", "language": "ru", "source": source},
            format="json",
        )
        assert refused.status_code == 400

    # when
    response = staff_client.post(
        "/api/v1/letter-templates/preview/",
        {"kind": "ati_request", "language": "ru", "source": "{{ requester.name }}: {{ text }}"},
        format="json",
    )

    # then
    assert os.getpid() == pid
    assert response.status_code == 200
    assert response.json() == {
        "text": "Айгерим Садыкова: Прошу сообщить число задержаний журналистов в 2026 году."
    }


FORKS: list[int] = []
os.register_at_fork(before=lambda: FORKS.append(os.getpid()))


def test_default_templates_render_in_process_and_staff_templates_in_a_child() -> None:
    context = sample_context(LetterKind.ATI_REQUEST, "ru")
    FORKS.clear()

    render_text(context)
    forks_for_the_default = len(FORKS)
    staff = render_text(context, "{{ outgoing_number }}")

    assert (forks_for_the_default, len(FORKS)) == (0, 1)
    assert staff == "12/2026"


DEFAULTS = sorted(TEMPLATE_DIR.glob("*.txt.j2"))


@pytest.mark.parametrize("path", DEFAULTS, ids=[path.name for path in DEFAULTS])
def test_every_default_template_saved_by_staff_renders_within_the_budget_as_the_default(
    path: Path,
) -> None:
    kind, language = path.name.split(".")[:2]

    text = validate_template_source(path.read_text(), kind=LetterKind(kind), language=language)

    assert text == render_text(sample_context(LetterKind(kind), language))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "Не разрешено в шаблоне письма: повторять текст столько раз нельзя."),
        ("kk", "Хат үлгісінде рұқсат етілмейді: мәтінді мұнша рет қайталауға болмайды."),
        ("en", "Not allowed in a letter template: repeating text that many times."),
    ],
)
def test_a_refused_template_is_explained_in_the_staff_members_language(
    staff_client: APIClient, language: str, message: str
) -> None:
    staff_client.credentials(HTTP_ACCEPT_LANGUAGE=language)

    response = staff_client.post(
        "/api/v1/letter-templates/preview/",
        {"kind": "ati_request", "language": "ru", "source": "{{ text * 100000 }}"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"source": [message]}


def test_a_limit_in_a_message_is_written_as_numbers_are_in_that_language(
    staff_client: APIClient,
) -> None:
    staff_client.credentials(HTTP_ACCEPT_LANGUAGE="ru")

    response = staff_client.post(
        "/api/v1/letter-templates/preview/",
        {"kind": "ati_request", "language": "ru", "source": "x" * 50_001},
        format="json",
    )

    assert response.json() == {"source": ["Длина шаблона письма — не более 50\xa0000 символов."]}
