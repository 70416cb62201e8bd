"""Forms of the staff pages: a violation entered by hand, the list's filters, an upload."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.forms import BodyChoiceField
from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.i18n import localized
from requests_tracker.information_requests.evidence import SNIFF_WINDOW, has_markup, zip_names
from requests_tracker.monitoring.categories import category_choices, figure_mismatch
from requests_tracker.monitoring.models import Block, ReviewState, Violation, ViolationCategory
from requests_tracker.monitoring.recording import block_mismatch, date_problems, latest_possible_day


class RegionChoiceField(forms.ModelChoiceField[Region]):
    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNTS = (
    "amount_claimed_kzt",
    "material_damages_kzt",
    "legal_costs_kzt",
    "amount_awarded_kzt",
    "amount_collected_kzt",
)


# Every field of the dataset that staff write by hand (the form, and the dataset API with the
# request a violation comes from).
ENTRY_FIELDS = (
    "block",
    "category",
    "occurred_on",
    "reported_on",
    "public_body",
    "region",
    "legal_ground_cited",
    "description",
    "public_description",
    "victim_type",
    "victim_name",
    "victim_outlet",
    "victim_consents_to_publication",
    "perpetrator_type",
    "article",
    "stage",
    "outcome",
    "plaintiff_name",
    "case_reference",
    *AMOUNTS,
    "source_url",
    "correspondent",
)


class ViolationForm(forms.ModelForm[Violation]):
    """Every field of the dataset that staff fill in; the sweep's links to a request stay as set."""

    public_body = BodyChoiceField(
        label=_("Public body"),
        queryset=PublicBody.objects.order_by("name_ru"),
        required=False,
        help_text=_("From the directory; leave empty when no body is involved."),
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("code"),
        required=False,
        help_text=_("Leave empty to take the body's region."),
    )
    source_url = forms.URLField(
        label=Violation._meta.get_field("source_url").verbose_name,
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    # The table's categories, read each time the form is built: one staff add is offered at once.
    category = forms.ChoiceField(
        label=Violation._meta.get_field("category").verbose_name, choices=category_choices
    )

    class Meta:
        model = Violation
        fields = ENTRY_FIELDS
        widgets = {
            "occurred_on": DATE_WIDGET,
            "reported_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "public_description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The same check as the recording service's, shown on the field it is about.
        for name, problem in date_problems(
            occurred_on=cleaned.get("occurred_on"),
            reported_on=cleaned.get("reported_on"),
            today=latest_possible_day(),
        ).items():
            self.add_error(name, problem)
        block, category = cleaned.get("block"), cleaned.get("category")
        if block and category and (mismatch := block_mismatch(block=block, category=category)):
            self.add_error("category", mismatch)
        for name in AMOUNTS:
            if (amount := cleaned.get(name)) is not None and amount < 0:
                self.add_error(name, _("An amount cannot be negative."))
        reported_on, occurred_on = cleaned.get("reported_on"), cleaned.get("occurred_on")
        if reported_on and occurred_on and reported_on < occurred_on:
            self.add_error("reported_on", _("It cannot be reported before it happened."))
        body, region = cleaned.get("public_body"), cleaned.get("region")
        if body and region and body.region_id and body.region_id != region.pk:
            self.add_error("region", _("The body is in another region."))
        return cleaned


class ViolationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Review"), required=False, choices=[("", _("Any")), *ReviewState.choices]
    )
    block = forms.ChoiceField(
        label=_("Block"), required=False, choices=[("", _("Any")), *Block.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=lambda: [("", _("Any")), *category_choices()]
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def violations(self, queryset: QuerySet[Violation]) -> QuerySet[Violation]:
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["state"]:
            queryset = queryset.filter(review_state=data["state"])
        if data["block"]:
            queryset = queryset.filter(block=data["block"])
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["month"]:
            queryset = queryset.filter(
                occurred_on__year=data["month"].year, occurred_on__month=data["month"].month
            )
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("A header row, then one violation a row; CSV in UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        # The content decides, not the name: an XLSX is a ZIP holding a workbook, and a CSV is
        # text that is not a web page.
        if name.endswith(".xlsx"):
            is_right_type = {"[Content_Types].xml", "xl/workbook.xml"} <= zip_names(upload)
        else:
            upload.seek(0)
            head = upload.read(SNIFF_WINDOW)
            is_right_type = not head.startswith(b"PK\x03\x04") and not has_markup(head)
        upload.seek(0)
        if not is_right_type:
            raise forms.ValidationError(
                _("“%(name)s” is not a CSV or XLSX file, whatever its name says."),
                params={"name": upload.name},
            )
        return upload


class CategoryForm(forms.ModelForm[ViolationCategory]):
    """A category staff add: its code (kept for good), its names, its block and its figure."""

    class Meta:
        model = ViolationCategory
        fields = ("code", "name_ru", "name_kk", "name_en", "block", "figure")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            self.instance.pk is not None
            and "block" in self.changed_data
            and Violation.objects.filter(category=self.instance.code).exists()
        ):
            # Its violations were recorded under the old block, and would no longer fit it.
            self.add_error(
                "block", _("Violations are recorded in this category: its block cannot change.")
            )
        if "block" not in self.errors and (
            problem := figure_mismatch(
                block=cleaned.get("block", ""), figure=cleaned.get("figure", "")
            )
        ):
            self.add_error("figure", problem)
        return cleaned
