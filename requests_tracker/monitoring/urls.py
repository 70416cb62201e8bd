"""The monitoring pages: the staff pages of the dataset under /monitoring/, its dashboard, the
monthly report, and the open data under /open-data/."""

from django.urls import path, re_path, register_converter

from requests_tracker.core.converters import MonthConverter, YearConverter
from requests_tracker.monitoring.views import (
    categories,
    dashboard,
    entry,
    open_data,
    report,
    report_items,
)

register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")

urlpatterns = [
    path("monitoring/violations/", entry.violation_list, name="violation-list"),
    path("monitoring/violations/new/", entry.violation_new, name="violation-new"),
    path("monitoring/violations/<int:pk>/edit/", entry.violation_edit, name="violation-edit"),
    path(
        "monitoring/violations/<int:pk>/review/<str:action>/",
        entry.violation_review,
        name="violation-review",
    ),
    path(
        "monitoring/violations/review/",
        entry.violation_bulk_review,
        name="violation-bulk-review",
    ),
    path("monitoring/violations/import/", entry.import_upload, name="violation-import"),
    path(
        "monitoring/violations/import/<str:token>/confirm/",
        entry.import_confirm,
        name="violation-import-confirm",
    ),
    path(
        "monitoring/violations/import/progress/<str:key>/",
        entry.import_progress,
        name="violation-import-progress",
    ),
    path("monitoring/categories/", categories.category_list, name="violation-categories"),
    path("monitoring/dashboard/", dashboard.monitoring_dashboard, name="monitoring-dashboard"),
    path(
        "monitoring/report/<year:year>-<month:month>/",
        report.monthly_report_page,
        name="monthly-report",
    ),
    path(
        "monitoring/report/<year:year>-<month:month>/publish/",
        report.monthly_report_publish,
        name="monthly-report-publish",
    ),
    path(
        "monitoring/report/<year:year>-<month:month>/versions/<int:version>/",
        report.monthly_report_version,
        name="monthly-report-version",
    ),
    path(
        "monitoring/report/<year:year>-<month:month>/items/",
        report_items.report_items,
        name="report-items",
    ),
    path(
        "monitoring/report-items/<int:pk>/edit/",
        report_items.report_item_edit,
        name="report-item-edit",
    ),
    path(
        "monitoring/report-items/<int:pk>/delete/",
        report_items.report_item_delete,
        name="report-item-delete",
    ),
    path("open-data/", open_data.open_data_page, name="open-data"),
    path("open-data/schema.json", open_data.schema_json, name="open-data-schema"),
    re_path(
        r"^open-data/violations\.(?P<extension>csv|json|xlsx)$",
        open_data.download,
        name="open-data-violations",
    ),
]
