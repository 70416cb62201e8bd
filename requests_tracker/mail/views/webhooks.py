"""Inbound email from Mailgun through django-anymail: the route forwards raw MIME here.

anymail checks the signature (HMAC-SHA256 of timestamp and token under
``ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]``); this view adds what the signature alone does not give:
the timestamp must be within ``MAILGUN_WEBHOOK_MAX_AGE_SECONDS`` of now, and each token is accepted
once (``WebhookToken``, unique), so a captured post cannot be replayed, with its body or another.
The token is recorded in the transaction that stores the message: a post that fails for a
transient reason leaves no token, and Mailgun's retry is accepted. The view calls the ingest
service directly rather than through anymail's ``inbound`` signal, so the flow reads at the call
site.
"""

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from anymail.exceptions import AnymailWebhookValidationFailure  # type: ignore[import-untyped]
from anymail.webhooks.mailgun import (  # type: ignore[import-untyped]
    MailgunInboundWebhookView,
)
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt

from requests_tracker.mail.headers import check_header_size
from requests_tracker.mail.incoming import MessageRefused, ingest_message
from requests_tracker.mail.models import WebhookToken
from requests_tracker.mail.stored import kept_only_if_committed

logger = logging.getLogger(__name__)

# Mailgun's tokens are 50 characters; the column holds 255.
_TOKEN_MAX_LENGTH = 255


def _freshness_window() -> timedelta:
    return timedelta(seconds=settings.MAILGUN_WEBHOOK_MAX_AGE_SECONDS)


def signed_at(request: HttpRequest) -> datetime:
    """The moment the post was signed; AnymailWebhookValidationFailure unless it is recent."""
    timestamp = request.POST.get("timestamp", "")
    token = request.POST.get("token", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise AnymailWebhookValidationFailure("Mailgun webhook called without a valid timestamp")
    if not (token.isascii() and token.isprintable() and 0 < len(token) <= _TOKEN_MAX_LENGTH):
        raise AnymailWebhookValidationFailure("Mailgun webhook called without a valid token")
    moment = datetime.fromtimestamp(int(timestamp), tz=UTC)
    if abs(timezone.now() - moment) > _freshness_window():
        raise AnymailWebhookValidationFailure("Mailgun webhook signed too long ago, or ahead")
    return moment


def accept_token(*, token: str, signed_at: datetime, now: datetime) -> bool:
    """Record a signed post's token; False when it was already used (the unique constraint)."""
    # Tokens past the window can go: a post that old is refused before it gets here.
    WebhookToken.objects.filter(signed_at__lt=now - _freshness_window()).delete()
    try:
        with transaction.atomic():
            WebhookToken.objects.create(token=token, signed_at=signed_at)
    except IntegrityError:
        return False
    return True


class MailgunInboundView(MailgunInboundWebhookView):
    # anymail's dispatch carries csrf_exempt (Mailgun has no CSRF cookie; the signature is the
    # proof); overriding it drops the mark unless the override carries it too.
    @method_decorator(csrf_exempt)
    @method_decorator(login_not_required)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Without a key, anyone could sign with the empty key: the endpoint does not exist.
        if not settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def validate_request(self, request: HttpRequest) -> None:
        # anymail calls every validate_request of the class chain: this one, then its signature
        # check (run_validators); neither needs to chain to the other.
        signed_at(request)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.run_validators(request)
        except AnymailWebhookValidationFailure as failure:
            logger.warning("Refused a Mailgun webhook post: %s", failure)
            return HttpResponseForbidden()
        now = timezone.now()
        refusal: MessageRefused | None = None
        try:
            with kept_only_if_committed():
                if not accept_token(
                    token=request.POST["token"], signed_at=signed_at(request), now=now
                ):
                    logger.warning("Refused a replayed Mailgun webhook post")
                    return HttpResponseForbidden()
                try:
                    self._ingest(request, now=now)
                except MessageRefused as refused:
                    # Nothing of the message is saved, but its token is kept: it is used.
                    refusal = refused
        except Exception:
            # Nothing was stored and the token is not kept: Mailgun retries a 5xx.
            logger.exception("A Mailgun webhook post was not stored; Mailgun will retry")
            return HttpResponse(status=503)
        if refusal is not None:
            # Mailgun does not retry a 406: the message is refused for good.
            return HttpResponse(refusal.reason, status=406, content_type="text/plain")
        return HttpResponse()

    def _ingest(self, request: HttpRequest, *, now: datetime) -> None:
        # The posted MIME is kept as it came: re-serialising the parsed message would refold
        # headers and change the bytes whose SHA-256 we keep.
        posted = request.POST.get("body-mime")
        if posted:
            # anymail parses the MIME below: its headers are measured first, as a piped message's.
            try:
                check_header_size(posted.encode("utf-8"))
            except MessageRefused as refusal:
                logger.warning("Refused a message received through webhook: %s", refusal.reason)
                raise
        for event in self.parse_events(request):
            raw = posted.encode("utf-8") if posted else event.message.as_bytes()
            recipient = request.POST.get("recipient")
            ingest_message(
                raw=raw,
                source="webhook",
                now=now,
                recipients=[recipient] if recipient else [],
            )
