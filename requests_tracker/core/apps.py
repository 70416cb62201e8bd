from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "requests_tracker.core"
    label = "core"
