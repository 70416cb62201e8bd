"""The staff dashboard of the monitoring dataset: charts, a ranking, body scorecards."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from requests_tracker.access.monitoring import may_keep_dataset
from requests_tracker.bodies.models import BodyKind, Region
from requests_tracker.monitoring.categories import category_choices
from requests_tracker.monitoring.dashboard import (
    DashboardFilters,
    bodies_by_silence_and_refusal,
    body_scorecards,
    chart_data,
    dashboard_charts,
    filtered_violations,
    published_requests,
)
from requests_tracker.monitoring.models import Block, ReviewState


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class DashboardFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=_blank(MONTHS.items()),
        coerce=int,
        empty_value=None,
        required=False,
    )
    block = forms.ChoiceField(label=_("Block"), choices=_blank(Block.choices), required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=lambda: _blank(category_choices()), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
        required=False,
    )
    body_kind = forms.ChoiceField(
        label=_("Kind of body"), choices=_blank(BodyKind.choices), required=False
    )
    review_state = forms.ChoiceField(
        label=_("Review"), choices=_blank(ReviewState.choices), required=False
    )

    def dashboard_filters(self, *, default_year: int) -> DashboardFilters:
        """The valid filters; a field with an error is left out (the form shows why)."""
        data = self.cleaned_data if self.is_bound else {}
        return DashboardFilters(
            year=data.get("year") or default_year,
            month=data.get("month"),
            block=data.get("block") or "",
            category=data.get("category") or "",
            region=data.get("region"),
            body_kind=data.get("body_kind") or "",
            review_state=data.get("review_state") or "",
        )


@login_required
def monitoring_dashboard(request: HttpRequest) -> HttpResponse:
    """Charts of the violations, the bodies most silent or refusing, and body scorecards.

    An anonymous visitor is sent to sign in; anyone signed in without the right gets a 404, as if
    the page did not exist.
    """
    if not may_keep_dataset(request.user):
        raise Http404
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = form.dashboard_filters(default_year=timezone.localdate().year)
    charts = dashboard_charts(filters)
    requests = published_requests().filter(created_at__year=filters.year)
    if filters.month is not None:
        requests = requests.filter(created_at__month=filters.month)
    if filters.region is not None:
        requests = requests.filter(public_body__region=filters.region)
    if filters.body_kind:
        requests = requests.filter(public_body__kind=filters.body_kind)
    scorecards = body_scorecards(requests)
    shown = [card for card in scorecards if card.is_public]
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "total": filtered_violations(filters).count(),
            "charts": charts,
            "chart_data": chart_data(charts),
            "ranking": bodies_by_silence_and_refusal(filters),
            "scorecards": shown,
            "hidden_scorecards": len(scorecards) - len(shown),
            "minimum": settings.PUBLIC_BODY_MIN_REQUESTS,
        },
    )
