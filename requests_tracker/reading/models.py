"""A suggestion: what the tracker read in a reply, offered as a pre-filled event to confirm."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.information_requests.models import TimelineEvent
from requests_tracker.information_requests.status import EventKind


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class Suggestion(models.Model):
    """The event a reply most likely is, with the values read in it and where each was read.

    One per reply event: computed again (replaced) while open, never changed once decided.

    ``values`` holds what the event form takes: ``registration_number``, ``registered_on``,
    ``new_due_date`` (ISO dates), ``to_body`` (a directory slug, or "" when the name as written,
    ``to_body_name``, matched no body), ``ground`` (the labels cited) and ``ground_codes``.
    ``sources`` maps each value's name to where it was read: ``{"file": <EvidenceFile id> or
    None for the message itself, "sentence": ..., "start": ..., "end": ...}``, the offsets of
    the match within the sentence.
    """

    event = models.OneToOneField(
        TimelineEvent, on_delete=models.CASCADE, related_name="suggestion", verbose_name=_("reply")
    )
    kind = models.CharField(_("suggested event"), max_length=32, choices=EventKind.choices)
    values = models.JSONField(_("values read"), default=dict, blank=True)
    sources = models.JSONField(_("where each value was read"), default=dict, blank=True)
    language = models.CharField(_("language of the reply"), max_length=8, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    computed_at = models.DateTimeField(_("computed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or dismissed by"),
    )
    decided_at = models.DateTimeField(_("confirmed or dismissed at"), null=True, blank=True)
    recorded_event = models.OneToOneField(
        TimelineEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmed_suggestion",
        verbose_name=_("event recorded"),
    )

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="confirmed") | models.Q(recorded_event__isnull=False),
                name="a_confirmed_suggestion_names_its_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == SuggestionState.OPEN
