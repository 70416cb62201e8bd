from django.contrib import admin
from django.http import HttpRequest

from requests_tracker.following.models import FollowNotice


@admin.register(FollowNotice)
class FollowNoticeAdmin(admin.ModelAdmin[FollowNotice]):
    """The outbox of the emails to followers: attempts, last error, next attempt, sent, given up.
    Read only: a row is made by the news sweep and changed by the sender alone."""

    list_display = (
        "created_at",
        "announcement",
        "recipient",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "failed_at",
        "last_error",
    )
    list_filter = ("language", "announcement__kind")
    search_fields = ("recipient__username", "recipient__email", "last_error")
    readonly_fields = [field.name for field in FollowNotice._meta.fields]
    list_select_related = ("announcement", "recipient")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
