"""The staff pages of the monitoring dataset, under /monitoring/."""

from django.urls import path

from requests_tracker.monitoring import entry_views

urlpatterns = [
    path("violations/", entry_views.violation_list, name="violation-list"),
    path("violations/new/", entry_views.violation_new, name="violation-new"),
    path("violations/<int:pk>/edit/", entry_views.violation_edit, name="violation-edit"),
    path(
        "violations/<int:pk>/review/<str:action>/",
        entry_views.violation_review,
        name="violation-review",
    ),
    path("violations/import/", entry_views.import_upload, name="violation-import"),
    path(
        "violations/import/<str:token>/confirm/",
        entry_views.import_confirm,
        name="violation-import-confirm",
    ),
    path(
        "violations/import/progress/<str:key>/",
        entry_views.import_progress,
        name="violation-import-progress",
    ),
]
