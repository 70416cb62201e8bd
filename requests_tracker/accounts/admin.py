from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.access.log import may_read_log, readable_log_entries
from requests_tracker.accounts.models import (
    AccessLogEntry,
    ApiToken,
    Membership,
    Organization,
    User,
)


class MembershipInline(admin.TabularInline[Membership, Organization]):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("Preferences"),
            {
                "fields": (
                    "preferred_language",
                    "alert_deadline_soon",
                    "alert_deadline_today",
                    "alert_deadline_passed",
                    "reminder_working_days",
                )
            },
        ),
    )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "kind", "keeps_monitoring_dataset", "website")
    list_filter = ("kind", "keeps_monitoring_dataset")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline,)
    # An address typed without a scheme is read as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        # Marking an organisation as keeper of the dataset makes its NGO staff NGO staff.
        if not request.user.is_superuser:
            return (*readonly, "keeps_monitoring_dataset")
        return readonly


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin[AccessLogEntry]):
    """Superusers' looks at private requests not theirs: read by superusers, changed by nobody."""

    list_display = ("at", "user", "information_request_id", "kind", "path")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "information_request_id", "kind", "path")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessLogEntry]:
        # An entry nobody else may read is, to them, an entry that does not exist.
        return readable_log_entries(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_log(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_read_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Personal API tokens, without their keys (only a hash is kept): staff see and revoke."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "prefix")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A key is shown once to its owner, on the profile page: never made here.
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
