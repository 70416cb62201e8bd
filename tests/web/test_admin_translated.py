"""The admin is branded and speaks the staff's language: its header, and every column of every
change list, read in Russian and in Kazakh."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.demo import NGO_STAFF

# Names that read the same in every language.
SAME_IN_EVERY_LANGUAGE = {"SHA-256"}
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def untranslated_columns(language: str) -> list[str]:
    found = []
    with translation.override(language):
        for model, model_admin in admin.site._registry.items():
            if not model.__module__.startswith("requests_tracker."):
                continue  # a library's admin comes with the library's own translations
            for heading in (model._meta.app_config.verbose_name, model._meta.verbose_name_plural):
                if not CYRILLIC.search(str(heading)):
                    found.append(f"{model._meta.label}: {heading!r}")
            for field in model_admin.get_list_display(request=None):  # type: ignore[arg-type]
                label = str(label_for_field(field, model, model_admin))
                if label not in SAME_IN_EVERY_LANGUAGE and not CYRILLIC.search(label):
                    found.append(f"{model._meta.label}.{field}: {label!r}")
    return found


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_admin_section_list_and_column_has_a_translated_name(language: str) -> None:
    assert untranslated_columns(language) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "header", "title"),
    [
        ("ru", "Трекер запросов: администрирование", "Трекер запросов"),
        ("kk", "Сұрау трекері: әкімшілік", "Сұрау трекері"),
    ],
)
def test_the_admin_carries_the_sites_name_in_the_staffs_language(
    demo_data: None, client: Client, language: str, header: str, title: str
) -> None:
    client.cookies["django_language"] = language
    client.force_login(User.objects.get(username=NGO_STAFF.username))

    page = client.get("/admin/").content.decode()

    assert f'<a href="/admin/">{header}</a>' in page
    assert f"| {title}</title>" in page
    assert "Django" not in page
