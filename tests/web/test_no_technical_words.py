"""No page shows a user a technical identifier: a rule id ("KZ.ATI.11.response"), a region code
("KZ-75") or a time-zone name ("Asia/Almaty"). Rules, laws and regions appear by their titles in
the page's language.

Every page of the site is opened (the list the Content-Security-Policy test builds from the URL
configuration, so a new page is covered too), in Russian and in Kazakh, as the visitor who may see
it, together with the admin's change lists. Only the text a reader sees is searched: tags,
attributes, scripts, styles and ``<code>`` (an identifier a developer copies) are left out.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.demo import JOURNALIST, NGO_STAFF
from tests.web import test_csp
from tests.web.test_csp import PAGES, Page

LANGUAGES = ("ru", "kk")
TECHNICAL_WORDS = re.compile(r"\b(?:KZ|RU)\.[A-Z0-9]+\.[\w.]*|\bKZ-\d\d\b|Asia/Almaty")
HIDDEN_ELEMENTS = {"script", "style", "code", "template"}
# The API's documentation is generated from the OpenAPI schema, whose examples are identifiers.
NOT_FOR_READERS = {"api-v1:docs"}
# One object of each kind a page shows: the fixture of the Content-Security-Policy test.
site = test_csp.site

# The list of regions itself shows each region's ISO code: it is the record a staff member edits.
ADMIN_LISTS = (
    "admin:information_requests_informationrequest_changelist",
    "admin:bodies_publicbody_changelist",
    "admin:monitoring_violation_changelist",
)


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def technical_words(html: str) -> list[str]:
    return sorted({match.group(0) for match in TECHNICAL_WORDS.finditer(visible_text(html))})


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h1>Ответ на запрос (KZ.ATI.11.response)</h1>", ["KZ.ATI.11.response"]),
        ("<li>KZ-35 Karaganda Region</li>", ["KZ-35"]),
        ("<p>время Asia/Almaty</p>", ["Asia/Almaty"]),
        ("<p>RU.FZ8.18.response</p>", ["RU.FZ8.18.response"]),
        ('<option value="KZ.ATI.11.response">Ответ на запрос</option>', []),
        ("<p>Команда <code>deadline KZ.ATI.11.response</code></p>", []),
        ('<script type="application/json">{"region": "KZ-75"}</script>', []),
        ("<p>Телефон KZ-123, закон KZ.</p>", []),
    ],
)
def test_the_finder_reads_only_what_a_reader_sees(html: str, expected: list[str]) -> None:
    assert technical_words(html) == expected


def open_as(client: Client, visitor: str, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if visitor != "anonymous":
        username = JOURNALIST.username if visitor == "journalist" else NGO_STAFF.username
        user = User.objects.get(username=username)
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "page",
    [page for page in PAGES if page.name not in NOT_FOR_READERS],
    ids=lambda page: f"{page.name}-{page.visitor}",
)
def test_a_page_shows_no_rule_id_region_code_or_time_zone(
    page: Page,
    language: str,
    site: dict[str, object],
    client: Client,
) -> None:
    open_as(client, page.visitor, language)
    path = reverse(page.name, kwargs={argument: site[name] for argument, name in page.arguments})

    response = client.get(path)

    assert response.status_code == page.status
    assert f'lang="{language}"' in response.content.decode()
    found = technical_words(response.content.decode())
    assert found == [], f"{path} shows {found}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ADMIN_LISTS)
def test_an_admin_list_shows_no_rule_id_region_code_or_time_zone(
    name: str,
    language: str,
    site: dict[str, object],
    client: Client,
) -> None:
    open_as(client, "staff", language)

    response = client.get(reverse(name))

    assert response.status_code == 200
    found = technical_words(response.content.decode())
    assert found == [], f"{name} shows {found}"
