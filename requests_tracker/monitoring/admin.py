from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from requests_tracker.access.admin import GatedAdmin
from requests_tracker.access.monitoring import (
    may_keep_dataset,
    may_keep_report_masthead,
    may_manage_categories,
    readable_report_items,
    readable_violations,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.monitoring.categories import category_choices
from requests_tracker.monitoring.forms import CategoryForm
from requests_tracker.monitoring.models import (
    MonthlyNarrative,
    ReportMasthead,
    Violation,
    ViolationCategory,
)
from requests_tracker.monitoring.recording import (
    block_mismatch,
    date_problems,
    latest_possible_day,
    record_violation,
)
from requests_tracker.monitoring.report_item_forms import unsaved_item
from requests_tracker.monitoring.report_items import item_problems
from requests_tracker.monitoring.services import (
    publish_violation,
    return_to_draft,
    verify_violation,
)


def _review(
    request: HttpRequest,
    queryset: QuerySet[Violation],
    step: Callable[..., Violation],
) -> None:
    """Apply one review step to each selected violation through the service; report refusals."""
    done, refused = 0, []
    for violation in queryset:
        try:
            step(violation=violation, user=request.user)
        except DomainError as error:
            refused.append(f"{violation}: {error}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d violation changed.", "%(count)d violations changed.", done)
            % {"count": done},
        )
    for message in refused:
        messages.error(request, message)


class RequestByNumberField(forms.ModelChoiceField[InformationRequest]):
    """The dataset's keepers see a violation, never the request it was drawn from: the request
    is named by its number, not by its subject (which may name a source)."""

    def label_from_instance(self, obj: InformationRequest) -> str:
        return f"#{obj.pk}"


class ViolationAdminForm(forms.ModelForm[Violation]):
    source_url = forms.URLField(
        label=Violation._meta.get_field("source_url").verbose_name,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    category = forms.ChoiceField(
        label=Violation._meta.get_field("category").verbose_name, choices=category_choices
    )

    class Meta:
        field_classes = {"information_request": RequestByNumberField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        block, category = cleaned.get("block"), cleaned.get("category")
        if block and category and (mismatch := block_mismatch(block=block, category=category)):
            self.add_error("category", mismatch)
        for name, problem in date_problems(
            occurred_on=cleaned.get("occurred_on"),
            reported_on=cleaned.get("reported_on"),
            today=latest_possible_day(),
        ).items():
            self.add_error(name, problem)
        return cleaned


@admin.register(Violation)
class ViolationAdmin(GatedAdmin[Violation]):
    allowed = staticmethod(may_keep_dataset)
    form = ViolationAdminForm
    list_display = ("occurred_on", "block", "category", "public_body", "region", "review_state")
    list_filter = ("block", "category", "review_state", "region")
    date_hierarchy = "occurred_on"
    search_fields = (
        "description",
        "public_description",
        "legal_ground_cited",
        "public_body__name_ru",
        "victim_name",
        "victim_outlet",
        "article",
    )
    autocomplete_fields = ("information_request", "public_body", "region")
    list_select_related = ("public_body", "region")
    # The review goes through its steps (the actions below), never by editing the state.
    readonly_fields = ("review_state", "reviewed_by", "deadline", "created_at", "updated_at")
    actions = ("verify", "publish", "return_to_draft")

    @admin.action(description=_("Verify the selected drafts"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Violation]) -> None:
        _review(request, queryset, verify_violation)

    @admin.action(description=_("Publish the selected verified violations"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Violation]) -> None:
        _review(request, queryset, publish_violation)

    @admin.action(description=_("Return the selected violations to draft"))
    def return_to_draft(self, request: HttpRequest, queryset: QuerySet[Violation]) -> None:
        _review(request, queryset, return_to_draft)

    # The dataset is NGO staff's: an outlet's staff account with model permissions sees none of it.
    def get_queryset(self, request: HttpRequest) -> QuerySet[Violation]:
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=readable_violations(request.user).values("pk"))
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.review_state != "draft":
            # A verified or published row is changed only after returning it to draft.
            readonly += [f.name for f in Violation._meta.fields if f.name not in readonly]
        return readonly

    def save_model(
        self, request: HttpRequest, obj: Violation, form: forms.ModelForm[Violation], change: bool
    ) -> None:
        # A violation added here is recorded like any other: a draft of a known category that
        # fits its block.
        if change:
            super().save_model(request, obj, form, change)
        else:
            record_violation(violation=obj)


class ReportItemAdminForm(forms.ModelForm[MonthlyNarrative]):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, problem in item_problems(item=unsaved_item(cleaned)).items():
            if name not in self.errors:
                self.add_error(name, problem)
        return cleaned


@admin.register(MonthlyNarrative)
class ReportItemAdmin(GatedAdmin[MonthlyNarrative]):
    """The month's case items, shown first in its report; the dataset's keepers only."""

    allowed = staticmethod(may_keep_dataset)

    form = ReportItemAdminForm
    list_display = ("month", "position", "title_ru")
    list_filter = ("month",)
    search_fields = ("title_ru", "title_kk", "title_en", "text_ru", "text_kk", "text_en")
    raw_id_fields = ("violations",)
    ordering = ("-month", "position", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MonthlyNarrative]:
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=readable_report_items(request.user).values("pk"))
        )


@admin.register(ViolationCategory)
class ViolationCategoryAdmin(GatedAdmin[ViolationCategory]):
    """The categories, for NGO staff; a code is kept for good, and a category is never deleted
    (violations name it by its code)."""

    allowed = staticmethod(may_manage_categories)

    form = CategoryForm
    list_display = ("code", "block", "name_ru", "name_kk", "name_en", "figure")
    list_filter = ("block", "figure")
    search_fields = ("code", "name_ru", "name_kk", "name_en")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportMasthead)
class ReportMastheadAdmin(GatedAdmin[ReportMasthead]):
    """The organisation's header and the head of monitoring's signature on every report: one
    row, so a second cannot be added while it exists."""

    allowed = staticmethod(may_keep_report_masthead)
    fieldsets = (
        (_("Header"), {"fields": ("header_ru", "header_kk", "header_en")}),
        (_("Signature"), {"fields": ("signature_ru", "signature_kk", "signature_en")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not ReportMasthead.objects.exists()
