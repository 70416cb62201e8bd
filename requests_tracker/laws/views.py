"""Pages about the law for anyone: the deadline calculator."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from requests_tracker.core.errors import DomainError
from requests_tracker.laws.calculator import Calculation, calculate_deadline
from requests_tracker.laws.forms import DeadlineCalculatorForm


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
