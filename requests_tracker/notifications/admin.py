from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.services import send_alerts_again, stop_trying_alerts


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [
            ("sent", str(_("sent"))),
            ("pending", str(_("waiting or retrying"))),
            ("failed", str(_("failed, given up"))),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Alert]) -> QuerySet[Alert]:
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "pending":
            return queryset.pending()  # type: ignore[attr-defined]
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    """The outbox of alerts: attempts, last error, next attempt, and when it was given up."""

    list_display = (
        "created_at",
        "kind",
        "recipient",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "failed_at",
        "last_error",
    )
    list_filter = (DeliveryFilter, "kind", "language")
    search_fields = ("recipient__username", "recipient__email", "dedupe_key", "last_error")
    readonly_fields = [field.name for field in Alert._meta.fields]
    actions = ("retry", "give_up")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected unsent alerts again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        ids = send_alerts_again(alert_ids=queryset.values_list("id", flat=True), now=timezone.now())
        self.message_user(
            request, _("%(count)d alerts queued.") % {"count": len(ids)}, messages.SUCCESS
        )

    @admin.action(description=_("Stop trying the selected pending alerts"))
    def give_up(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        count = stop_trying_alerts(
            alert_ids=queryset.values_list("id", flat=True), now=timezone.now()
        )
        self.message_user(
            request, _("%(count)d alerts given up.") % {"count": count}, messages.SUCCESS
        )
