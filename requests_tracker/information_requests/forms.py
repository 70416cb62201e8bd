"""Forms of the request pages: filing, recording what the body did, visibility, the channels."""

from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.forms import BodyChoiceField
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.facts_check import is_in_future, latest_possible_moment
from requests_tracker.information_requests.models import SubmissionChannel, Visibility
from requests_tracker.information_requests.status import TRANSITIONS, EventKind, Status
from requests_tracker.laws.forms import RuleChoiceField
from requests_tracker.laws.models import LegalRule
from requests_tracker.search.queries import private_matches


class RequestForm(forms.Form):
    public_body = BodyChoiceField(
        label=_("Public body"),
        queryset=PublicBody.objects.active().order_by("name_ru"),
        help_text=_("Type to search by name in Russian, Kazakh or English."),
    )
    received_on = forms.DateField(
        label=_("Date of receipt"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "For a request the body has already received: the legal bases offered are those in "
            "force on that day. Leave empty for a new request."
        ),
    )
    legal_rules = RuleChoiceField(
        label=_("Legal basis"),
        queryset=LegalRule.objects.none(),  # the rules in force on the day of receipt: __init__
        to_field_name="rule_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A journalist may cite the Mass Media Law (5 working days) and the Access to "
            "Information Law (15 calendar days) together: the earliest deadline counts."
        ),
        error_messages={
            "invalid_choice": _(
                "%(value)s was not in force on the date of receipt: choose among the legal "
                "bases shown."
            )
        },
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(
        label=_("Your questions"),
        widget=forms.Textarea,
        help_text=_("Number each question; ask for documents and figures, not opinions."),
    )
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Visibility.choices, initial=Visibility.PRIVATE
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("A document that supports the request, kept with it as evidence."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["legal_rules"].queryset = rules_offered_on(  # type: ignore[attr-defined]
            self._receipt_day()
        )
        organizations = Organization.objects.filter(memberships__user=user)
        if organizations.exists():
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        else:  # nobody to act on behalf of: the field would only confuse
            del self.fields["organization"]
        self.fields["language"].initial = user.preferred_language

    def _receipt_day(self) -> date:
        """The day of receipt the user entered (or put in the address), else today."""
        raw = self.data.get(self.add_prefix("received_on")) if self.is_bound else None
        raw = raw or self.initial.get("received_on")
        try:
            day = self.fields["received_on"].clean(raw) if raw else None
        except forms.ValidationError:
            day = None  # the field reports the error; meanwhile today's rules are offered
        today = timezone.localdate()
        return day if isinstance(day, date) and day <= today else today

    def clean_received_on(self) -> date | None:
        day: date | None = self.cleaned_data.get("received_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return day


def rules_offered_on(day: date) -> Any:
    """The legal bases a KZ request may cite when received on ``day``, in the order of
    precedence of kz-rules.md §10: Mass Media, Access to Information, APPC."""
    return (
        LegalRule.objects.responses()
        .in_force_on(day)
        .filter(instrument__jurisdiction__code="KZ")
        .order_by("-instrument__code")
    )


def _evidence_help_text(*, limit: int) -> str:
    return _("PDF, image, DOCX, ODT, e-mail or text, up to %(limit)d MB.") % {"limit": limit}


evidence_help_text = lazy(_evidence_help_text, str)


class EvidenceField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence file"))
        # Lazy, like the label: the field is made when the module is imported, so a text built
        # here would stay in the language active then, whatever the language of the page.
        kwargs.setdefault(
            "help_text", evidence_help_text(limit=settings.EVIDENCE_MAX_BYTES // 1_000_000)
        )
        super().__init__(**kwargs)


def not_in_future(moment: datetime) -> None:
    """A moment typed in a form is refused on its field when it lies ahead (beyond the skew);
    ``record_event`` checks it again, with the order of the timeline."""
    if is_in_future(moment, now=timezone.now()):
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")


def day_not_in_future(day: date) -> None:
    if day > timezone.localdate(latest_possible_moment(timezone.now())):
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")


class EventForm(forms.Form):
    """What the body did, or what the requester did, on a given day."""

    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        validators=[not_in_future],
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = EvidenceField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def event_data(self) -> dict[str, str]:
        """The event's details, as the timeline stores them."""
        return {}


class SubmittedForm(EventForm):
    channel = forms.ChoiceField(label=_("Sent by"), choices=SubmissionChannel.choices)

    def event_data(self) -> dict[str, str]:
        return {"channel": self.cleaned_data["channel"]}


class RegisteredForm(EventForm):
    registration_number = forms.CharField(label=_("Registration number"), max_length=100)

    def event_data(self) -> dict[str, str]:
        return {
            "registration_number": self.cleaned_data["registration_number"],
            "registered_on": self.cleaned_data["occurred_at"].date().isoformat(),
        }


class ExtendedForm(EventForm):
    new_due_date = forms.DateField(
        label=_("New date set by the body"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the body did not name one: the law's limit is used."),
    )
    notified_on = forms.DateField(
        label=_("Day you were told of the extension"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[day_not_in_future],
    )

    def event_data(self) -> dict[str, str]:
        data = {"decided_on": self.cleaned_data["occurred_at"].date().isoformat()}
        for name in ("new_due_date", "notified_on"):
            if self.cleaned_data.get(name):
                data[name] = self.cleaned_data[name].isoformat()
        return data


class ForwardedForm(EventForm):
    to_body = BodyChoiceField(
        label=_("Forwarded to"), queryset=PublicBody.objects.active().order_by("name_ru")
    )
    received_at = forms.DateTimeField(
        label=_("Received by the new body"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        validators=[not_in_future],
    )

    def event_data(self) -> dict[str, str]:
        return {
            "to_body": self.cleaned_data["to_body"].slug,
            "forwarded_on": self.cleaned_data["occurred_at"].date().isoformat(),
            "received_at": self.cleaned_data["received_at"].isoformat(),
        }


class RefusedForm(EventForm):
    ground = forms.CharField(
        label=_("Ground the body cited"),
        max_length=300,
        help_text=_("For example “CPC Art. 201”, “for official use”, or “none given”."),
    )

    def event_data(self) -> dict[str, str]:
        return {"ground": self.cleaned_data["ground"]}


# The actions offered on a request page, the form each takes, and when each makes sense.
EVENT_FORMS: dict[EventKind, type[EventForm]] = {
    EventKind.SUBMITTED: SubmittedForm,
    EventKind.REGISTERED: RegisteredForm,
    EventKind.EXTENDED: ExtendedForm,
    EventKind.FORWARDED: ForwardedForm,
    EventKind.CLARIFICATION_REQUESTED: EventForm,
    EventKind.CLARIFICATION_PROVIDED: EventForm,
    EventKind.ANSWERED: EventForm,
    EventKind.PARTIALLY_ANSWERED: EventForm,
    EventKind.REFUSED: RefusedForm,
    EventKind.WITHDRAWN: EventForm,
    EventKind.NOTE: EventForm,
}


def offered_events(status: Status) -> list[EventKind]:
    """The events that can follow a request's status, in the order a user meets them."""
    return [
        kind
        for kind in EVENT_FORMS
        if status in TRANSITIONS[kind][0]
        # Sending again after a bounce goes through the channels, never this form.
        and (kind != EventKind.SUBMITTED or status == Status.DRAFT)
    ]


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Visibility.choices)


class DashboardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("mine", _("My requests")), ("organization", _("My organisation's"))],
    )

    def requests(self, queryset: Any) -> Any:
        if not self.is_valid():
            return queryset.none()
        if self.cleaned_data["q"]:
            # The subject as typed, the body's name, or the full-text search of the raw texts
            # (questions, replies, notes, attachments) over the same readable requests.
            words = self.cleaned_data["q"]
            queryset = queryset.filter(
                Q(subject__icontains=words)
                | Q(public_body__search_text__contains=words.casefold())
                | Q(pk__in=private_matches(words))
            )
        if self.cleaned_data["status"]:
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset


# --- Submitting through a channel: each form records the moment the legal clock can start -------


def _moment_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[not_in_future],
    )


def _day_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}), validators=[day_not_in_future]
    )


class EOtinishForm(forms.Form):
    """What the portal shows once the user has signed and sent the request there."""

    registration_number = forms.CharField(label=_("e-Otinish registration number"), max_length=100)
    registered_at = _moment_field(_("Date and time of registration"))
    receipt = EvidenceField(
        required=True,
        label=_("Receipt"),
        help_text=_("A screenshot (PNG or JPEG) or the PDF the portal gives."),
    )


class PostedForm(forms.Form):
    """The letter went by registered mail: on its way, not yet received."""

    mail_number = forms.CharField(label=_("Registered mail number"), max_length=100)
    posted_on = _day_field(_("Posting date"))


class DeliveredForm(forms.Form):
    """The delivery notice came back: its date is the receipt."""

    delivered_on = _day_field(_("Date on the delivery notice"))
    notice = EvidenceField(required=True, label=_("Scan of the delivery notice"))


class InPersonForm(forms.Form):
    """The body's office stamped the second copy with its incoming number and date."""

    incoming_number = forms.CharField(label=_("Incoming number"), max_length=100)
    stamped_on = _day_field(_("Date stamped on the copy"))
    photo = EvidenceField(required=True, label=_("Photo of the stamped copy"))
