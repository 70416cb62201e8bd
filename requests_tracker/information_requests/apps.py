from django.apps import AppConfig


class InformationRequestsConfig(AppConfig):
    name = "requests_tracker.information_requests"
    label = "information_requests"
    verbose_name = "Information requests"
