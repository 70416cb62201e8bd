from django.contrib import admin

from requests_tracker.monitoring.models import Violation


@admin.register(Violation)
class ViolationAdmin(admin.ModelAdmin[Violation]):
    list_display = ("occurred_on", "block", "category", "public_body", "region", "review_state")
    list_filter = ("block", "category", "review_state", "region")
    date_hierarchy = "occurred_on"
    search_fields = ("description", "legal_ground_cited", "public_body__name_ru")
    autocomplete_fields = ("information_request", "public_body", "region")
    list_select_related = ("public_body", "region")
