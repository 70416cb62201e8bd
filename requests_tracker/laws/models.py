"""Jurisdictions, statutes and their legal rules, and the working-day calendar overrides.

A legal rule is data, never a constant in code: its period, unit, start event, validity and the
confidence of its source are rows loaded from ``laws/data/rules.yaml`` (see shared/law/kz-rules.md).
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.i18n import localized
from requests_tracker.core.models import NamedInThreeLanguages, TimeStampedModel
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit


class Jurisdiction(NamedInThreeLanguages, TimeStampedModel):
    code = models.CharField(_("code"), max_length=8, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    holiday_country = models.CharField(
        _("holiday calendar"), max_length=8, help_text=_("Country code in the holidays library.")
    )
    weekend_days = models.JSONField(_("weekend days"), default=list, help_text=_("Monday is 0."))

    class Meta:
        ordering = ("code",)
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return self.code


class Instrument(TimeStampedModel):
    """A statute or code: the Law "On Access to Information", the APPC, ..."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="instruments"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=400)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400)
    number = models.CharField(_("number"), max_length=64, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    url = models.URLField(_("official text"), max_length=500, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RuleRole(models.TextChoices):
    RESPONSE = "response", _("Response period")
    EXTENSION = "extension", _("Extension")
    EXTENSION_NOTICE = "extension_notice", _("Notice of extension")
    REFUSAL_NOTICE = "refusal_notice", _("Notice of refusal")
    FORWARDING = "forwarding", _("Forwarding to the competent body")
    REGISTRATION = "registration", _("Registration")
    DEEMED_REFUSAL = "deemed_refusal", _("Deemed refusal")
    COMPLAINT_FILING = "complaint_filing", _("Filing a complaint")
    COMPLAINT_ROUTE = "complaint_route", _("Where a complaint goes")
    COMPLAINT_FORWARDING = "complaint_forwarding", _("Passing a complaint on")
    COMPLAINT_DECISION = "complaint_decision", _("Deciding a complaint")
    COURT_PRECONDITION = "court_precondition", _("Condition for going to court")
    COURT_CLAIM = "court_claim", _("Court claim")
    PROCEDURE = "procedure", _("Procedure")
    LIABILITY = "liability", _("Liability")
    CALENDAR = "calendar", _("Calendar")


class OnExpiry(models.TextChoices):
    NONE = "none", _("Nothing follows by law")
    DEEMED_REFUSAL = "deemed_refusal", _("Deemed refusal (APPC Art. 91(2))")


UNIT_CHOICES = [
    (Unit.CALENDAR_DAYS.value, _("calendar days")),
    (Unit.WORKING_DAYS.value, _("working days")),
    (Unit.MONTHS.value, _("months")),
]
START_EVENT_CHOICES = [
    (StartEvent.REGISTRATION.value, _("registration")),
    (StartEvent.RECEIPT.value, _("receipt")),
    (StartEvent.LEARNED_OF_ACT.value, _("the day the person learned of the act")),
    (StartEvent.EXTENSION_DECISION.value, _("the extension decision")),
    (StartEvent.ORIGINAL_DUE_DATE.value, _("the original due date")),
    (StartEvent.COMPLAINT_RECEIPT.value, _("receipt of the complaint")),
    (StartEvent.COMPLAINT_DECISION.value, _("the complaint decision")),
    (StartEvent.EXPIRY.value, _("expiry of the time limit")),
]


class LegalRuleQuerySet(models.QuerySet["LegalRule"]):
    def with_period(self) -> "LegalRuleQuerySet":
        return self.filter(amount__isnull=False).exclude(unit="")

    def responses(self) -> "LegalRuleQuerySet":
        return self.filter(role=RuleRole.RESPONSE)

    def in_force_on(self, day: date) -> "LegalRuleQuerySet":
        """The rules in force on ``day``: from ``valid_from``, until the day ``valid_to``."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day),
        )


class LegalRule(TimeStampedModel):
    """One article's rule, with its deadline as data: one row of kz-rules.md §0."""

    rule_id = models.CharField(_("rule id"), max_length=64, unique=True)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rules")
    article = models.CharField(_("article"), max_length=64, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=RuleRole.choices)
    modifies = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="modifiers",
        verbose_name=_("modifies"),
        help_text=_("The response rule that this extension, notice or forwarding rule belongs to."),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("The rule of a repealed law that this rule took over from."),
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    amount = models.PositiveIntegerField(_("amount"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=UNIT_CHOICES, blank=True)
    start_event = models.CharField(
        _("start event"), max_length=32, choices=START_EVENT_CHOICES, blank=True
    )
    # Both are empty for rules that set no period (a procedure, a liability).
    count_from_next_day = models.BooleanField(
        _("counting starts the next day"), null=True, blank=True
    )
    roll_forward_if_non_working = models.BooleanField(
        _("a last day that is not a working day moves to the next working day"),
        null=True,
        blank=True,
    )
    max_times = models.PositiveSmallIntegerField(_("at most, times"), null=True, blank=True)
    on_expiry = models.CharField(
        _("on expiry"), max_length=32, choices=OnExpiry.choices, default=OnExpiry.NONE
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The day the text lost force: from that day the rule no longer applies."),
    )
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    source_row = models.PositiveSmallIntegerField(
        _("row in the legal notes"), null=True, blank=True, help_text=_("Row of kz-rules.md §0.")
    )

    objects = LegalRuleQuerySet.as_manager()

    class Meta:
        ordering = ("rule_id",)
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        constraints = [
            models.CheckConstraint(
                name="legal_rule_amount_has_unit",
                condition=(
                    models.Q(amount__isnull=True, unit="")
                    | (models.Q(amount__isnull=False) & ~models.Q(unit=""))
                ),
            ),
            models.CheckConstraint(
                name="legal_rule_validity_ordered",
                condition=(
                    models.Q(valid_from__isnull=True)
                    | models.Q(valid_to__isnull=True)
                    | models.Q(valid_from__lte=models.F("valid_to"))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.rule_id

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def jurisdiction_id(self) -> int:
        return self.instrument.jurisdiction_id

    def in_force_on(self, day: date) -> bool:
        """In force on ``day``: ``valid_to`` is the day the text lost force, so not included."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    def has_period(self) -> bool:
        return self.amount is not None and bool(self.unit)

    def period(self) -> ResponsePeriod:
        """The rule's period as plain data for ``deadlines``; only for rules that set one."""
        if self.amount is None or not self.unit:
            raise ValueError(f"{self.rule_id} sets no period")
        return ResponsePeriod(
            amount=self.amount,
            unit=Unit(self.unit),
            count_from_next_day=self.count_from_next_day is not False,
            roll_forward_if_non_working=self.roll_forward_if_non_working is not False,
        )


class CalendarOverride(TimeStampedModel):
    """A decreed transfer: a weekday made a day off, or a weekend day made a working day."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="calendar_overrides",
        verbose_name=_("jurisdiction"),
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    reason_ru = models.CharField(_("reason (Russian)"), max_length=300)
    reason_kk = models.CharField(_("reason (Kazakh)"), max_length=300, blank=True)
    reason_en = models.CharField(_("reason (English)"), max_length=300, blank=True)
    decree = models.CharField(_("decree reference"), max_length=100, blank=True)

    class Meta:
        ordering = ("jurisdiction", "date")
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.UniqueConstraint(
                fields=("jurisdiction", "date"), name="one_calendar_override_per_day"
            )
        ]

    def __str__(self) -> str:
        kind = "working" if self.is_working_day else "day off"
        return f"{self.jurisdiction} {self.date:%Y-%m-%d} {kind}"

    @property
    def reason(self) -> str:
        return localized(self, "reason")


class TransferDecree(TimeStampedModel):
    """The Government's yearly decree on transferred days off (Labour Code Art. 85(3)), loaded.

    A year with a loaded decree has a confirmed calendar; a deadline whose count runs over a year
    without one carries a caveat (kz-rules.md §8.2: the decree is published each December).
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="transfer_decrees",
        verbose_name=_("jurisdiction"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    decree = models.CharField(
        _("decree reference"), max_length=100, help_text=_("The document's id on adilet.zan.kz.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ("jurisdiction", "year")
        verbose_name = _("decree on transferred days off")
        verbose_name_plural = _("decrees on transferred days off")
        constraints = [
            models.UniqueConstraint(
                fields=("jurisdiction", "year"), name="one_transfer_decree_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.year} {self.decree}"
