"""The monitoring dataset: violations of access to information and of journalists' rights.

Blocks and categories follow the Adil Soz monitoring practice (kz-rules.md §9).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.categories import BLOCK_OF_FIGURE, FROM_REQUESTS, Block, Category, Figure
from requests_tracker.core.i18n import localized
from requests_tracker.core.models import TimeStampedModel
from requests_tracker.information_requests.models import Deadline, InformationRequest

__all__ = [
    "FROM_REQUESTS",
    "Block",
    "Category",
    "Figure",
    "MonthlyNarrative",
    "Outcome",
    "PerpetratorType",
    "ReportVersion",
    "ReviewState",
    "Stage",
    "VictimType",
    "Violation",
    "ViolationCategory",
]


class VictimType(models.TextChoices):
    JOURNALIST = "journalist", _("Journalist")
    MEDIA_OUTLET = "media_outlet", _("Media outlet")
    BLOGGER = "blogger", _("Blogger")
    CITIZEN = "citizen", _("Citizen")
    NEWSMAKER = "newsmaker", _("Newsmaker")


class PerpetratorType(models.TextChoices):
    STATE_BODY = "state_body", _("State body")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    QUASI_STATE = "quasi_state", _("Quasi-state body")
    COURT = "court", _("Court")
    PRIVATE = "private", _("Private person or company")
    UNKNOWN = "unknown", _("Unknown")


class Stage(models.TextChoices):
    LETTER_BEFORE_ACTION = "letter_before_action", _("Letter before action or pre-trial claim")
    FIRST_INSTANCE = "first_instance", _("First instance")
    APPEAL = "appeal", pgettext_lazy("court stage", "Appeal")
    CASSATION = "cassation", _("Cassation")


class Outcome(models.TextChoices):
    FOR_MEDIA = "for_media", _("In favour of the media, journalist or citizen")
    AGAINST_MEDIA = "against_media", _("Against the media, journalist or citizen")
    PENDING = "pending", _("Pending")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VERIFIED = "verified", _("Verified")
    PUBLISHED = "published", _("Published")


class Violation(TimeStampedModel):
    block = models.CharField(_("block"), max_length=1, choices=Block.choices)
    # A ``ViolationCategory`` code (categories as data, issue 16): checked by the recording service.
    category = models.CharField(_("category"), max_length=32)
    information_request = models.ForeignKey(
        InformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        help_text=_("The deadline whose miss or mishandling this records."),
    )
    public_body = models.ForeignKey(
        PublicBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("public body"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("region"),
    )
    occurred_on = models.DateField(_("date of the event"), db_index=True)
    reported_on = models.DateField(_("date reported"), null=True, blank=True)
    legal_ground_cited = models.CharField(_("legal ground cited"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Who suffered it (kz-rules.md §9); the name is published only with consent.
    victim_type = models.CharField(
        _("victim"), max_length=16, choices=VictimType.choices, blank=True
    )
    victim_name = models.CharField(_("victim's name"), max_length=300, blank=True)
    victim_outlet = models.CharField(_("media outlet"), max_length=300, blank=True)
    victim_consents_to_publication = models.BooleanField(
        _("the victim agrees to be named in the open data"), default=False
    )
    perpetrator_type = models.CharField(
        _("perpetrator"), max_length=16, choices=PerpetratorType.choices, blank=True
    )
    # Claims, charges and judicial acts (block C).
    article = models.CharField(
        _("article breached or charged"), max_length=100, blank=True, help_text=_("e.g. CC 274")
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    amount_claimed_kzt = models.DecimalField(
        _("damages claimed, tenge"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    amount_awarded_kzt = models.DecimalField(
        _("damages awarded, tenge"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    amount_collected_kzt = models.DecimalField(
        _("sums collected by the courts, tenge"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    correspondent = models.CharField(_("correspondent"), max_length=200, blank=True)
    review_state = models.CharField(
        _("review"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # --- Import exactness (issue 16, item 5): the parts of a claim, who claims, the case that
    # links a judicial act to its claim, and the row's own id in the NGO's file.
    material_damages_kzt = models.DecimalField(
        _("material damages claimed, tenge"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    legal_costs_kzt = models.DecimalField(
        _("legal costs claimed, tenge"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    plaintiff_name = models.CharField(_("plaintiff or complainant"), max_length=300, blank=True)
    case_reference = models.CharField(
        _("case reference"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The same on a claim and on the judicial acts that decide it."),
    )
    row_id = models.CharField(
        _("row id in the imported file"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("A second import of a row with this id updates the violation."),
    )
    # Issue 16, privacy before publishing (items16): the text the open data shows. The
    # description above is internal and never published; empty here means no text is published.
    public_description = models.TextField(
        _("public description"),
        blank=True,
        help_text=_(
            "The text the open data shows. Name no victim without their consent and no requester."
        ),
    )

    class Meta:
        ordering = ("-occurred_on", "-id")
        indexes = [
            models.Index(fields=("review_state", "occurred_on"), name="violation_by_state_and_day")
        ]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        constraints = [
            # One violation per deadline and cause: a doubled sweep or a retry adds nothing.
            models.UniqueConstraint(
                fields=("deadline", "category"),
                condition=models.Q(deadline__isnull=False),
                name="one_violation_per_deadline_and_category",
            ),
            models.UniqueConstraint(
                fields=("information_request", "category"),
                condition=models.Q(information_request__isnull=False, deadline__isnull=True),
                name="one_violation_per_request_and_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.occurred_on:%Y-%m-%d}"

    def get_category_display(self) -> str:
        """The category's name in the active language (one query; lists annotate it instead)."""
        category = ViolationCategory.objects.filter(code=self.category).first()
        return localized(category, "name") if category is not None else self.category


