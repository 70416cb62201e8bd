"""Information requests and their append-only timelines.

The current status is derived from the timeline (``status.py``) and stored on the request, so that
sweeps can select by it with an index; ``derive_status()`` can always rebuild it.
"""

import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.accounts.models import Organization
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.core.models import TimeStampedModel
from requests_tracker.deadlines.compute import TraceStep
from requests_tracker.information_requests.evidence_text import EvidenceText
from requests_tracker.information_requests.status import EventKind, Status, derive_status
from requests_tracker.laws.models import LegalRule


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    ORGANIZATION = "organization", _("My organisation")
    PUBLIC = "public", _("Everyone")


class Step(models.TextChoices):
    REQUEST = "request", _("Information request")
    COMPLAINT = "complaint", _("Complaint to the superior body")
    PROSECUTOR_APPEAL = "prosecutor_appeal", _("Appeal to the prosecutor")
    COURT_CLAIM = "court_claim", _("Claim to the administrative court")


class SubmissionChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    E_OTINISH = "e_otinish", _("e-Otinish")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")


class InformationRequestQuerySet(models.QuerySet["InformationRequest"]):
    def open(self) -> "InformationRequestQuerySet":
        return self.filter(
            status__in=(Status.SUBMITTED, Status.AWAITING_REPLY, Status.CLARIFICATION_REQUESTED)
        )


def indexed_dashboard_rank() -> models.Case:
    """``dashboard_order.dashboard_rank()``, which this module cannot import, for the indexes."""
    return models.Case(
        models.When(status=Status.OVERDUE, legal_due_date__isnull=False, then=models.Value(0)),
        models.When(status=Status.OVERDUE, then=models.Value(1)),
        models.When(legal_due_date__isnull=False, then=models.Value(2)),
        default=models.Value(3),
        output_field=models.IntegerField(),
    )


