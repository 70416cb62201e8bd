"""The shared kernel: a timestamped base model, the outbox's row, and the worker heartbeat."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.i18n import localized


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class OutboxQuerySet(models.QuerySet[Any]):
    def pending(self) -> "OutboxQuerySet":
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)

    def due(self, *, now: datetime) -> "OutboxQuerySet":
        return self.pending().filter(next_attempt_at__lte=now)


class OutboxRow(models.Model):
    """An email waiting in the outbox (``core/outbox.py``): tried again by beat until sent or
    given up. The alerts and the followers' emails are such rows."""

    created_at = models.DateTimeField(_("created at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_retrying(self) -> bool:
        return self.sent_at is None and self.failed_at is None and self.attempts > 0


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


class IdempotencyKey(models.Model):
    """A "do it" post already done: the key its form carried, and the answer it got.

    A form rendered once carries one key; a second post with it (a double click, a retried
    request) gets the first answer back instead of doing the work again. The unique key makes
    two posts at once do the work once: the second waits for the first's row, then reads it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=64)
    method_path = models.CharField(_("action"), max_length=400)
    status_code = models.PositiveSmallIntegerField(_("status"))
    location = models.CharField(_("redirected to"), max_length=2000, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    content = models.BinaryField(_("content"), blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)

    class Meta:
        verbose_name = _("action done")
        verbose_name_plural = _("actions done")
        constraints = [
            models.UniqueConstraint(fields=("user", "key"), name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.method_path} ({self.key})"
