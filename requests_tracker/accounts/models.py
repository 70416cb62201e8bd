"""People, the organisations they work for (media outlets and NGOs), and their roles there."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.models import TimeStampedModel


class User(AbstractUser):
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    alert_deadline_soon = models.BooleanField(_("email me before a deadline"), default=True)
    alert_deadline_today = models.BooleanField(_("email me on the day of a deadline"), default=True)
    alert_deadline_passed = models.BooleanField(_("email me when a deadline passes"), default=True)
    reminder_working_days = models.PositiveSmallIntegerField(
        _("remind me this many working days before a deadline"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
    )


class OrganizationKind(models.TextChoices):
    MEDIA_OUTLET = "media_outlet", _("Media outlet")
    NGO = "ngo", _("Non-governmental organisation")


class Organization(TimeStampedModel):
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    JOURNALIST = "journalist", _("Journalist")
    EDITOR = "editor", _("Editor")
    NGO_STAFF = "ngo_staff", _("NGO staff")
    ADMIN = "admin", _("Administrator")


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "organization"), name="one_membership_per_user_and_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"
