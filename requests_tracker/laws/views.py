"""Pages about the law for anyone: the deadline calculator."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from requests_tracker.core.errors import DomainError
from requests_tracker.laws.calculator import Calculation, calculate_deadline
from requests_tracker.laws.models import LegalRule


class RuleChoiceField(forms.ModelChoiceField[LegalRule]):
    def label_from_instance(self, obj: LegalRule) -> str:
        return f"{obj.rule_id} — {obj.title_en} / {obj.title_ru}"


class DeadlineCalculatorForm(forms.Form):
    rule = RuleChoiceField(
        label=_("Legal rule"),
        queryset=LegalRule.objects.with_period().select_related("instrument__jurisdiction"),
        to_field_name="rule_id",
        empty_label=None,
    )
    received = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the body received the request (YYYY-MM-DD)."),
    )
    registered = forms.DateField(
        label=_("Registered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: the registration date, if the body has told you."),
    )


@require_GET
def deadline_calculator_page(request: HttpRequest) -> HttpResponse:
    """The calculator form; a submitted form shows the due date and how it was counted."""
    form = DeadlineCalculatorForm(request.GET if "rule" in request.GET else None)
    calculation: Calculation | None = None
    if form.is_bound and form.is_valid():
        try:
            calculation = calculate_deadline(
                rule=form.cleaned_data["rule"],
                received=form.cleaned_data["received"],
                registered_on=form.cleaned_data["registered"],
                language=get_language() or "en",
            )
        except DomainError as error:
            form.add_error("rule", str(error))
    context: dict[str, Any] = {"form": form, "calculation": calculation}
    return render(request, "deadlines/calculator.html", context)
