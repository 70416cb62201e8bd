"""The directory of information holders: regions and public bodies with their superior bodies."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.models import NamedInThreeLanguages, TimeStampedModel
from requests_tracker.laws.models import Jurisdiction


def normalize_search_text(text: str) -> str:
    """Case-fold and fold ё into е, so that a search matches however the user types it.

    Done in Python rather than by the database, because SQLite folds the case of ASCII letters only.
    """
    return " ".join(text.casefold().replace("ё", "е").split())


class RegionKind(models.TextChoices):
    REGION = "region", _("Region")
    CITY = "city", _("City of republican significance")


class Region(NamedInThreeLanguages, TimeStampedModel):
    """A region (oblys) or a city of republican significance, keyed by its ISO 3166-2 code."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="regions")
    kind = models.CharField(_("kind"), max_length=8, choices=RegionKind.choices)

    class Meta:
        ordering = ("code",)
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        """The name in the active language: a region is shown to readers by name, never by code."""
        return self.name


class BodyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    AKIMAT = "akimat", _("Akimat")
    COURT = "court", _("Court")
    QUASI_PUBLIC = "quasi_public", _("Quasi-public company")
    OTHER = "other", _("Other")


class ComplaintRoute(models.TextChoices):
    """Who decides a complaint about a body (APPC Art. 91(3), kz-rules.md §3.3)."""

    SUPERIOR_BODY = "superior_body", _("The superior body")
    HEAD_OF_BODY = "head_of_body", _("The head of the body, as the superior official")
    NOT_SETTLED = "not_settled", _("Not settled by the legal notes")


class PublicBodyQuerySet(models.QuerySet["PublicBody"]):
    def active(self) -> "PublicBodyQuerySet":
        return self.filter(is_active=True)

    def search(self, text: str) -> "PublicBodyQuerySet":
        """Bodies whose name in any language contains every word of ``text``."""
        queryset = self
        for word in normalize_search_text(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class PublicBody(NamedInThreeLanguages, TimeStampedModel):
    """An information holder; complaints about it go to its superior body (APPC Art. 91(3))."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices, db_index=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("region"),
    )
    superior_body = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinate_bodies",
        verbose_name=_("superior body"),
        help_text=_("Where complaints about this body go."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent body"),
    )
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    accepts_e_otinish = models.BooleanField(_("takes e-Otinish requests"), default=False)
    accepts_complaints = models.BooleanField(
        _("can decide complaints"),
        default=True,
        help_text=_("APPC Art. 91(3): never the President, the Prime Minister or the Government."),
    )
    # APPC Art. 91(3): the superior administrative body or official decides a complaint, never the
    # President, the Prime Minister or the Government. Where no superior body may, the superior
    # official (the head of the body) does; where the notes name neither, the route is not settled.
    complaint_route = models.CharField(
        _("complaint route"),
        max_length=16,
        choices=ComplaintRoute.choices,
        default=ComplaintRoute.SUPERIOR_BODY,
        help_text=_("Who decides a complaint about this body (APPC Art. 91(3))."),
    )
    # The forms the letters address: "Руководителю <ru genitive>", "<kk genitive> басшысына".
    # Generated once into the directory file (``inflect_body_names``), read there by eye; a letter
    # to a body without them is refused, never inflected at render time.
    name_ru_genitive = models.CharField(
        _("name in the genitive (Russian)"), max_length=400, blank=True
    )
    name_ru_dative = models.CharField(_("name in the dative (Russian)"), max_length=400, blank=True)
    name_kk_genitive = models.CharField(
        _("name in the genitive (Kazakh)"), max_length=400, blank=True
    )
    name_kk_dative = models.CharField(_("name in the dative (Kazakh)"), max_length=400, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    objects = PublicBodyQuerySet.as_manager()

    class Meta:
        ordering = ("name_ru",)
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")
        constraints = [
            models.CheckConstraint(
                name="public_body_not_its_own_superior",
                condition=~models.Q(superior_body=models.F("id")),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def name_form(self, language: str, case: str) -> str:
        """The stored ``case`` ("genitive" or "dative") of the name in ``language``; "" if none."""
        return str(getattr(self, f"name_{language}_{case}", "") or "")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = normalize_search_text(
            " ".join((self.name_ru, self.name_kk, self.name_en))
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Email")
    POSTAL_ADDRESS = "postal_address", _("Postal address")
    E_OTINISH = "e_otinish", _("e-Otinish")
    WEBSITE = "website", _("Website")
    PHONE = "phone", _("Phone")
    RECEPTION_HOURS = "reception_hours", _("Reception hours")


class ContactOrigin(models.TextChoices):
    DATA_FILE = "data_file", _("The directory file shipped with the tracker")
    STAFF = "staff", _("Reviewed by NGO staff")
    DEMO = "demo", _("Demo data")


class BodyContact(models.Model):
    """One contact channel of a body with where it comes from; a changed contact is retired, never
    deleted, so that the history of a body's contacts stays visible."""

    body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    value = models.TextField(_("value"), max_length=1000)
    source_url = models.URLField(_("source"), max_length=1000, blank=True)
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=ContactOrigin.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retired by"),
    )

    class Meta:
        ordering = ("kind", "created_at", "id")
        verbose_name = _("contact of a body")
        verbose_name_plural = _("contacts of bodies")
        constraints = [
            models.CheckConstraint(
                name="body_contact_has_a_source",
                condition=~models.Q(source_url="") | ~models.Q(source_note=""),
            ),
            models.UniqueConstraint(
                fields=("body", "kind", "value"),
                condition=models.Q(retired_at__isnull=True),
                name="body_contact_current_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.slug} {self.kind}: {self.value}"

    @property
    def is_current(self) -> bool:
        return self.retired_at is None


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ContactProposal(models.Model):
    """A new contact, or a correction of a current one, proposed by a user; only NGO staff's
    review makes it a contact."""

    body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    value = models.TextField(_("value"), max_length=1000)
    source_url = models.URLField(_("source"), max_length=1000, blank=True)
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    replaces = models.ForeignKey(
        BodyContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_proposals"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    contact = models.OneToOneField(
        BodyContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("contact proposal")
        verbose_name_plural = _("contact proposals")
        constraints = [
            models.CheckConstraint(
                name="contact_proposal_has_a_source",
                condition=~models.Q(source_url="") | ~models.Q(source_note=""),
            ),
            models.CheckConstraint(
                name="contact_proposal_rejected_with_a_reason",
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
            ),
            models.CheckConstraint(
                name="contact_proposal_accepted_has_its_contact",
                condition=~models.Q(state="accepted") | models.Q(contact__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.slug} {self.kind}: {self.value} ({self.state})"
