"""The public search's GET parameters, checked: the words, and the filters as choices.

A Django form (not in a ``forms`` module: ``queries.published_matches`` reads it too, and domain
modules import no interface module). An unknown value is an error naming its field, in the
user's language, and the search then finds nothing.
"""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import BodyKind, PublicBody, Region
from requests_tracker.information_requests.status import Status
from requests_tracker.laws.models import Instrument

FIRST_YEAR = 2016
ANY = ("", _("Any"))


class SearchParams(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200, strip=True)
    body = forms.SlugField(
        label=_("Body (its address in the directory)"), required=False, max_length=100
    )
    body_kind = forms.ChoiceField(
        label=_("Kind of body"), required=False, choices=[ANY, *BodyKind.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    law = forms.ChoiceField(label=_("Law"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[ANY, *Status.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [
            ANY,
            *((region.code, region.name) for region in Region.objects.order_by("code")),
        ]
        law_field = self.fields["law"]
        assert isinstance(law_field, forms.ChoiceField)
        law_field.choices = [
            ANY,
            *((law.code, law.title) for law in Instrument.objects.order_by("code")),
        ]
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        this_year = timezone.localdate().year
        year_field.choices = [
            ANY,
            *((str(year), str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)),
        ]

    def clean_body(self) -> PublicBody | None:
        slug = self.cleaned_data.get("body")
        if not slug:
            return None
        body = PublicBody.objects.filter(slug=slug).first()
        if body is None:
            raise forms.ValidationError(_("No body in the directory has this address."))
        return body
