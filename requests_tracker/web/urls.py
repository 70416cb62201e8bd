"""The site shell: the home page."""

from django.urls import path

from requests_tracker.web.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
]
