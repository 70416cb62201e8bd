"""Choosing legal rules in any form, and the deadline calculator's form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.i18n import localized
from requests_tracker.laws.models import LegalRule


class RuleChoiceField(forms.ModelMultipleChoiceField[LegalRule]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{localized(obj.instrument, 'title')}, {obj.article}: {localized(obj, 'title')}"


class CalculatorRuleField(forms.ModelChoiceField[LegalRule]):
    def label_from_instance(self, obj: LegalRule) -> str:
        return f"{obj.rule_id} — {obj.title_en} / {obj.title_ru}"


class DeadlineCalculatorForm(forms.Form):
    rule = CalculatorRuleField(
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
