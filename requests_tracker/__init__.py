"""The access-to-information request tracker: Django project and its domain apps."""

from requests_tracker.celery import app as celery_app

__all__ = ("celery_app",)
