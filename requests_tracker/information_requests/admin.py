from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from requests_tracker.information_requests.models import (
    Deadline,
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)


class TimelineEventInline(admin.TabularInline[TimelineEvent, InformationRequest]):
    """The timeline is append-only: shown, never edited or deleted here."""

    model = TimelineEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "kind", "recorded_by", "data", "note", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeadlineInline(admin.TabularInline[Deadline, InformationRequest]):
    """Every computation of the request's deadlines, superseded ones included."""

    model = Deadline
    extra = 0
    can_delete = False
    fields = ("legal_rule", "state", "is_legal_deadline", "start_date", "due_date", "computed_at")
    readonly_fields = fields
    ordering = ("computed_at", "id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin[InformationRequest]):
    list_display = ("id", "subject", "public_body", "requester", "status", "step", "created_at")
    list_filter = ("status", "step", "visibility", "public_body__kind")
    search_fields = ("subject", "public_body__name_ru", "requester__username")
    list_select_related = ("public_body", "requester")
    autocomplete_fields = ("public_body", "escalates", "organization")
    readonly_fields = ("status",)
    inlines = (DeadlineInline, TimelineEventInline)


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin[EvidenceFile]):
    list_display = ("original_name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = ("event", "file", "original_name", "content_type", "size", "sha256")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
