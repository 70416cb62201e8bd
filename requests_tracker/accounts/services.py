"""Sign-up with an emailed confirmation link, and the profile a user edits.

A new account stays inactive until its owner opens the link sent to the address they gave, so an
account always belongs to someone who reads that mailbox (the alerts about deadlines go there).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from requests_tracker.accounts.models import User


@transaction.atomic
def register_user(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    preferred_language: str,
) -> User:
    """Create an inactive account and email its owner the link that activates it.

    Both happen or neither: when the mail cannot be sent the account is not kept, and the person
    can sign up again with the same username.
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
    send_signup_confirmation(user=user)
    return user


def signup_confirmation_link(*, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("signup-confirm", kwargs={"uidb64": uidb64, "token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_signup_confirmation(*, user: User) -> None:
    """Email the confirmation link in the user's language (the template's first line: subject)."""
    language = user.preferred_language
    context = {"user": user, "link": signup_confirmation_link(user=user)}
    with translation.override(language):
        text = render_to_string(f"accounts/emails/confirm.{language}.txt", context)
    subject, _newline, body = text.partition("\n")
    send_mail(
        subject=subject.strip(),
        message=body.strip() + "\n",
        from_email=None,  # DEFAULT_FROM_EMAIL
        recipient_list=[user.email],
    )


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
