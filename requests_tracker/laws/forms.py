"""Choosing legal rules in any form, and the deadline calculator's form."""

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.i18n import localized
from requests_tracker.laws.models import LegalRule

# The rule a visitor most often counts: the answer to a written request under the Law "On Access
# to Information"; it is preselected.
DEFAULT_CALCULATOR_RULE = "KZ.ATI.11.response"


class RuleChoiceField(forms.ModelMultipleChoiceField[LegalRule]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{localized(obj.instrument, 'title')}, {obj.article}: {localized(obj, 'title')}"


class RulesByLaw(ModelChoiceIterator):
    """The rules as option groups, one per law, titled in the page's language."""

    def __iter__(self) -> Iterator[Any]:
        # Kazakhstan's laws before Russia's; in each, the law of the preselected rule first and a
        # rule no longer in force last.
        default_law = DEFAULT_CALCULATOR_RULE.rsplit(".", 2)[0]
        rules = sorted(
            self.queryset,
            key=lambda rule: (
                rule.instrument.jurisdiction.code,
                rule.instrument.code != default_law,
                rule.valid_to is not None,
                rule.instrument.code,
                rule.rule_id,
            ),
        )
        for _instrument, group in groupby(rules, key=lambda rule: rule.instrument_id):
            members = list(group)
            yield (
                localized(members[0].instrument, "title"),
                [self.choice(rule) for rule in members],
            )


class CalculatorRuleField(forms.ModelChoiceField[LegalRule]):
    iterator = RulesByLaw

    def label_from_instance(self, obj: LegalRule) -> str:
        return gettext("%(title)s (article %(article)s)") % {
            "title": localized(obj, "title"),
            "article": obj.article,
        }


class DeadlineCalculatorForm(forms.Form):
    rule = CalculatorRuleField(
        label=_("Legal rule"),
        queryset=LegalRule.objects.with_period()
        .responses()
        .select_related("instrument__jurisdiction"),
        to_field_name="rule_id",
        empty_label=None,
        initial=DEFAULT_CALCULATOR_RULE,
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
