"""The shared kernel: a timestamped base model and the worker heartbeat."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.i18n import localized


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class NamedInThreeLanguages(models.Model):
    """A name in Russian, Kazakh and English; ``name`` is the one of the active language."""

    name_ru = models.CharField(_("name (Russian)"), max_length=400)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self, "name")


class Heartbeat(models.Model):
    """One row per Celery worker host, touched by a beat-scheduled task: proof that both run."""

    hostname = models.CharField(_("worker host"), max_length=255, unique=True)
    last_beat_at = models.DateTimeField(_("last heartbeat"))
    beats = models.PositiveBigIntegerField(_("heartbeats recorded"), default=0)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname} @ {self.last_beat_at:%Y-%m-%d %H:%M:%S}"
