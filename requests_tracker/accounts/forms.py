"""Sign-up and profile forms: they parse and validate; services.py does the writing."""

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm, UsernameField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.accounts.models import User
from requests_tracker.accounts.services import request_password_reset

EMAIL_TAKEN = _("An account with this email address already exists.")


def _email_is_taken(email: str, *, except_user_id: int | None = None) -> bool:
    """Whether another account uses this address, compared without regard to case."""
    others = User.objects.filter(email__iexact=email)
    if except_user_id is not None:
        others = others.exclude(pk=except_user_id)
    return others.exists()


class SignUpForm(UserCreationForm[User]):
    """Username, email, name, password twice (checked by AUTH_PASSWORD_VALIDATORS), language."""

    email = forms.EmailField(label=_("Email"), max_length=254)

    class Meta:
        model = User
        fields = ("username", "email", "first_name", "last_name", "preferred_language")
        field_classes = {"username": UsernameField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_email(self) -> str:
        # A known address is not refused here: that would tell anyone who has an account.
        # services.sign_up emails its owner instead, and the page says the same as for a new one.
        return str(self.cleaned_data["email"]).strip()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form, its link put in the outbox instead of sent while the page waits."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        now = timezone.now()
        for user in self.get_users(self.cleaned_data["email"]):
            request_password_reset(user=user, now=now)


class ProfileForm(forms.ModelForm[User]):
    """Name, email, language and alert preferences of the signed-in user."""

    email = forms.EmailField(label=_("Email"), max_length=254)

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "alert_deadline_soon",
            "alert_deadline_today",
            "alert_deadline_passed",
            "reminder_working_days",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if _email_is_taken(email, except_user_id=self.instance.pk):
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “newsroom script”."),
    )
