"""Following a request, a public body or a saved search; what is worth telling; the emails.

A ``Follow`` names its target (a request, a body, or the GET parameters of the public search).
An ``Announcement`` is one piece of public news: a request published, or a public event recorded
on a published request; it is unique per request (published) and per event. A
``FollowNotice`` is one email to one follower about one announcement: unique per (recipient,
announcement), so a doubled sweep or two workers never tell anyone twice. It is an outbox row
(``core/outbox.py``), tried again by beat until sent, like an alert.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.models import OutboxQuerySet, OutboxRow
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FollowKind(models.TextChoices):
    REQUEST = "request", _("A request")
    BODY = "body", _("A public body")
    SEARCH = "search", _("A saved search")


class Follow(models.Model):
    """One user following one target; the token in its unsubscribe link is its only secret."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FollowKind.choices)
    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("request"),
    )
    public_body = models.ForeignKey(
        PublicBody,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("public body"),
    )
    # The public search's GET parameters, only those it knows, without empty ones.
    search_params = models.JSONField(_("search"), default=dict, blank=True)
    label = models.CharField(_("label"), max_length=300)
    # "request:<id>", "body:<id>" or "search:<sha256 of the parameters>": one follow per target.
    target_key = models.CharField(_("target"), max_length=80, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    unsubscribe_token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=new_token, editable=False
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "target_key"), name="one_follow_per_user_and_target"
            ),
            models.CheckConstraint(
                name="follow_names_its_target",
                condition=models.Q(
                    kind="request", information_request__isnull=False, public_body__isnull=True
                )
                | models.Q(kind="body", information_request__isnull=True, public_body__isnull=False)
                | models.Q(
                    kind="search", information_request__isnull=True, public_body__isnull=True
                ),
            ),
        ]
        indexes = [
            models.Index(fields=("kind",), condition=models.Q(kind="search"), name="follow_search")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.label}"


class FollowFeed(models.Model):
    """A private Atom address per user, with the news of everything they follow."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow feed")
        verbose_name_plural = _("follow feeds")

    def __str__(self) -> str:
        return f"follow feed of {self.user}"


class AnnouncementKind(models.TextChoices):
    PUBLISHED = "published", _("Published")
    EVENT = "event", _("A new event")


class Announcement(models.Model):
    """One piece of public news, found once: a request published, or an event on a published one."""

    kind = models.CharField(_("kind"), max_length=16, choices=AnnouncementKind.choices)
    information_request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="announcements"
    )
    event = models.ForeignKey(
        TimelineEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # On a publication: the request's last event then. Events up to it are part of what was
    # published; each later one is news of its own.
    events_through = models.BigIntegerField(_("events up to"), default=0)
    created_at = models.DateTimeField(_("found at"))
    fanned_out_at = models.DateTimeField(_("followers found at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=("information_request",),
                condition=models.Q(kind="published"),
                name="one_publication_per_request",
            ),
            models.UniqueConstraint(
                fields=("event",),
                condition=models.Q(event__isnull=False),
                name="one_announcement_per_event",
            ),
            models.CheckConstraint(
                name="announcement_event_matches_kind",
                condition=models.Q(kind="published", event__isnull=True)
                | models.Q(kind="event", event__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=("created_at",),
                condition=models.Q(fanned_out_at=None),
                name="announcement_to_fan_out",
            ),
            models.Index(fields=("information_request", "created_at"), name="announcement_feed"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.information_request_id}"


class FollowNotice(OutboxRow):
    """One email to one follower about one announcement: the outbox's row."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follow_notices",
        verbose_name=_("recipient"),
    )
    # The follow the email is sent for (its unsubscribe link); unfollowing drops unsent ones.
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="notices")
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("announcement"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("follow email")
        verbose_name_plural = _("follow emails")
        constraints = [
            models.UniqueConstraint(
                fields=("recipient", "announcement"), name="one_follow_notice_per_person"
            )
        ]
        indexes = [
            models.Index(
                fields=("next_attempt_at",),
                condition=models.Q(sent_at=None, failed_at=None),
                name="follow_notice_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.recipient}"


class NewsSweep(models.Model):
    """When beat's last complete search for news began: the next one reads only the events
    recorded since (less a margin for transactions that committed late), so its cost follows
    what is new, not the size of the archive. No row: the first run reads everything."""

    name = models.CharField(_("sweep"), max_length=32, primary_key=True)
    started_at = models.DateTimeField(_("last complete run began at"))

    class Meta:
        verbose_name = _("news sweep")
        verbose_name_plural = _("news sweeps")

    def __str__(self) -> str:
        return f"{self.name}: {self.started_at:%Y-%m-%d %H:%M}"
