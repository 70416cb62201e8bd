from django.contrib import admin

from requests_tracker.access.admin import PolicyAdmin
from requests_tracker.access.records import readable_letters
from requests_tracker.correspondence.models import Letter, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    """Versions are read here; new versions are saved through the API, which validates them."""

    list_display = ("kind", "language", "version", "is_active", "created_by", "created_at")
    list_filter = ("kind", "language", "is_active")
    readonly_fields = [field.name for field in LetterTemplate._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(PolicyAdmin[Letter]):
    """Only the letters of requests its user may read."""

    readable = staticmethod(readable_letters)
    changeable = staticmethod(readable_letters)  # every field is read-only

    list_display = ("created_at", "kind", "language", "information_request", "template_version")
    list_filter = ("kind", "language")
    readonly_fields = [field.name for field in Letter._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
