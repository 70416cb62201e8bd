"""The index of public bodies: every active body, searched by name in any language, filtered by
kind and region, a page at a time, each with its scorecard on published requests."""

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import BodyKind, PublicBody, Region
from requests_tracker.core.i18n import localized
from requests_tracker.core.pagination import page_of
from requests_tracker.monitoring.dashboard import scorecards_of

MAX_SEARCH_LENGTH = 200


class RegionField(forms.ModelChoiceField[Region]):
    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


class BodyIndexForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=MAX_SEARCH_LENGTH)
    kind = forms.ChoiceField(
        label=_("Kind of body"), required=False, choices=[("", _("Any")), *BodyKind.choices]
    )
    region = RegionField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Any"),
    )


def body_index(request: HttpRequest) -> HttpResponse:
    """A bad filter (an unknown kind or region, a name too long) is shown and filters nothing."""
    form = BodyIndexForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "bodies/index.html",
            {"form": form, "rows": [], "page": None, "query": ""},
            status=400,
        )
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    bodies = PublicBody.objects.active().select_related("region")
    if text := form.cleaned_data["q"]:
        bodies = bodies.search(text)
    if kind := form.cleaned_data["kind"]:
        bodies = bodies.filter(kind=kind)
    if region := form.cleaned_data["region"]:
        bodies = bodies.filter(region=region)
    page = page_of(bodies.order_by(f"name_{language}", "pk"), number=request.GET.get("page"))
    scorecards = scorecards_of(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bodies/index.html",
        {
            "form": form,
            "rows": [(body, scorecards[body.pk]) for body in page.object_list],
            "page": page,
            "query": query.urlencode(),
            "minimum": settings.PUBLIC_BODY_MIN_REQUESTS,
        },
    )
