"""The monitoring API: the open data (published violations, read by anyone), the dataset
keepers' violations (write, verify, publish), the monthly reports' case items, and the monthly
reports themselves (JSON and downloads)."""

from requests_tracker.monitoring.api.dataset import (
    DatasetViolationSerializer,
    DatasetViolationViewSet,
)
from requests_tracker.monitoring.api.open_data import OpenViolationSerializer, ViolationViewSet
from requests_tracker.monitoring.api.report_items import ReportItemSerializer, ReportItemViewSet
from requests_tracker.monitoring.api.reports import (
    ReportDownloadView,
    ReportListView,
    ReportView,
)

__all__ = [
    "DatasetViolationSerializer",
    "DatasetViolationViewSet",
    "OpenViolationSerializer",
    "ReportDownloadView",
    "ReportItemSerializer",
    "ReportItemViewSet",
    "ReportListView",
    "ReportView",
    "ViolationViewSet",
]
