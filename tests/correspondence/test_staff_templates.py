"""Staff edit letter templates safely: validated on save, sandboxed, every version kept."""

import pytest

from letters.contexts import LetterKind
from letters.environment import LetterTemplateError
from requests_tracker.accounts.models import User
from requests_tracker.correspondence.models import LetterTemplate
from requests_tracker.correspondence.services import active_template, save_letter_template

pytestmark = pytest.mark.django_db

GOOD = "{{ addressee.head_title }} {{ addressee.body_name }}\n\n# Запрос\n\n{{ text }}\n"


def save(source: str) -> LetterTemplate:
    return save_letter_template(
        kind=LetterKind.ATI_REQUEST,
        language="ru",
        source=source,
        user=User.objects.get_or_create(username="staff")[0],
        change_note="test",
    )


def test_each_save_is_a_new_version_and_only_the_newest_is_in_use() -> None:
    first = save(GOOD)
    second = save(GOOD.replace("Запрос", "Запрос информации"))

    assert (first.version, second.version) == (1, 2)
    assert active_template(LetterKind.ATI_REQUEST, "ru") == second
    assert list(LetterTemplate.objects.values_list("version", "is_active")) == [
        (2, True),
        (1, False),
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ requester.phone }}", "The template fails on a sample letter"),
        ("{{ signature }}", "Unknown fields: signature."),
        ("{% if text %}unclosed", "Syntax error on line 1"),
        ("{{ ''.__class__.__mro__ }}", "Private attributes such as __mro__ are not allowed."),
        ("{{ cycler.__init__.__globals__ }}", "Private attributes such as __globals__ are not"),
        ("{{ text._private }}", "Private attributes such as _private are not allowed."),
        ("{{ requester.__dict__ }}", "Private attributes such as __dict__ are not allowed."),
        ("{{ requester['__class__'] }}", "Private attributes such as __class__ are not allowed."),
        ("{% import 'other.j2' as other %}", "may not include, import or extend"),
        ("{% include 'ati_request.ru.txt.j2' %}", "may not include, import or extend"),
        ("{% for i in range(1000000000) %}x{% endfor %}", "range() is limited to 1000 items"),
        (
            "{% for a in range(999) %}{% for b in range(999) %}{% for c in range(999) %}"
            "{% endfor %}{% endfor %}{% endfor %}",
            "Loops may be nested at most 2 deep.",
        ),
        ("{{ 'x' * 1000000000 }}", "repeating text that many times is not allowed"),
        ("{{ 2 ** 100000000 }}", "powers above 64 are not allowed"),
        (
            "{% for a in range(1000) %}{% for b in range(1000) %}xxxxx{% endfor %}{% endfor %}",
            "The letter grew past 200,000 characters",
        ),
    ],
)
def test_a_template_that_breaks_a_rule_is_refused_with_a_clear_message(
    source: str, message: str
) -> None:
    with pytest.raises(LetterTemplateError) as refused:
        save(source)

    assert message in str(refused.value)
    assert LetterTemplate.objects.count() == 0
