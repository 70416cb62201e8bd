"""Choosing a body in any form; the form a signed-in user proposes a contact with, and the one
staff reject a proposal with."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.contacts import MAX_NOTE_LENGTH, MAX_VALUE_LENGTH
from requests_tracker.bodies.models import BodyContact, ContactKind, PublicBody
from requests_tracker.bodies.proposals import MAX_REASON_LENGTH
from requests_tracker.core.i18n import localized


class BodyChoiceField(forms.ModelChoiceField[PublicBody]):
    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


class CurrentContactField(forms.ModelChoiceField[BodyContact]):
    def label_from_instance(self, obj: BodyContact) -> str:
        return f"{obj.get_kind_display()}: {obj.value}"


class ContactProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    value = forms.CharField(label=_("Contact"), max_length=MAX_VALUE_LENGTH)
    replaces = CurrentContactField(
        label=_("Corrects"),
        queryset=BodyContact.objects.none(),
        required=False,
        empty_label=_("Nothing: a new contact"),
    )
    source_url = forms.CharField(
        label=_("Source (the address where you found it)"), max_length=1000, required=False
    )
    source_note = forms.CharField(
        label=_("Or say how you know it"), max_length=MAX_NOTE_LENGTH, required=False
    )

    def __init__(self, *args: object, body: PublicBody, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["replaces"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = body.contacts.filter(retired_at__isnull=True)


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
