"""The form of a case item on the staff page: the month, the order, the texts, the violations."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_tracker.monitoring.models import MonthlyNarrative, Violation
from requests_tracker.monitoring.report_items import item_problems

_NUMBERS = re.compile(r"[\s,;]+")


class ReportItemForm(forms.ModelForm[MonthlyNarrative]):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    violation_numbers = forms.CharField(
        label=_("Violations"),
        required=False,
        help_text=_("The numbers of the violations the item tells of, e.g. 12, 15."),
    )

    class Meta:
        model = MonthlyNarrative
        fields = (
            "month",
            "position",
            "title_ru",
            "title_kk",
            "title_en",
            "text_ru",
            "text_kk",
            "text_en",
        )
        widgets = {f"text_{code}": forms.Textarea(attrs={"rows": 8}) for code in ("ru", "kk", "en")}
        help_texts = {
            "text_ru": _(
                "A blank line starts a paragraph; a line starting with “>” is a quote, one "
                "starting with “- ” an item of a list."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            linked = self.instance.violations.order_by("pk").values_list("pk", flat=True)
            self.initial["violation_numbers"] = ", ".join(str(pk) for pk in linked)

    def clean_violation_numbers(self) -> list[Violation]:
        text = self.cleaned_data.get("violation_numbers", "").strip()
        words = [word for word in _NUMBERS.split(text) if word]
        if bad := [word for word in words if not word.isdigit()]:
            raise forms.ValidationError(
                _("Not a violation number: %(words)s."), params={"words": ", ".join(bad)}
            )
        numbers = list(dict.fromkeys(int(word) for word in words))
        found = {violation.pk: violation for violation in Violation.objects.filter(pk__in=numbers)}
        if missing := [str(number) for number in numbers if number not in found]:
            raise forms.ValidationError(
                _("No violation has the number %(numbers)s."),
                params={"numbers": ", ".join(missing)},
            )
        return [found[number] for number in numbers]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (month := cleaned.get("month")) is not None:
            cleaned["month"] = month.replace(day=1)  # a month given as YYYY-MM
        for name, problem in item_problems(item=unsaved_item(cleaned)).items():
            if name not in self.errors:
                self.add_error(name, problem)
        return cleaned


def unsaved_item(cleaned: dict[str, Any]) -> MonthlyNarrative:
    """The values a form checked, as an item that ``item_problems`` can judge."""
    item = MonthlyNarrative(
        title_ru=cleaned.get("title_ru") or "", text_ru=cleaned.get("text_ru") or ""
    )
    if cleaned.get("month") is not None:
        item.month = cleaned["month"]
    return item
