"""Email correspondence with bodies: every message sent and received, kept raw with its SHA-256."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent


class OutgoingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, given up")
    BOUNCED = "bounced", _("Bounced")


class OutgoingEmail(models.Model):
    """One email to a body, sent once per intent (the idempotency key is unique).

    It is the outbox's row: while pending, beat tries it again from ``next_attempt_at`` on, until it
    is sent, refused for good (a 5xx answer), or a person stops trying.
    """

    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.PROTECT,
        related_name="outgoing_emails",
        verbose_name=_("information request"),
    )
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="emails")
    intent = models.CharField(_("intent"), max_length=64)
    idempotency_key = models.CharField(_("idempotency key"), max_length=128, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=255, blank=True)
    from_header = models.CharField(_("From"), max_length=300)
    to_address = models.EmailField(_("To"))
    reply_to = models.EmailField(_("Reply-To"))
    subject = models.CharField(_("subject"), max_length=300)
    raw = models.FileField(_("message as sent"), upload_to="mail/out/%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OutgoingStatus.choices, default=OutgoingStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")
        indexes = [
            models.Index(
                fields=("next_attempt_at",),
                condition=models.Q(status="pending"),
                name="outgoing_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.intent} → {self.to_address}"

    @property
    def is_retrying(self) -> bool:
        """Pending after at least one failed attempt (else it is only queued)."""
        return self.status == OutgoingStatus.PENDING and self.attempts > 0


class MatchKind(models.TextChoices):
    EXACT = "exact", _("Matched by its reply address")
    THREAD = "thread", _("Matched as a reply to an email we sent")
    SUGGESTED = "suggested", _("A guess, for staff to confirm")
    UNMATCHED = "unmatched", _("No request found")


class IncomingStatus(models.TextChoices):
    FILED = "filed", _("Filed on a request's timeline")
    HELD = "held", _("In the holding queue")
    DISCARDED = "discarded", _("Discarded by staff")


class IncomingEmail(models.Model):
    """A message received: kept raw with its hash, filed on a request or held for staff."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    raw = models.FileField(_("raw message"), upload_to="mail/in/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    source = models.CharField(_("received through"), max_length=16)
    received_at = models.DateTimeField(_("received at"))
    from_address = models.CharField(_("From"), max_length=300)
    to_addresses = models.JSONField(_("To"), default=list)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    text_body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML, sanitised"), blank=True)
    is_auto_reply = models.BooleanField(_("automatic reply"), default=False)
    match = models.CharField(_("match"), max_length=16, choices=MatchKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=IncomingStatus.choices)
    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_emails",
        verbose_name=_("information request"),
    )
    suggested_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested request"),
    )
    timeline_event = models.OneToOneField(
        TimelineEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_email",
    )

    class Meta:
        ordering = ("-received_at", "-id")
        verbose_name = _("email received")
        verbose_name_plural = _("emails received")
        indexes = [
            models.Index(
                fields=("received_at",), condition=models.Q(status="held"), name="incoming_held"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"


class WebhookToken(models.Model):
    """The token of a signed webhook post, unique: a replayed signature is refused by the database.

    Rows older than MAILGUN_WEBHOOK_MAX_AGE_SECONDS are pruned; their signatures are refused as
    stale anyway.
    """

    token = models.CharField(_("token"), max_length=255, unique=True)
    signed_at = models.DateTimeField(_("signed at"), db_index=True)

    class Meta:
        verbose_name = _("webhook token")
        verbose_name_plural = _("webhook tokens")

    def __str__(self) -> str:
        return self.token
