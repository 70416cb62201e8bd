from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "requests_tracker.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
