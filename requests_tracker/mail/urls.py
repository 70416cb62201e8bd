"""The request page's email actions, and the inbound webhook of the mail provider."""

from django.urls import path

from requests_tracker.mail.views import emails
from requests_tracker.mail.views.webhooks import MailgunInboundView

urlpatterns = [
    path("requests/<int:pk>/send-email/", emails.send_email, name="request-send-email"),
    path(
        "requests/<int:pk>/emails/<int:email_pk>/send-again/",
        emails.send_again_view,
        name="request-email-send-again",
    ),
    path(
        "requests/<int:pk>/emails/<int:email_pk>/stop-trying/",
        emails.stop_trying_view,
        name="request-email-stop-trying",
    ),
    path("mail/inbound/mailgun/", MailgunInboundView.as_view(), name="mailgun-inbound"),
]
