"""Inbound email from Mailgun through django-anymail: the route forwards raw MIME here.

anymail checks the signature (HMAC-SHA256 of timestamp and token under
``ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]``); this view then calls the ingest service directly
rather than through anymail's ``inbound`` signal, so the flow reads at the call site.
"""

from typing import Any

from anymail.exceptions import AnymailWebhookValidationFailure  # type: ignore[import-untyped]
from anymail.webhooks.mailgun import (  # type: ignore[import-untyped]
    MailgunInboundWebhookView,
)
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils import timezone

from requests_tracker.mail.incoming import MessageRefused, ingest_message


class MailgunInboundView(MailgunInboundWebhookView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Without a key, anyone could sign with the empty key: the endpoint does not exist.
        if not settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.run_validators(request)
        except AnymailWebhookValidationFailure:
            return HttpResponseForbidden()
        for event in self.parse_events(request):
            # The posted MIME is kept as it came: re-serialising the parsed message would refold
            # headers and change the bytes whose SHA-256 we keep.
            posted = request.POST.get("body-mime")
            raw = posted.encode("utf-8") if posted else event.message.as_bytes()
            recipient = request.POST.get("recipient")
            try:
                ingest_message(
                    raw=raw,
                    source="webhook",
                    now=timezone.now(),
                    recipients=[recipient] if recipient else [],
                )
            except MessageRefused as refusal:
                # Mailgun does not retry a 406: the message is refused for good.
                return HttpResponse(refusal.reason, status=406, content_type="text/plain")
        return HttpResponse()
