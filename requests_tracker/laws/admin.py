from django.contrib import admin

from requests_tracker.laws.models import Instrument, Jurisdiction, LegalRule


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin[Jurisdiction]):
    list_display = ("code", "name_en", "time_zone", "holiday_country")


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin[Instrument]):
    list_display = ("code", "title_en", "number", "adopted_on", "in_force_to")
    list_filter = ("jurisdiction",)
    search_fields = ("code", "title_ru", "title_kk", "title_en", "number")


@admin.register(LegalRule)
class LegalRuleAdmin(admin.ModelAdmin[LegalRule]):
    list_display = ("rule_id", "role", "amount", "unit", "start_event", "confidence", "valid_to")
    list_filter = ("instrument__jurisdiction", "role", "unit", "confidence")
    search_fields = ("rule_id", "title_ru", "title_kk", "title_en", "article")
    autocomplete_fields = ("instrument", "modifies")


# CalendarOverride is registered in information_requests/admin.py: saving one recomputes the
# open deadlines it moves, and laws does not import information_requests.