class InformationRequest(TimeStampedModel):
    """One request to one body under one or more legal rules; an appeal is a step escalating one."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="information_requests"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_requests",
    )
    public_body = models.ForeignKey(
        PublicBody, on_delete=models.PROTECT, related_name="information_requests"
    )
    legal_rules = models.ManyToManyField(
        LegalRule, related_name="information_requests", verbose_name=_("legal basis")
    )
    step = models.CharField(_("step"), max_length=24, choices=Step.choices, default=Step.REQUEST)
    escalates = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("escalates"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("questions"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    show_requester_name = models.BooleanField(_("show my name on the public page"), default=False)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    # The due date of the legal deadline, stored by the clock for the dashboard's order
    # (``dashboard_order.py``): the deadline rows stay the truth.
    legal_due_date = models.DateField(_("legal deadline"), null=True, blank=True, editable=False)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        indexes = [
            models.Index(fields=("status",), name="information_request_status"),
            # A requester's dashboard, in its order: the first page reads the first rows.
            models.Index(
                models.F("requester"),
                indexed_dashboard_rank(),
                models.F("legal_due_date"),
                models.F("id").desc(),
                name="dashboard_order",
            ),
            # The requests shared with one organisation, in the same order: the organisation
            # view reads them next to the requester's own (``listing.MergedRequests``).
            models.Index(
                models.F("organization"),
                indexed_dashboard_rank(),
                models.F("legal_due_date"),
                models.F("id").desc(),
                name="dashboard_shared_order",
                # access.requests.SHARED, which this module cannot import
                condition=models.Q(visibility__in=(Visibility.ORGANIZATION, Visibility.PUBLIC)),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="appeal_escalates_a_request",
                condition=models.Q(step=Step.REQUEST, escalates__isnull=True)
                | (~models.Q(step=Step.REQUEST) & models.Q(escalates__isnull=False)),
            ),
            # A repeated escalation (a double click, a retried post) returns the first appeal.
            models.UniqueConstraint(
                fields=("escalates", "step"),
                condition=models.Q(escalates__isnull=False),
                name="one_appeal_per_step",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def derive_status(self) -> Status:
        return derive_status(EventKind(kind) for kind in self.events.values_list("kind", flat=True))


class TimelineEvent(models.Model):
    """One fact on a request's timeline. Append-only: never changed or deleted once written."""

    information_request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the tracker recorded it by itself."),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    deadline = models.ForeignKey(
        "Deadline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The deadline this event is about (an overdue event names the one missed)."),
    )

    class Meta:
        ordering = ("occurred_at", "id")
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(fields=("information_request", "occurred_at"), name="timeline_by_request"),
            # The followers' news sweep reads the events recorded since its last run.
            models.Index(fields=("recorded_at",), name="timeline_by_recording"),
        ]
        constraints = [
            # A doubled or concurrent sweep records a missed deadline once.
            models.UniqueConstraint(
                fields=("deadline",),
                condition=models.Q(kind="overdue"),
                name="one_overdue_event_per_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise DomainError(_("A timeline event cannot be changed once recorded."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DomainError(_("A timeline event cannot be deleted."))


class EvidenceFile(EvidenceText):
    """A file that proves a timeline event: the letter as sent, the body's answer, a receipt."""

    event = models.ForeignKey(
        TimelineEvent, on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class DeadlineState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused while the body waits for a clarification")
    MET = "met", _("Answered in time")
    PASSED = "passed", _("Passed without an answer")
    SUPERSEDED = "superseded", _("Replaced by a recomputed deadline")
    CLOSED = "closed", _("Closed (request withdrawn)")
    # The email that submitted the request bounced: the body never received it, so no clock runs
    # until the letter is sent again (a new receipt) or delivered another way.
    NOT_DELIVERED = "not_delivered", _("Not started: the letter did not reach the body")


LIVE_DEADLINE_STATES = (DeadlineState.RUNNING, DeadlineState.PAUSED)


class DeadlineKind(models.TextChoices):
    RESPONSE = "response", _("The body must answer")
    APPEAL_WINDOW = "appeal_window", _("The requester may complain")


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def live(self) -> "DeadlineQuerySet":
        return self.filter(state__in=LIVE_DEADLINE_STATES)

    def running_legal(self) -> "DeadlineQuerySet":
        return self.filter(state=DeadlineState.RUNNING, is_legal_deadline=True)

    def appeal_windows(self) -> "DeadlineQuerySet":
        return self.filter(kind=DeadlineKind.APPEAL_WINDOW)


class Deadline(models.Model):
    """One computation of a request's response deadline under one rule; history is kept.

    A recomputation (registration, extension, forwarding, clarification, a calendar change)
    supersedes the live row and adds a new one. The earliest live deadline is the legal deadline.
    """

    information_request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="deadlines"
    )
    legal_rule = models.ForeignKey(LegalRule, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.RESPONSE
    )
    state = models.CharField(
        _("state"), max_length=16, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    is_legal_deadline = models.BooleanField(_("the legal deadline"), default=False)
    start_date = models.DateField(_("clock starts from"))
    nominal_date = models.DateField(_("last day before moving off a non-working day"))
    due_date = models.DateField(_("due date"))
    ends_at = models.DateTimeField(_("ends at"))
    trace = models.JSONField(_("how it was computed"), default=list)
    remaining_amount = models.PositiveIntegerField(
        _("amount left when the clock paused"), null=True, blank=True
    )
    reminder_at = models.DateTimeField(_("remind from"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder recorded at"), null=True, blank=True)
    due_day_starts_at = models.DateTimeField(_("due day starts at"))
    due_day_alerted_at = models.DateTimeField(_("due-day alert recorded at"), null=True, blank=True)
    passed_at = models.DateTimeField(_("recorded as passed at"), null=True, blank=True)
    # Ended with a reply received before its end and not yet classified: the requester was asked
    # to classify it, instead of a silence being recorded.
    reply_alerted_at = models.DateTimeField(
        _("classify-the-reply alert recorded at"), null=True, blank=True
    )
    # On a passed response deadline: when the requester's window to complain was opened.
    appeal_window_opened_at = models.DateTimeField(
        _("appeal window opened at"), null=True, blank=True
    )
    computed_at = models.DateTimeField(_("computed at"))
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    # What the clock's events revealed (late forwarding, a late notice of extension): plain data
    # for the monitoring scanner, which turns each into a draft violation once.
    findings = models.JSONField(_("findings"), default=list, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ("due_date", "id")
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=("information_request", "legal_rule"),
                condition=models.Q(state__in=LIVE_DEADLINE_STATES),
                name="one_live_deadline_per_request_and_rule",
            )
        ]
        # Each sweep reads one of these: its cost grows with what is due, not with what is open.
        indexes = [
            models.Index(
                fields=("ends_at",),
                condition=models.Q(state="running", is_legal_deadline=True),
                name="deadline_running_by_end",
            ),
            models.Index(
                fields=("reminder_at",),
                condition=models.Q(state="running", is_legal_deadline=True, reminded_at=None),
                name="deadline_reminder_pending",
            ),
            models.Index(
                fields=("due_day_starts_at",),
                condition=models.Q(
                    state="running", is_legal_deadline=True, due_day_alerted_at=None
                ),
                name="deadline_due_day_pending",
            ),
            models.Index(
                fields=("id",),
                condition=~models.Q(findings=[]),
                name="deadline_with_findings",
            ),
            models.Index(
                fields=("passed_at",),
                condition=models.Q(
                    state="passed", is_legal_deadline=True, appeal_window_opened_at=None
                ),
                name="deadline_window_to_open",
            ),
            models.Index(
                fields=("reminder_at",),
                condition=models.Q(kind="appeal_window", state="running", reminded_at=None),
                name="appeal_window_reminder",
            ),
            models.Index(
                fields=("ends_at",),
                condition=models.Q(kind="appeal_window", state="running"),
                name="appeal_window_running_by_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_rule} due {self.due_date:%d.%m.%Y} ({self.state})"

    def is_overdue(self, *, at: datetime) -> bool:
        return self.state == DeadlineState.RUNNING and self.ends_at < at

    def trace_steps(self) -> tuple[TraceStep, ...]:
        """The stored computation as the steps ``deadlines.trace.render_trace`` reads."""
        return tuple(
            TraceStep(code=code, params=tuple((key, str(value)) for key, value in params.items()))
            for code, params in self.trace
        )


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCalendar address per user: the token in the URL is the only secret."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
