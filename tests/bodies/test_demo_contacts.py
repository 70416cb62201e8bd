"""The demo bodies carry example contacts under example.invalid, marked as demo data, made by
seed_demo only."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from requests_tracker.bodies.models import BodyContact, ContactOrigin, PublicBody
from requests_tracker.information_requests.demo import seed_demo


@pytest.mark.django_db
def test_the_reference_data_alone_has_no_demo_contact() -> None:
    call_command("load_reference_data", verbosity=0, stdout=StringIO())

    assert BodyContact.objects.filter(origin=ContactOrigin.DEMO).count() == 0
    assert PublicBody.objects.exclude(email="").count() == 0


@pytest.mark.django_db
def test_seed_demo_gives_each_demo_body_an_email_and_an_address_once(demo_data: None) -> None:
    again = seed_demo(now=timezone.now())

    demo = BodyContact.objects.filter(origin=ContactOrigin.DEMO)
    police = PublicBody.objects.get(slug="police-kz-75")
    assert demo.count() == 12
    assert set(demo.values_list("source_note", flat=True)) == {"demo data"}
    assert all(
        email.endswith(".example.invalid")
        for email in demo.filter(kind="email").values_list("value", flat=True)
    )
    assert police.email == "kense@police-almaty.example.invalid"
    assert police.postal_address == "050000, г. Алматы, ул. Примерная, 1"
    assert again == []


@pytest.mark.django_db
def test_the_body_page_says_a_demo_contact_is_demo_data(demo_data: None, client: Client) -> None:
    page = client.get("/bodies/police-kz-75/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<a href="mailto:kense@police-almaty.example.invalid">' in page
    assert page.count("demo data, not a real contact") == 2
