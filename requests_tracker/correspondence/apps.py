from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "requests_tracker.correspondence"
    label = "correspondence"
    verbose_name = "Letters"
