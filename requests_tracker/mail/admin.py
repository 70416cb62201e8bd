"""Staff views of email: the holding queue of received messages, and the record of sent ones."""

import re
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from requests_tracker.access import mail as mail_policy
from requests_tracker.access.admin import PolicyAdmin
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.mail.incoming import assign_incoming, discard_incoming
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, OutgoingEmail
from requests_tracker.mail.outgoing import send_again, stop_trying

# The confirmation page posts, for each message, the request staff confirmed it for:
# "confirm-<message id>" = "<request id>". A suggestion changed since then is asked again.
_CONFIRMED = re.compile(r"confirm-([0-9]{1,18})")
_ID = re.compile(r"[0-9]{1,18}")


def _confirmed_requests(request: HttpRequest) -> dict[int, int]:
    confirmed = {}
    for name in request.POST:
        field, value = _CONFIRMED.fullmatch(name), request.POST.get(name, "")
        if field is not None and _ID.fullmatch(value):
            confirmed[int(field.group(1))] = int(value)
    return confirmed


class HoldingQueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("held", _("Holding queue")), ("all", _("All"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "held":
            return queryset.filter(status=IncomingStatus.HELD)
        return queryset


@admin.register(IncomingEmail)
class IncomingEmailAdmin(PolicyAdmin[IncomingEmail]):
    """Staff set the request of a held message (the suggestion, or their own pick) and assign it.

    NGO staff see the holding queue and the messages of requests they may read; only they (and
    superusers) file or discard a message.
    """

    readable = staticmethod(mail_policy.readable_incoming)
    changeable = staticmethod(mail_policy.changeable_incoming)

    list_display = (
        "received_at",
        "from_address",
        "subject",
        "match",
        "status",
        "is_auto_reply",
        "suggested_request",
        "information_request",
    )
    list_filter = (HoldingQueueFilter, "status", "match", "is_auto_reply", "source")
    search_fields = ("from_address", "subject", "message_id")
    list_select_related = ("suggested_request", "information_request")
    date_hierarchy = "received_at"
    raw_id_fields = ("suggested_request",)
    readonly_fields = (
        "message_id",
        "raw",
        "sha256",
        "size",
        "source",
        "received_at",
        "from_address",
        "to_addresses",
        "subject",
        "text_body",
        "html_body",
        "is_auto_reply",
        "match",
        "status",
        "information_request",
        "timeline_event",
    )
    actions = ("assign_to_suggested_request", "discard")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The suggestion can be changed only while the message waits in the queue.
        if obj is not None and obj.status != IncomingStatus.HELD:
            return (*self.readonly_fields, "suggested_request")
        return self.readonly_fields

    def _handled(
        self, request: HttpRequest, queryset: QuerySet[IncomingEmail]
    ) -> QuerySet[IncomingEmail]:
        return queryset.filter(pk__in=mail_policy.changeable_incoming(request.user).values("pk"))

    @admin.action(description=_("File on the suggested request"))
    def assign_to_suggested_request(
        self, request: HttpRequest, queryset: QuerySet[IncomingEmail]
    ) -> TemplateResponse | None:
        """File each selected message on its suggestion. A suggestion that is a request of
        another user is filed only once staff confirm a warning naming its owner: until then,
        nothing of the selection is filed."""
        assert isinstance(request.user, User)  # the admin requires staff login
        handled = list(
            self._handled(request, queryset).select_related("suggested_request__requester")
        )
        confirmed = _confirmed_requests(request)
        unconfirmed = [
            incoming
            for incoming in handled
            if incoming.suggested_request is not None
            and mail_policy.filing_needs_owner_warning(request.user, incoming.suggested_request)
            and confirmed.get(incoming.pk) != incoming.suggested_request_id
        ]
        if unconfirmed:
            return self._confirm_other_users_requests(request, handled, unconfirmed)
        filed = 0
        for incoming in handled:
            if incoming.suggested_request is None:
                self.message_user(
                    request,
                    _("“%(message)s” has no suggested request: set one first.")
                    % {"message": incoming},
                    messages.WARNING,
                )
                continue
            try:
                assign_incoming(
                    incoming=incoming,
                    information_request=incoming.suggested_request,
                    user=request.user,
                    now=timezone.now(),
                )
            except DomainError as error:
                self.message_user(request, f"{incoming}: {error}", messages.ERROR)
            else:
                filed += 1
        if filed:
            self.message_user(
                request,
                ngettext("%(count)d message filed.", "%(count)d messages filed.", filed)
                % {"count": filed},
                messages.SUCCESS,
            )
        return None

    def _confirm_other_users_requests(
        self,
        request: HttpRequest,
        handled: list[IncomingEmail],
        unconfirmed: list[IncomingEmail],
    ) -> TemplateResponse:
        """The warning page: each message, the request it would go to, and that request's owner."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("File on a request of another user?"),
            "opts": self.model._meta,
            "selected": handled,
            "unconfirmed": [
                {
                    "incoming": incoming,
                    "request": incoming.suggested_request,
                    "owner_name": owner.get_full_name() or owner.username,
                    "owner_username": owner.username,
                }
                for incoming in unconfirmed
                if incoming.suggested_request is not None
                for owner in (incoming.suggested_request.requester,)
            ],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/mail/incomingemail/confirm_other_users_request.html", context
        )

    @admin.action(description=_("Discard"))
    def discard(self, request: HttpRequest, queryset: QuerySet[IncomingEmail]) -> None:
        assert isinstance(request.user, User)
        discarded = 0
        for incoming in self._handled(request, queryset):
            try:
                discard_incoming(incoming=incoming, user=request.user)
            except DomainError as error:
                self.message_user(request, f"{incoming}: {error}", messages.ERROR)
            else:
                discarded += 1
        if discarded:
            self.message_user(
                request,
                ngettext("%(count)d message discarded.", "%(count)d messages discarded.", discarded)
                % {"count": discarded},
                messages.SUCCESS,
            )


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(PolicyAdmin[OutgoingEmail]):
    """Every email sent or waiting in the outbox: a record, never edited here.

    Staff see its state (queued, retrying with the attempts and the last error, sent, failed),
    send a failed one again, or stop trying a pending one, on requests they may change.
    """

    readable = staticmethod(mail_policy.readable_outgoing)
    changeable = staticmethod(mail_policy.changeable_outgoing)

    list_display = (
        "created_at",
        "information_request",
        "intent",
        "to_address",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("status", "intent")
    search_fields = ("to_address", "subject", "message_id", "idempotency_key")
    list_select_related = ("information_request",)
    date_hierarchy = "created_at"
    actions = ("queue_again", "give_up")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _changed(
        self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]
    ) -> QuerySet[OutgoingEmail]:
        return queryset.filter(pk__in=mail_policy.changeable_outgoing(request.user).values("pk"))

    @admin.action(description=_("Send the selected failed emails again"))
    def queue_again(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        now = timezone.now()
        count = sum(
            send_again(outgoing=outgoing, now=now) for outgoing in self._changed(request, queryset)
        )
        self.message_user(
            request,
            ngettext("%(count)d email queued.", "%(count)d emails queued.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Stop trying the selected pending emails"))
    def give_up(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        count = sum(stop_trying(outgoing=outgoing) for outgoing in self._changed(request, queryset))
        self.message_user(
            request,
            ngettext("%(count)d email given up.", "%(count)d emails given up.", count)
            % {"count": count},
            messages.SUCCESS,
        )
