"""Letters produced for requests, and the letter templates staff edit (every version kept)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from letters.contexts import LetterKind
from requests_tracker.information_requests.models import InformationRequest

LETTER_KIND_CHOICES = [(kind.value, kind.value.replace("_", " ")) for kind in LetterKind]


class LetterTemplate(models.Model):
    """One version of a staff-edited template; the newest active one replaces the file default."""

    kind = models.CharField(_("kind"), max_length=32, choices=LETTER_KIND_CHOICES)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("template"))
    is_active = models.BooleanField(_("in use"), default=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ("kind", "language", "-version")
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "language", "version"), name="one_letter_template_per_version"
            ),
            models.UniqueConstraint(
                fields=("kind", "language"),
                condition=models.Q(is_active=True),
                name="one_active_letter_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.language} v{self.version}"


class Letter(models.Model):
    """A letter as produced: its text, the template version that made it, and its SHA-256."""

    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("information request"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=LETTER_KIND_CHOICES)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    template_version = models.CharField(_("template version"), max_length=64)
    text = models.TextField(_("text"))
    content_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("produced at"))

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return f"{self.kind} for #{self.information_request_id}"
