from django.contrib import admin

from requests_tracker.bodies.models import PublicBody, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("code", "name_ru", "name_kk", "name_en", "kind")
    search_fields = ("code", "name_ru", "name_kk", "name_en")


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin[PublicBody]):
    list_display = ("name_ru", "kind", "region", "superior_body", "email", "is_active")
    list_filter = ("kind", "region", "is_active", "accepts_e_otinish", "jurisdiction")
    search_fields = ("name_ru", "name_kk", "name_en", "slug", "email")
    autocomplete_fields = ("superior_body", "parent", "region")
    list_select_related = ("region", "superior_body")
    # They mirror the body's current contacts, which change only with a source (bodies/contacts.py).
    readonly_fields = ("email", "postal_address", "website")
