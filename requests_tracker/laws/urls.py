"""Pages about the law for anyone: the deadline calculator."""

from django.urls import path

from requests_tracker.laws.views import deadline_calculator_page

urlpatterns = [
    path("deadlines/calculator/", deadline_calculator_page, name="deadline-calculator-page"),
]
