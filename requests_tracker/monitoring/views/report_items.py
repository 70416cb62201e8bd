"""The staff page of a month's case items: /monitoring/report/2018-02/items/, each item's edit
page and its deletion. Only NGO staff: anyone else signed in gets a 404."""

from datetime import date

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.decorators import staff_only
from requests_tracker.access.monitoring import readable_report_items, report_item_for
from requests_tracker.core.errors import DomainError
from requests_tracker.core.idempotency import idempotent
from requests_tracker.monitoring.models import MonthlyNarrative, Violation
from requests_tracker.monitoring.report_item_forms import ReportItemForm
from requests_tracker.monitoring.report_items import delete_report_item, save_report_item


def _items_url(month: date) -> str:
    return reverse("report-items", kwargs={"year": month.year, "month": month.month})


@staff_only
@idempotent
def report_items(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The month's items in their order, and a form that adds one."""
    if not 1 <= month <= 12:
        raise Http404
    first = date(year, month, 1)
    item = MonthlyNarrative(month=first)
    return _item_form(
        request,
        item,
        first=first,
        items=readable_report_items(request.user)
        .filter(month=first)
        .order_by("position", "id")
        .prefetch_related(Prefetch("violations", queryset=Violation.objects.order_by("pk"))),
    )


@staff_only
@idempotent
def report_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = report_item_for(request.user, pk)
    return _item_form(request, item, first=item.month, items=None)


@staff_only
@require_POST
@idempotent
def report_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = report_item_for(request.user, pk)
    delete_report_item(item=item, user=request.user)
    messages.success(request, _("The report item was deleted."))
    return redirect(_items_url(item.month))


def _item_form(
    request: HttpRequest, item: MonthlyNarrative, *, first: date, items: object
) -> HttpResponse:
    form = ReportItemForm(
        request.POST or None, instance=item, initial={"month": first} if item.pk is None else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_report_item(
                item=form.save(commit=False),
                violations=form.cleaned_data["violation_numbers"],
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report item was saved."))
            return redirect(_items_url(saved.month))
    return render(
        request,
        "monitoring/report_items.html",
        {"form": form, "item": item, "items": items, "first": first},
    )
