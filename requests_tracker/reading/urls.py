"""The answers to a suggestion on the request page."""

from django.urls import path

from requests_tracker.reading import views

urlpatterns = [
    path(
        "requests/<int:pk>/suggestions/<int:suggestion_pk>/confirm/",
        views.confirm,
        name="suggestion-confirm",
    ),
    path(
        "requests/<int:pk>/suggestions/<int:suggestion_pk>/dismiss/",
        views.dismiss,
        name="suggestion-dismiss",
    ),
]
