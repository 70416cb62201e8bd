from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.access import records
from requests_tracker.access import requests as request_policy
from requests_tracker.access.admin import PolicyAdmin
from requests_tracker.access.log import record_access
from requests_tracker.accounts.models import AccessKind
from requests_tracker.information_requests.calendar_changes import (
    recompute_after_calendar_change,
    recompute_after_decree,
)
from requests_tracker.information_requests.models import (
    Deadline,
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.laws.models import CalendarOverride, TransferDecree


def _may_read_parent(request: HttpRequest, obj: InformationRequest | None) -> bool:
    """An inline shows its rows only on a request its user may read."""
    return obj is None or request_policy.can_read(request.user, obj)


class TimelineEventInline(admin.TabularInline[TimelineEvent, InformationRequest]):
    """The timeline is append-only: shown, never edited or deleted here."""

    model = TimelineEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "kind", "recorded_by", "data", "note", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_read_parent(request, obj) and super().has_view_permission(request, obj)


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

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_read_parent(request, obj) and super().has_view_permission(request, obj)


@admin.register(InformationRequest)
class InformationRequestAdmin(PolicyAdmin[InformationRequest]):
    """Only the requests its user may read, changed only as the pages allow; a superuser's look
    at someone else's private request is written to the access log."""

    readable = staticmethod(request_policy.readable_requests)
    changeable = staticmethod(request_policy.changeable_requests)
    list_display = ("number", "subject", "body", "person", "status", "step", "created_at")
    list_filter = ("status", "step", "visibility", "public_body__kind")
    search_fields = ("subject", "public_body__name_ru", "requester__username")
    list_select_related = ("public_body", "requester")
    autocomplete_fields = ("public_body", "escalates", "organization")
    readonly_fields = ("status",)
    inlines = (DeadlineInline, TimelineEventInline)

    @admin.display(description=_("number"), ordering="id")
    def number(self, obj: InformationRequest) -> int:
        return obj.pk

    @admin.display(description=_("public body"), ordering="public_body__name_ru")
    def body(self, obj: InformationRequest) -> str:
        return str(obj.public_body)

    @admin.display(description=_("requester"), ordering="requester__username")
    def person(self, obj: InformationRequest) -> str:
        return str(obj.requester)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not request_policy.can_publish(request.user, obj):
            return (*readonly, "visibility")
        return readonly

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = self.get_object(request, object_id)
        if response.status_code < 400 and shown is not None:
            record_access(
                user=request.user,
                information_request=shown,
                kind=AccessKind.CHANGE if request.method == "POST" else AccessKind.ADMIN_PAGE,
                path=request.path,
            )
        return response


@admin.register(EvidenceFile)
class EvidenceFileAdmin(PolicyAdmin[EvidenceFile]):
    readable = staticmethod(records.readable_evidence)
    changeable = staticmethod(records.readable_evidence)  # every field is read-only

    list_display = ("original_name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = ("event", "file", "original_name", "content_type", "size", "sha256")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    """Staff keep the decreed transfers here; open deadlines that a change moves are recomputed."""

    list_display = ("date", "jurisdiction", "is_working_day", "reason_en", "decree")
    list_filter = ("jurisdiction", "is_working_day")
    date_hierarchy = "date"
    search_fields = ("reason_ru", "reason_kk", "reason_en", "decree")

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool
    ) -> None:
        days = {obj.date}
        if change and "date" in form.changed_data:
            days.add(form.initial["date"])
        super().save_model(request, obj, form, change)
        self._recompute(request, obj.jurisdiction_id, days)

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        jurisdiction_id, day = obj.jurisdiction_id, obj.date
        super().delete_model(request, obj)
        self._recompute(request, jurisdiction_id, {day})

    def _recompute(self, request: HttpRequest, jurisdiction_id: int, days: set[date]) -> None:
        moved: set[int] = set()
        for day in sorted(days):
            moved.update(
                r.pk
                for r in recompute_after_calendar_change(
                    jurisdiction_id=jurisdiction_id,
                    day=day,
                    now=timezone.now(),
                    recorded_by=request.user,
                )
            )
        if moved:
            self.message_user(
                request,
                _("Deadlines moved on %(count)d open requests; each request's timeline says so.")
                % {"count": len(moved)},
                messages.INFO,
            )


@admin.register(TransferDecree)
class TransferDecreeAdmin(admin.ModelAdmin[TransferDecree]):
    """The years whose decree on transferred days off is loaded: their calendar is confirmed.

    Loading or removing a year's decree recomputes the open deadlines that count over that year,
    so the caveat their trace carries follows the calendar.
    """

    list_display = ("jurisdiction", "year", "decree", "source")
    list_filter = ("jurisdiction",)

    def save_model(
        self, request: HttpRequest, obj: TransferDecree, form: Any, change: bool
    ) -> None:
        years = {obj.year}
        if change and "year" in form.changed_data:
            years.add(form.initial["year"])
        super().save_model(request, obj, form, change)
        for year in sorted(years):
            recompute_after_decree(
                jurisdiction_id=obj.jurisdiction_id,
                year=year,
                now=timezone.now(),
                recorded_by=request.user,
            )

    def delete_model(self, request: HttpRequest, obj: TransferDecree) -> None:
        jurisdiction_id, year = obj.jurisdiction_id, obj.year
        super().delete_model(request, obj)
        recompute_after_decree(
            jurisdiction_id=jurisdiction_id, year=year, now=timezone.now(), recorded_by=request.user
        )
