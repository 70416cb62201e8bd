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
    # Its NGO staff keep the monitoring dataset; no other organisation's members do.
    keeps_monitoring_dataset = models.BooleanField(_("keeps the monitoring dataset"), default=False)

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


class AccessKind(models.TextChoices):
    ADMIN_PAGE = "admin_page", _("The request in the admin")
    READ = "read", _("Read on the site or through the API")
    CHANGE = "change", _("A change")


class AccessLogEntry(models.Model):
    """A superuser's look at (or change of) someone else's private request: who, when, which.

    The request is kept by its id, not a foreign key, so the log outlives any row and stays in
    the accounts app, below the requests it records.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_log_entries",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("when"))
    information_request_id = models.PositiveBigIntegerField(_("request number"))
    kind = models.CharField(_("what was viewed"), max_length=16, choices=AccessKind.choices)
    path = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.user} #{self.information_request_id} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal API token: its key is shown once, when made, and kept only as a SHA-256 hash.

    The prefix (the key's first characters) lets its owner tell tokens apart on the profile page;
    a revoked token stays listed, with the day it was revoked, and authenticates nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
