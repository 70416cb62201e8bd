from django.urls import path

from requests_tracker.web import channel_views, email_views, views

urlpatterns = [
    path("requests/", views.dashboard, name="dashboard"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/events/<str:kind>/", views.record, name="request-record"),
    path("requests/<int:pk>/visibility/", views.change_visibility, name="request-visibility"),
    path("requests/<int:pk>/escalate/<str:step>/", views.escalate_request, name="request-escalate"),
    path("requests/<int:pk>/send-email/", email_views.send_email, name="request-send-email"),
    path(
        "requests/<int:pk>/emails/<int:email_pk>/send-again/",
        email_views.send_again_view,
        name="request-email-send-again",
    ),
    path(
        "requests/<int:pk>/emails/<int:email_pk>/stop-trying/",
        email_views.stop_trying_view,
        name="request-email-stop-trying",
    ),
    path(
        "requests/<int:pk>/submit/e-otinish/",
        channel_views.submit_e_otinish,
        name="request-submit-e-otinish",
    ),
    path("requests/<int:pk>/submit/posted/", channel_views.submit_posted, name="request-posted"),
    path(
        "requests/<int:pk>/submit/delivered/",
        channel_views.submit_delivered,
        name="request-delivered",
    ),
    path(
        "requests/<int:pk>/submit/in-person/",
        channel_views.submit_in_person,
        name="request-submit-in-person",
    ),
    path(
        "requests/<int:pk>/address-sheet/",
        channel_views.address_sheet,
        name="request-address-sheet",
    ),
    path("public/requests/", views.public_requests, name="public-requests"),
    path("public/requests/<int:pk>/", views.public_request, name="public-request"),
]
