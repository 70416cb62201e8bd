from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "requests_tracker.notifications"
    label = "notifications"
    verbose_name = "Alerts"
