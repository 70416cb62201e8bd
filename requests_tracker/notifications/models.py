"""Alerts: notices to a person, sent by email exactly once per cause.

An alert carries plain data (``context``), never a reference to a request: this app knows nothing of
the domain that raises alerts. Its ``dedupe_key`` names the cause, and is unique.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.models import OutboxQuerySet, OutboxRow


class AlertKind(models.TextChoices):
    DEADLINE_SOON = "deadline_soon", _("A deadline is near")
    DEADLINE_TODAY = "deadline_today", _("A deadline is today")
    DEADLINE_PASSED = "deadline_passed", _("A deadline passed without an answer")
    APPEAL_WINDOW_CLOSING = "appeal_window_closing", _("The window to complain is closing")
    REPLY_RECEIVED = "reply_received", _("A reply arrived")
    EMAIL_BOUNCED = "email_bounced", _("The email to the body was not delivered")
    REPLY_TO_CLASSIFY = "reply_to_classify", _("A deadline ended with a reply not yet classified")
    REGISTRATION_CHASE = "registration_chase", _("No registration recorded: ask for the number")
    SIGNUP_CONFIRMATION = "signup_confirmation", _("The link that confirms a sign-up")
    ACCOUNT_EXISTS = "account_exists", _("A sign-up with the address of an existing account")
    PASSWORD_RESET = "password_reset", _("The link to choose a new password")


class Alert(OutboxRow):
    """One notice to one person: the outbox's row, tried again by beat until sent or given up."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=AlertKind.choices)
    dedupe_key = models.CharField(_("cause"), max_length=200, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    context = models.JSONField(_("content"), default=dict)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [
            models.Index(
                fields=("next_attempt_at",),
                condition=models.Q(sent_at=None, failed_at=None),
                name="alert_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
