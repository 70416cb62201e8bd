"""The request pages under /requests/, the public pages, and the calendar feed."""

from django.urls import path

from requests_tracker.information_requests.views import (
    actions,
    channels,
    dashboard,
    detail,
    feeds,
    filing,
    public,
    publishing,
)

urlpatterns = [
    path("requests/", dashboard.dashboard, name="dashboard"),
    path("requests/new/", filing.request_new, name="request-new"),
    path("requests/<int:pk>/", detail.request_detail, name="request-detail"),
    path("requests/<int:pk>/events/<str:kind>/", actions.record, name="request-record"),
    path("requests/<int:pk>/visibility/", actions.change_visibility, name="request-visibility"),
    path(
        "requests/<int:pk>/escalate/<str:step>/",
        actions.escalate_request,
        name="request-escalate",
    ),
    path(
        "requests/<int:pk>/submit/e-otinish/",
        channels.submit_e_otinish,
        name="request-submit-e-otinish",
    ),
    path("requests/<int:pk>/submit/posted/", channels.submit_posted, name="request-posted"),
    path(
        "requests/<int:pk>/submit/delivered/",
        channels.submit_delivered,
        name="request-delivered",
    ),
    path(
        "requests/<int:pk>/submit/in-person/",
        channels.submit_in_person,
        name="request-submit-in-person",
    ),
    path(
        "requests/<int:pk>/address-sheet/",
        channels.address_sheet,
        name="request-address-sheet",
    ),
    path("public/requests/", public.public_requests, name="public-requests"),
    path("public/requests/<int:pk>/", public.public_request, name="public-request"),
    path("requests/<int:pk>/publish/", publishing.publish_preview, name="request-publish"),
    path(
        "public/requests/<int:pk>/attachments/<int:file_pk>/",
        public.public_attachment,
        name="public-request-attachment",
    ),
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
]
