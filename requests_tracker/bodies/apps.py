from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "requests_tracker.bodies"
    label = "bodies"
    verbose_name = "Public bodies"
