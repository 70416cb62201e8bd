"""The monitoring dataset: violations of access to information and of journalists' rights.

Blocks and categories follow the Adil Soz monitoring practice (kz-rules.md §9).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.models import TimeStampedModel
from requests_tracker.information_requests.models import Deadline, InformationRequest


class Block(models.TextChoices):
    A = "A", _("Violations of the rights of journalists, media and newsmakers")
    B = "B", _("Violations of the right to receive and disseminate information")
    C = "C", _("Claims and charges against journalists, media and citizens")


class Category(models.TextChoices):
    # Block B: what the tracker records from requests.
    SILENCE = "silence", _("No answer by the deadline (deemed refusal)")
    REFUSAL = "refusal", _("Refusal to provide information")
    REFUSAL_CPC_201 = "refusal_cpc_201", _("Refusal citing CPC Art. 201 (pre-trial secrecy)")
    REFUSAL_OFFICIAL_USE = "refusal_official_use", _("Refusal citing “for official use”")
    EVASIVE_ANSWER = "evasive_answer", _("Partial or evasive answer")
    LATE_ANSWER = "late_answer", _("Answer after the deadline")
    EXTENSION_NOT_NOTIFIED = "extension_not_notified", _("Extension without timely notice")
    LATE_FORWARDING = "late_forwarding", _("Late or unlawful forwarding")
    DENIED_EVENT_ACCESS = "denied_event_access", _("Denial of access to an event or briefing")
    DENIED_ACCREDITATION = "denied_accreditation", _("Denial or revocation of accreditation")
    # Block A.
    OBSTRUCTION = "obstruction", _("Obstruction of a journalist's lawful activity")
    ATTACK = "attack", _("Attack")
    THREAT = "threat", _("Threat")
    DETENTION = "detention", _("Detention or arrest")
    SUMMONS = "summons", _("Summons to law enforcement")
    # Block C.
    CRIMINAL_CHARGE = "criminal_charge", _("Criminal charge")
    ADMINISTRATIVE_CHARGE = "administrative_charge", _("Administrative charge")
    HONOUR_AND_DIGNITY_CLAIM = (
        "honour_and_dignity_claim",
        _("Claim on honour, dignity and reputation"),
    )
    JUDICIAL_ACT = "judicial_act", _("Judicial act")
    OTHER = "other", _("Other")


FROM_REQUESTS = (
    Category.SILENCE,
    Category.REFUSAL,
    Category.REFUSAL_CPC_201,
    Category.REFUSAL_OFFICIAL_USE,
    Category.EVASIVE_ANSWER,
    Category.LATE_ANSWER,
    Category.EXTENSION_NOT_NOTIFIED,
    Category.LATE_FORWARDING,
)


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VERIFIED = "verified", _("Verified")
    PUBLISHED = "published", _("Published")


class Violation(TimeStampedModel):
    block = models.CharField(_("block"), max_length=1, choices=Block.choices)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        help_text=_("The deadline whose miss or mishandling this records."),
    )
    public_body = models.ForeignKey(
        PublicBody, on_delete=models.PROTECT, null=True, blank=True, related_name="violations"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="violations"
    )
    occurred_on = models.DateField(_("date of the event"))
    reported_on = models.DateField(_("date reported"), null=True, blank=True)
    legal_ground_cited = models.CharField(_("legal ground cited"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    review_state = models.CharField(
        _("review"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-occurred_on", "-id")
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        constraints = [
            # One violation per deadline and cause: a doubled sweep or a retry adds nothing.
            models.UniqueConstraint(
                fields=("deadline", "category"),
                condition=models.Q(deadline__isnull=False),
                name="one_violation_per_deadline_and_category",
            ),
            models.UniqueConstraint(
                fields=("information_request", "category"),
                condition=models.Q(information_request__isnull=False, deadline__isnull=True),
                name="one_violation_per_request_and_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.occurred_on:%Y-%m-%d}"
