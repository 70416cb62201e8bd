from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "requests_tracker.reading"
    label = "reading"
    verbose_name = "Reading replies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from requests_tracker.reading.queueing import read_after_writes

        read_after_writes()