class MonthlyNarrative(models.Model):
    """A staff-written item of a month's report, in the order staff put them."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_ru = models.TextField(_("text (Russian)"))
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    # Issue 16, case items (items16): the violations an item tells of.
    violations = models.ManyToManyField(
        Violation, blank=True, related_name="report_items", verbose_name=_("violations")
    )

    class Meta:
        ordering = ("month", "position", "id")
        verbose_name = _("report item")
        verbose_name_plural = _("report items")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} #{self.position} {self.title_ru}"


# --- versions16: published versions of a monthly report -------------------------------------


class ReportVersion(models.Model):
    """One publication of a month's report: its snapshot, frozen, and its SHA-256.

    The snapshot is canonical JSON (UTF-8, sorted keys): for each language the figures
    (`as_data`), the text the PDF and DOCX are drawn from, the Markdown and the HTML; and the
    violations the report counted. Old versions are rendered from it, never from the dataset.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    correction_note = models.TextField(_("correction note"), blank=True)
    snapshot = models.BinaryField(_("snapshot"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the snapshot"), max_length=64)

    class Meta:
        ordering = ("month", "version")
        verbose_name = _("published report version")
        verbose_name_plural = _("published report versions")
        constraints = [
            # Two publications at once never both become version 1.
            models.UniqueConstraint(fields=("month", "version"), name="one_report_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} v{self.version}"


# --- Categories as data (issue 16, item 2) ------------------------------------------------------


CATEGORY_CODE = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Use lower-case Latin letters, digits and underscores, starting with a letter."),
)


def _figure_fits_block() -> models.Q:
    """A figure is counted in its block's section of the report; "no figure" fits any block."""
    fits = models.Q(figure=Figure.NONE)
    for figure, block in BLOCK_OF_FIGURE.items():
        fits |= models.Q(figure=figure, block=block)
    return fits


class ViolationCategory(models.Model):
    """One category of the controlled list (kz-rules.md §9): its names, its block, and the
    figure of the monthly report it feeds. Violations name it by ``code``, which never changes."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[CATEGORY_CODE])
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    block = models.CharField(
        _("block"),
        max_length=1,
        choices=Block.choices,
        blank=True,
        help_text=_("Empty only for a category that fits every block, like “other”."),
    )
    figure = models.CharField(
        _("report figure"), max_length=24, choices=Figure.choices, default=Figure.NONE
    )

    class Meta:
        ordering = ("block", "code")
        verbose_name = _("violation category")
        verbose_name_plural = _("violation categories")
        constraints = [
            models.CheckConstraint(
                condition=_figure_fits_block(), name="category_figure_fits_its_block"
            )
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class ReportMasthead(models.Model):
    """What every monthly report carries around its figures: the organisation's header above the
    title, and the signature of the head of monitoring below the report, in each language, line by
    line as written. One row, kept in the admin; without it the report has neither."""

    header_ru = models.TextField(
        _("header (Russian)"),
        blank=True,
        help_text=_("The organisation's name as it heads the report, one line per line."),
    )
    header_kk = models.TextField(_("header (Kazakh)"), blank=True)
    header_en = models.TextField(_("header (English)"), blank=True)
    signature_ru = models.TextField(
        _("signature (Russian)"),
        blank=True,
        help_text=_("Who signs the report, e.g. the head of the monitoring service and an email."),
    )
    signature_kk = models.TextField(_("signature (Kazakh)"), blank=True)
    signature_en = models.TextField(_("signature (English)"), blank=True)

    class Meta:
        verbose_name = _("report header and signature")
        verbose_name_plural = _("report header and signature")

    def __str__(self) -> str:
        return str(_("Report header and signature"))
