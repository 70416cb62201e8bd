"""The body pages and the staff review of contact proposals."""

from django.urls import path

from requests_tracker.bodies.views import contacts, directory, index

urlpatterns = [
    path("bodies/", index.body_index, name="body-index"),
    path("bodies/<slug:slug>/", contacts.body_page, name="body-page"),
    path("bodies/<slug:slug>/propose-contact/", contacts.propose, name="body-contact-propose"),
    path("directory/", directory.directory_page, name="directory-files"),
    path(
        "directory/export.<str:extension>",
        directory.directory_export,
        name="directory-export",
    ),
    path("directory/proposals/", contacts.proposal_list, name="body-contact-proposals"),
    path(
        "directory/proposals/<int:pk>/<str:action>/",
        contacts.review,
        name="body-contact-review",
    ),
]
