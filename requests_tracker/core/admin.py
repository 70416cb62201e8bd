from django.contrib import admin

from requests_tracker.core.models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin[Heartbeat]):
    list_display = ("hostname", "last_beat_at", "beats")
    readonly_fields = ("hostname", "last_beat_at", "beats")

    def has_add_permission(self, request: object) -> bool:
        return False
