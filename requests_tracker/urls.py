"""URLs: each app's pages (its own ``urls.py``), the admin, and the REST API under /api/v1/ with
its OpenAPI schema."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from requests_tracker.accounts.api import TokenView
from requests_tracker.bodies.api import ContactProposalViewSet, PublicBodyViewSet, RegionViewSet
from requests_tracker.collective.api import CollectiveAppealViewSet
from requests_tracker.core.api import HealthView
from requests_tracker.core.routers import IntegerIdRouter
from requests_tracker.correspondence.api import (
    EscalateView,
    LetterPreviewView,
    LetterTemplateViewSet,
    StoredLetterView,
)
from requests_tracker.information_requests.api import EvidenceFileView, InformationRequestViewSet
from requests_tracker.information_requests.api.preview import PublicPreviewView
from requests_tracker.information_requests.views.feeds import CalendarFeedAddressView
from requests_tracker.laws.api import (
    CalendarOverrideViewSet,
    CalendarView,
    InstrumentViewSet,
    JurisdictionViewSet,
    LegalRuleViewSet,
)
from requests_tracker.laws.calculator_api import DeadlineCalculatorView
from requests_tracker.mail.api import EvidenceBundleView, HeldMessageViewSet, SendEmailView
from requests_tracker.monitoring.api import (
    DatasetViolationViewSet,
    ReportDownloadView,
    ReportItemViewSet,
    ReportListView,
    ReportView,
    ViolationViewSet,
)

# A month of the monthly reports: 2018-02 (the year and the month as the report page takes them).
REPORT_MONTH = r"(?P<year>[1-9][0-9]{3})-(?P<month>(?:0[1-9]|1[0-2]))"

router = IntegerIdRouter()
router.register("jurisdictions", JurisdictionViewSet)
router.register("laws", InstrumentViewSet)
router.register("rules", LegalRuleViewSet)
router.register("calendar-overrides", CalendarOverrideViewSet)
router.register("regions", RegionViewSet)
router.register("bodies", PublicBodyViewSet)
router.register("letter-templates", LetterTemplateViewSet)
router.register("collective-appeals", CollectiveAppealViewSet, basename="collective-appeal")
router.register("violations", ViolationViewSet, basename="violation")
router.register("report-items", ReportItemViewSet, basename="report-item")
router.register("held-messages", HeldMessageViewSet, basename="held-message")
router.register("dataset/violations", DatasetViolationViewSet, basename="dataset-violation")
router.register("contact-proposals", ContactProposalViewSet, basename="contact-proposal")
router.register("requests", InformationRequestViewSet, basename="information-request")

api_v1 = [
    path("calendar/", CalendarView.as_view(), name="calendar"),
    path("deadlines/calculate/", DeadlineCalculatorView.as_view(), name="deadline-calculator"),
    path("health/", HealthView.as_view(), name="health"),
    path("requests/<int:pk>/letter/", LetterPreviewView.as_view(), name="letter-preview"),
    path("requests/<int:pk>/escalate/", EscalateView.as_view(), name="escalate"),
    path("requests/<int:pk>/send-email/", SendEmailView.as_view(), name="send-email"),
    path(
        "requests/<int:pk>/evidence-bundle/", EvidenceBundleView.as_view(), name="evidence-bundle"
    ),
    path("letters/<int:pk>/", StoredLetterView.as_view(), name="letter"),
    path("evidence/<int:pk>/", EvidenceFileView.as_view(), name="evidence-file"),
    path("requests/<int:pk>/public-preview/", PublicPreviewView.as_view(), name="public-preview"),
    path("me/calendar-feed/", CalendarFeedAddressView.as_view(), name="my-calendar-feed"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("reports/", ReportListView.as_view(), name="reports"),
    re_path(rf"^reports/{REPORT_MONTH}/$", ReportView.as_view(), name="report"),
    re_path(
        rf"^reports/{REPORT_MONTH}/(?P<output_format>(?:md|html|pdf|docx))$",
        ReportDownloadView.as_view(),
        name="report-download",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script, so the
    # page needs no exception from the Content-Security-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-v1:schema"), name="docs"),
    *router.urls,
]

# The admin is headed with the site's name in the staff's language, not Django's.
admin.site.site_header = _("Request tracker: administration")
admin.site.site_title = _("Request tracker")
admin.site.index_title = _("Records of the tracker")

urlpatterns = [
    path("", include("requests_tracker.web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("requests_tracker.accounts.urls")),
    path("", include("requests_tracker.laws.urls")),
    path("", include("requests_tracker.information_requests.urls")),
    path("", include("requests_tracker.mail.urls")),
    path("", include("requests_tracker.reading.urls")),
    path("", include("requests_tracker.bodies.urls")),
    path("", include("requests_tracker.following.urls")),
    path("collective/", include("requests_tracker.collective.urls")),
    path("", include("requests_tracker.monitoring.urls")),
    path("", include("requests_tracker.search.urls")),
    path("api/v1/", include((api_v1, "api-v1"))),
]
