"""Collective appeals: one text, co-signing organisations, many addressee bodies.

An appeal fans out into one tracked request per addressee; the unique constraints make that one
request and one send per addressee, however often the fan-out runs or is interrupted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.accounts.models import Organization
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.laws.models import LegalRule


class AppealState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled: can still be cancelled")
    SENDING = "sending", _("Sending")
    # Every addressee has its request; some still wait to be submitted (by hand, or their email).
    FANNED_OUT = "fanned_out", _("Awaiting submission")
    # Every addressee's request is submitted: set when the last submission is recorded.
    SENT = "sent", _("Sent")


class CollectiveAppeal(models.Model):
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    legal_rules = models.ManyToManyField(LegalRule, related_name="+", verbose_name=_("legal basis"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    initiating_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="collective_appeals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    state = models.CharField(
        _("state"), max_length=16, choices=AppealState.choices, default=AppealState.DRAFT
    )
    # The undo window: nothing leaves before this moment, and until then sending can be cancelled.
    send_after = models.DateTimeField(_("sent after"), null=True, blank=True)
    fanned_out_at = models.DateTimeField(_("fan-out finished at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("collective appeal")
        verbose_name_plural = _("collective appeals")
        indexes = [
            models.Index(
                fields=("send_after",),
                condition=models.Q(state__in=("scheduled", "sending")),
                name="collective_appeal_due",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Cosigner(models.Model):
    """A co-signing organisation; its name appears once a member of it confirms."""

    appeal = models.ForeignKey(CollectiveAppeal, on_delete=models.CASCADE, related_name="cosigners")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_title = models.CharField(_("signatory's title"), max_length=200)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ("id",)
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [
            models.UniqueConstraint(
                fields=("appeal", "organization"), name="one_cosigner_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.signatory_name})"


class Addressee(models.Model):
    """One body the appeal goes to, and the tracked request it became."""

    appeal = models.ForeignKey(
        CollectiveAppeal, on_delete=models.CASCADE, related_name="addressees"
    )
    public_body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="+")
    information_request = models.OneToOneField(
        InformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_addressee",
    )

    class Meta:
        ordering = ("id",)
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(fields=("appeal", "public_body"), name="one_addressee_per_body")
        ]
        indexes = [
            models.Index(
                fields=("appeal", "id"),
                condition=models.Q(information_request__isnull=True),
                name="addressee_to_fan_out",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_body)
