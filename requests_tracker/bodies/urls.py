"""The body pages and the staff review of contact proposals."""

from django.urls import path

from requests_tracker.bodies import directory_views, views

urlpatterns = [
    path("bodies/<slug:slug>/", views.body_page, name="body-page"),
    path("bodies/<slug:slug>/propose-contact/", views.propose, name="body-contact-propose"),
    path("directory/", directory_views.directory_page, name="directory-files"),
    path(
        "directory/export.<str:extension>",
        directory_views.directory_export,
        name="directory-export",
    ),
    path("directory/proposals/", views.proposal_list, name="body-contact-proposals"),
    path(
        "directory/proposals/<int:pk>/<str:action>/",
        views.review,
        name="body-contact-review",
    ),
]
