from django.apps import AppConfig


class LawsConfig(AppConfig):
    name = "requests_tracker.laws"
    label = "laws"
    verbose_name = "Laws and calendars"
