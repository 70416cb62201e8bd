"""Forms of the collective appeal pages: the appeal, a co-signer, the addressees, sending."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.forms import BodyChoiceField
from requests_tracker.bodies.models import BodyKind, PublicBody, Region
from requests_tracker.collective.services import APPEAL_ROLES
from requests_tracker.core.i18n import localized
from requests_tracker.laws.forms import RuleChoiceField
from requests_tracker.laws.models import LegalRule


class BodiesChoiceField(forms.ModelMultipleChoiceField[PublicBody]):
    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


class RegionsChoiceField(forms.ModelMultipleChoiceField[Region]):
    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


class AppealForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text of the appeal"),
        widget=forms.Textarea,
        help_text=_("The same questions go to every addressee; number each question."),
    )
    legal_rules = RuleChoiceField(
        label=_("Legal basis"),
        queryset=LegalRule.objects.responses()
        .filter(instrument__jurisdiction__code="KZ", valid_to__isnull=True)
        .order_by("-instrument__code"),
        to_field_name="rule_id",
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    initiating_organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none()
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiating_organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            memberships__user=user, memberships__role__in=APPEAL_ROLES
        )
        self.fields["language"].initial = user.preferred_language


class CosignerForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Co-signing organisation"), queryset=Organization.objects.none()
    )
    signatory_name = forms.CharField(label=_("Signatory"), max_length=200)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=200)

    def __init__(self, *args: Any, initiating_organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.exclude(  # type: ignore[attr-defined]
            pk=initiating_organization.pk
        )


class AddresseeForm(forms.Form):
    """Bodies by hand, plus those that pass every filter given."""

    public_bodies = BodiesChoiceField(
        label=_("Bodies chosen by hand"),
        queryset=PublicBody.objects.active().order_by("name_ru"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Type to search by name; hold Ctrl (⌘ on a Mac) to choose several."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kind of body"),
        choices=BodyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = RegionsChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(jurisdiction__code="KZ").order_by("name_ru"),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    subordinates_of = BodyChoiceField(
        label=_("All subordinates of"),
        queryset=PublicBody.objects.active()
        .filter(subordinate_bodies__isnull=False)
        .distinct()
        .order_by("name_ru"),
        to_field_name="slug",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(_("Choose bodies by hand, or give at least one filter."))
        return cleaned


class ScheduleForm(forms.Form):
    skip_undo_window = forms.BooleanField(
        label=_("Send now, without the undo window"), required=False
    )
