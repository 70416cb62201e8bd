"""Password reset: Django's views, with the emailed link built on SITE_URL."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from requests_tracker.accounts.models import User
from requests_tracker.notifications.sending import send_due_alerts
from tests.factories import UserFactory

LINK = re.compile(r"http://tracker\.example\.kz(/accounts/password-reset/[\w-]+/[\w-]+/)")


@pytest.mark.django_db
def test_password_reset_emails_a_link_that_sets_a_new_password(client: Client, settings) -> None:
    settings.SITE_URL = "http://tracker.example.kz"
    UserFactory.create(username="dana", email="dana@example.kz")

    requested = client.post("/accounts/password-reset/", {"email": "dana@example.kz"})
    send_due_alerts(now=timezone.now())  # the link leaves from the outbox
    (message,) = mail.outbox
    match = LINK.search(str(message.body))
    assert match, message.body
    form_page = client.get(match.group(1), follow=True)
    changed = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Жаңа-құпиясөз-2026", "new_password2": "Жаңа-құпиясөз-2026"},
    )

    assert requested["Location"] == "/accounts/password-reset/sent/"
    assert message.to == ["dana@example.kz"]
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    assert changed.status_code == 302
    assert changed["Location"] == "/accounts/password-reset/complete/"
    assert User.objects.get(username="dana").check_password("Жаңа-құпиясөз-2026")
