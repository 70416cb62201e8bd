"""Sign-up with an emailed confirmation link, password reset, and the profile a user edits.

A new account stays inactive until its owner opens the link sent to the address they gave, so an
account always belongs to someone who reads that mailbox (the alerts about deadlines go there).
Account emails are alerts: rows of the outbox, sent by the worker, so a page never waits for the
mail server and answers the same whether or not an address has an account.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from requests_tracker.accounts.models import User
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts


@transaction.atomic
def sign_up(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    preferred_language: str,
    now: datetime,
) -> User | None:
    """A new inactive account with its confirmation link emailed, or None for a known address.

    An address that already has an account gets no second account: its owner is told by email
    that someone tried to sign up with it. The person signing up sees the same page either way, so
    the page does not tell who has an account; both emails leave from the outbox, not from here.
    """
    existing = User.objects.filter(email__iexact=email).order_by("id").first()
    if existing is not None:
        make_password(password)  # the same work as a new account, so both answers take as long
        notify_account_exists(user=existing, now=now)
        return None
    return register_user(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=password,
        preferred_language=preferred_language,
        now=now,
    )


@transaction.atomic
def register_user(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    preferred_language: str,
    now: datetime,
) -> User:
    """Create an inactive account and put the link that activates it in the outbox.

    The link is emailed by the worker; the account waits, inactive, until its owner opens it.
    """
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        is_active=False,
    )
    user.set_password(password)
    user.save()
    _queue_account_alert(
        user=user,
        kind=AlertKind.SIGNUP_CONFIRMATION,
        dedupe_key=f"signup:{user.pk}",
        now=now,
        context={"link": signup_confirmation_link(user=user)},
    )
    return user


def signup_confirmation_link(*, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("signup-confirm", kwargs={"uidb64": uidb64, "token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def password_reset_link(*, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def notify_account_exists(*, user: User, now: datetime) -> Alert:
    """Tell the owner of an address that someone tried to sign up with it (from the outbox)."""
    base = settings.SITE_URL.rstrip("/")
    return _queue_account_alert(
        user=user,
        kind=AlertKind.ACCOUNT_EXISTS,
        dedupe_key=f"account-exists:{user.pk}:{uuid.uuid4().hex}",
        now=now,
        context={
            "login_url": f"{base}{reverse('login')}",
            "password_reset_url": f"{base}{reverse('password_reset')}",
        },
    )


def request_password_reset(*, user: User, now: datetime) -> Alert:
    """Put a password-reset link for ``user`` in the outbox.

    The link is Django's token, valid for PASSWORD_RESET_TIMEOUT: an alert still unsent by then is
    given up rather than sent dead, and the link is blanked from the alert once sent.
    """
    expires_at = now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return _queue_account_alert(
        user=user,
        kind=AlertKind.PASSWORD_RESET,
        dedupe_key=f"password-reset:{user.pk}:{uuid.uuid4().hex}",
        now=now,
        context={"link": password_reset_link(user=user), "expires_at": expires_at.isoformat()},
    )


def _queue_account_alert(
    *, user: User, kind: AlertKind, dedupe_key: str, now: datetime, context: dict[str, str]
) -> Alert:
    alert = Alert.objects.create(
        recipient=user,
        kind=kind,
        dedupe_key=dedupe_key,
        language=user.preferred_language,
        created_at=now,
        next_attempt_at=now,
        context={
            "recipient_name": user.first_name or user.username,
            "username": user.username,
            **context,
        },
    )
    enqueue_alerts([alert.pk])
    return alert


@transaction.atomic
def confirm_signup(*, uidb64: str, token: str) -> User | None:
    """Activate the account the link names; None when the link is invalid, expired or used.

    The token is Django's password-reset token: it changes once the user logs in (last_login is
    part of it), and the link only ever activates an inactive account, so it works once.
    """
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.select_for_update(of=("self",)).filter(pk=user_id, is_active=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    preferred_language: str,
    alert_deadline_soon: bool,
    alert_deadline_today: bool,
    alert_deadline_passed: bool,
    reminder_working_days: int,
) -> User:
    """Save the user's name, address, language and alert preferences."""
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.preferred_language = preferred_language
    user.alert_deadline_soon = alert_deadline_soon
    user.alert_deadline_today = alert_deadline_today
    user.alert_deadline_passed = alert_deadline_passed
    user.reminder_working_days = reminder_working_days
    user.full_clean(exclude=["password"])
    user.save()
    return user
