"""The public search page."""

from django.urls import path

from requests_tracker.search import views

urlpatterns = [
    path("public/search/", views.public_search_page, name="public-search"),
]
