"""The pages of collective appeals: my appeals, a new one, and the appeal page with its actions.

Each action posts to its own URL, calls one service, and comes back to the appeal page with what
happened (or why nothing did) as a message.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from requests_tracker.access.appeals import appeal_for, can_change, readable_appeals
from requests_tracker.access.requests import Action, readable_requests
from requests_tracker.accounts.models import Membership, User
from requests_tracker.accounts.roles import may_start_appeals
from requests_tracker.collective.fan_out import progress
from requests_tracker.collective.forms import AddresseeForm, AppealForm, CosignerForm, ScheduleForm
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal, Cosigner
from requests_tracker.collective.registration_forms import (
    RegistrationTableForm,
    RegistrationUploadForm,
    UploadReport,
)
from requests_tracker.collective.selectors import StatusCount, addressee_rows, status_counts
from requests_tracker.collective.services import (
    add_addressees,
    add_cosigner,
    bodies_matching,
    cancel_appeal,
    complain_for_all,
    confirm_cosigner,
    create_appeal,
    remind_all_silent,
    schedule_appeal,
)
from requests_tracker.collective.submission import registrable, submission_count
from requests_tracker.core.errors import DomainError
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.idempotency import idempotent
from requests_tracker.core.pagination import page_of

# The chart of statuses: one bar per status, drawn by the server as SVG (no script, no library).
CHART_LABEL_WIDTH = 220
CHART_BAR_WIDTH = 320
CHART_ROW_HEIGHT = 28


@dataclass(frozen=True)
class ChartBar:
    count: StatusCount
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + 17

    @property
    def count_x(self) -> int:
        return CHART_LABEL_WIDTH + self.width + 6


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def chart_bars(counts: list[StatusCount]) -> list[ChartBar]:
    largest = max((count.count for count in counts), default=0)
    return [
        ChartBar(
            count=count,
            y=index * CHART_ROW_HEIGHT,
            width=max(2, count.count * CHART_BAR_WIDTH // largest) if largest else 0,
        )
        for index, count in enumerate(counts)
    ]


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    """The appeals of my organisations and those they co-sign, newest first, a page at a time;
    the addressees are counted for the page's appeals only."""
    user = _user(request)
    appeals = (
        readable_appeals(user)
        .select_related("initiating_organization")
        .annotate(
            addressee_count=_addressees_counted(Q()),
            request_count=_addressees_counted(Q(information_request__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )
    page = page_of(appeals, number=request.GET.get("page"))
    may_start = may_start_appeals(user)
    return render(
        request,
        "collective/appeal_list.html",
        {"appeals": page.object_list, "page": page, "query": "", "may_start": may_start},
    )


def _addressees_counted(condition: Q) -> Coalesce:
    """A correlated count: the database computes it for the rows of the page only."""
    counted = (
        Addressee.objects.filter(condition, appeal=OuterRef("pk"))
        .order_by()
        .values("appeal")
        .annotate(total=Count("id"))
        .values("total")
    )
    return Coalesce(Subquery(counted), Value(0))


@login_required
@idempotent
def appeal_new(request: HttpRequest) -> HttpResponse:
    """Write the appeal once, on behalf of an organisation where one is staff; kept as a draft."""
    user = _user(request)
    form = AppealForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = create_appeal(
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                legal_rules=form.cleaned_data["legal_rules"],
                language=form.cleaned_data["language"],
                organization=form.cleaned_data["initiating_organization"],
                user=user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft saved. Add co-signers and addressees, then send."))
            return redirect("collective-appeal-detail", pk=appeal.pk)
    return render(request, "collective/appeal_form.html", {"form": form})


@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The text, co-signers, addressees, sending with its undo window, progress, and replies."""
    appeal = appeal_for(_user(request), pk)
    return render_detail(request, appeal)


def render_detail(
    request: HttpRequest,
    appeal: CollectiveAppeal,
    *,
    registration_form: RegistrationTableForm | None = None,
    upload_form: RegistrationUploadForm | None = None,
    upload_report: UploadReport | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    editable = can_change(user, appeal)
    is_draft = appeal.state == AppealState.DRAFT
    my_organizations = set(
        Membership.objects.filter(user=user).values_list("organization_id", flat=True)
    )
    cosigners = [
        (
            cosigner,
            is_draft
            and cosigner.confirmed_at is None
            and cosigner.organization_id in my_organizations,
        )
        for cosigner in appeal.cosigners.select_related("organization")
    ]
    current = progress(appeal)
    rows = addressee_rows(appeal, now=now) if current.done else []
    counts = status_counts(rows)
    bars = chart_bars(counts)
    # A request's page is its requester's and their colleagues': a co-signer sees the body's
    # name and the state, without a link that would be a 404 for them.
    readable_request_ids = set(
        readable_requests(user)
        .filter(pk__in=[row.request_id for row in rows if row.request_id])
        .values_list("pk", flat=True)
    )
    change_forms = editable and is_draft
    waiting = [row for row in rows if not row.is_submitted]
    may_register = editable and appeal.state in (AppealState.FANNED_OUT, AppealState.SENT)
    if may_register and registration_form is None:
        open_addressees = registrable(appeal)
        registration_form = (
            RegistrationTableForm(appeal=appeal, addressees=open_addressees, now=now)
            if open_addressees
            else None
        )
    return render(
        request,
        "collective/appeal_detail.html",
        {
            "appeal": appeal,
            "editable": editable,
            "is_draft": is_draft,
            "cosigners": cosigners,
            "cosigner_form": CosignerForm(initiating_organization=appeal.initiating_organization)
            if change_forms
            else None,
            "addressee_form": AddresseeForm() if change_forms else None,
            "schedule_form": ScheduleForm() if change_forms else None,
            "addressees": appeal.addressees.select_related("public_body__region")
            if not current.done
            else [],
            "progress": current,
            "is_sending": appeal.state in (AppealState.SCHEDULED, AppealState.SENDING),
            "can_cancel": editable
            and appeal.state == AppealState.SCHEDULED
            and appeal.send_after is not None
            and appeal.send_after > now,
            "undo_minutes": settings.COLLECTIVE_UNDO_MINUTES,
            "rows": rows,
            "readable_request_ids": readable_request_ids,
            "bars": bars,
            "chart_height": max(len(bars), 1) * CHART_ROW_HEIGHT,
            "chart_width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 48,
            "chart_label_width": CHART_LABEL_WIDTH,
            "bar_height": CHART_ROW_HEIGHT - 8,
            "submissions": submission_count(appeal),
            "waiting": waiting,
            "registration_form": registration_form if may_register else None,
            "upload_form": (upload_form or RegistrationUploadForm())
            if may_register and registration_form
            else None,
            "upload_report": upload_report,
        },
        status=status,
    )


def _act(
    request: HttpRequest, pk: int, action: Callable[[CollectiveAppeal, User], str]
) -> HttpResponse:
    """Run one change on an appeal the user may change; say what happened, or why not."""
    user = _user(request)
    appeal = appeal_for(user, pk, action=Action.CHANGE)
    try:
        done = action(appeal, user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("collective-appeal-detail", pk=pk)


@login_required
@require_POST
@idempotent
def cosigner_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    appeal = appeal_for(user, pk, action=Action.CHANGE)
    form = CosignerForm(request.POST, initiating_organization=appeal.initiating_organization)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("collective-appeal-detail", pk=pk)

    def add(appeal: CollectiveAppeal, user: User) -> str:
        cosigner = add_cosigner(appeal=appeal, user=user, **form.cleaned_data)
        return _(
            "%(organization)s is asked to co-sign; its name appears once a member confirms."
        ) % {"organization": cosigner.organization.name}

    return _act(request, pk, add)


@login_required
@require_POST
@idempotent
def cosigner_confirm(request: HttpRequest, pk: int, cosigner_id: int) -> HttpResponse:
    """A member of the co-signing organisation confirms (it need not be able to change more)."""
    user = _user(request)
    appeal = appeal_for(user, pk)
    cosigner = get_object_or_404(
        Cosigner.objects.select_related("appeal", "organization"), pk=cosigner_id, appeal=appeal
    )
    try:
        confirm_cosigner(cosigner=cosigner, user=user, now=timezone.now())
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(organization)s co-signs the appeal.")
            % {"organization": cosigner.organization.name},
        )
    return redirect("collective-appeal-detail", pk=pk)


@login_required
@require_POST
@idempotent
def addressees_add(request: HttpRequest, pk: int) -> HttpResponse:
    # Who asks is checked before the form, so an appeal they may not change is a 404 however
    # the form is filled.
    appeal_for(_user(request), pk, action=Action.CHANGE)
    form = AddresseeForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("collective-appeal-detail", pk=pk)
    data = form.cleaned_data
    bodies = bodies_matching(
        body_ids=[body.pk for body in data["public_bodies"]],
        kinds=data["kinds"],
        region_codes=[region.code for region in data["regions"]],
        subordinates_of=data["subordinates_of"],
    )

    def add(appeal: CollectiveAppeal, user: User) -> str:
        added = add_addressees(appeal=appeal, bodies=bodies, user=user)
        return _("Addressees added: %(added)d. The appeal goes to %(total)d bodies.") % {
            "added": added,
            "total": appeal.addressees.count(),
        }

    return _act(request, pk, add)


@login_required
@require_POST
@idempotent
def appeal_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    form = ScheduleForm(request.POST)
    skip = form.is_valid() and form.cleaned_data["skip_undo_window"]

    def schedule(appeal: CollectiveAppeal, user: User) -> str:
        schedule_appeal(appeal=appeal, user=user, now=timezone.now(), skip_undo_window=skip)
        if skip:
            return _("The appeal is being sent.")
        minutes = settings.COLLECTIVE_UNDO_MINUTES
        return ngettext(
            "The appeal leaves in %(minutes)d minute; until then you can cancel it.",
            "The appeal leaves in %(minutes)d minutes; until then you can cancel it.",
            minutes,
        ) % {"minutes": minutes}

    return _act(request, pk, schedule)


@login_required
@require_POST
@idempotent
def appeal_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def cancel(appeal: CollectiveAppeal, user: User) -> str:
        cancel_appeal(appeal=appeal, user=user, now=timezone.now())
        return _("Sending cancelled: the appeal is a draft again.")

    return _act(request, pk, cancel)


@login_required
@require_POST
@idempotent
def appeal_remind_silent(request: HttpRequest, pk: int) -> HttpResponse:
    def remind(appeal: CollectiveAppeal, user: User) -> str:
        count = remind_all_silent(appeal=appeal, user=user, now=timezone.now())
        return _("Reminders sent to silent bodies: %(count)d.") % {"count": count}

    return _act(request, pk, remind)


@login_required
@require_POST
@idempotent
def appeal_complain(request: HttpRequest, pk: int) -> HttpResponse:
    def complain(appeal: CollectiveAppeal, user: User) -> str:
        count = complain_for_all(appeal=appeal, user=user, now=timezone.now())
        return _("Complaints prepared: %(count)d.") % {"count": count}

    return _act(request, pk, complain)
