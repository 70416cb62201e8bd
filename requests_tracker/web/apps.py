from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages people use: they parse a form, call one service, and render. No models."""

    name = "requests_tracker.web"
    label = "web"
