"""The collective-appeal API's serializers: what an appeal, its co-signers, addressees and progress
look like in JSON, and what the actions accept."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from letters.contexts import LANGUAGES
from requests_tracker.accounts.models import Organization
from requests_tracker.bodies.models import BodyKind, PublicBody
from requests_tracker.collective.fan_out import progress
from requests_tracker.collective.models import AppealState, CollectiveAppeal, Cosigner
from requests_tracker.collective.selectors import (
    AddresseeRow,
    AddresseeState,
    addressee_rows,
    state_counts,
    status_counts,
)
from requests_tracker.collective.submission import submission_count
from requests_tracker.information_requests.status import Status
from requests_tracker.laws.models import LegalRule


class ProgressSerializer(serializers.Serializer[Any]):
    done = serializers.IntegerField(help_text="Addressees whose request has been created.")
    total = serializers.IntegerField(help_text="All addressees.")
    percent = serializers.IntegerField(help_text="done / total, rounded down; 100 when empty.")
    state = serializers.ChoiceField(choices=AppealState.choices)
    submitted = serializers.IntegerField(
        help_text="Addressees whose request is submitted; the appeal is sent when all are."
    )


class CosignerSerializer(serializers.ModelSerializer[Cosigner]):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    is_confirmed = serializers.SerializerMethodField()

    class Meta:
        model = Cosigner
        fields = (
            "id",
            "organization",
            "organization_name",
            "signatory_name",
            "signatory_title",
            "is_confirmed",
            "confirmed_at",
        )
        read_only_fields = ("id", "confirmed_at")
        # The service returns the co-signer already added; uniqueness is not the input's concern.
        validators: list[Any] = []

    def get_is_confirmed(self, cosigner: Cosigner) -> bool:
        return cosigner.confirmed_at is not None


class CollectiveAppealSerializer(serializers.ModelSerializer[CollectiveAppeal]):
    legal_rules = serializers.SlugRelatedField[LegalRule](
        slug_field="rule_id", many=True, queryset=LegalRule.objects.all()
    )
    # The letter languages, as the letter templates name them (one enum in the schema).
    language = serializers.ChoiceField(choices=list(LANGUAGES))
    initiating_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all()
    )

    class Meta:
        model = CollectiveAppeal
        fields: tuple[str, ...] = (
            "id",
            "title",
            "text",
            "legal_rules",
            "language",
            "initiating_organization",
            "state",
            "send_after",
            "created_at",
            "fanned_out_at",
        )
        read_only_fields = ("id", "state", "send_after", "created_at", "fanned_out_at")


class AddresseeCountsSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    with_email = serializers.IntegerField(help_text="Addressees the appeal reaches by email.")
    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text="Requests in each status, once sent."
    )
    submitted = serializers.IntegerField(help_text="Addressees whose request is submitted.")
    by_state = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Addressees in each channel state (email queued, awaiting submission, ...).",
    )


class CollectiveAppealDetailSerializer(CollectiveAppealSerializer):
    cosigners = CosignerSerializer(many=True, read_only=True)
    addressee_counts = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta(CollectiveAppealSerializer.Meta):
        fields = (
            *CollectiveAppealSerializer.Meta.fields,
            "cosigners",
            "addressee_counts",
            "progress",
        )

    @extend_schema_field(AddresseeCountsSerializer)
    def get_addressee_counts(self, appeal: CollectiveAppeal) -> dict[str, Any]:
        addressees = appeal.addressees.all()
        created = appeal.addressees.filter(information_request__isnull=False).exists()
        rows = self._rows(appeal) if created else []
        by_status = {str(count.status.value): count.count for count in status_counts(rows)}
        return {
            "total": addressees.count(),
            "with_email": addressees.exclude(public_body__email="").count(),
            "by_status": by_status,
            "submitted": submission_count(appeal).submitted,
            "by_state": state_counts(rows),
        }

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, appeal: CollectiveAppeal) -> dict[str, Any]:
        return progress_data(appeal)

    def _rows(self, appeal: CollectiveAppeal) -> list[AddresseeRow]:
        return addressee_rows(appeal, now=timezone.now())


def progress_data(appeal: CollectiveAppeal) -> dict[str, Any]:
    current = progress(appeal)
    return {
        "done": current.done,
        "total": current.total,
        "percent": current.percent,
        "state": appeal.state,
        "submitted": submission_count(appeal).submitted,
    }


class CosignerInputSerializer(serializers.Serializer[Any]):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    signatory_name = serializers.CharField(max_length=200)
    signatory_title = serializers.CharField(max_length=200)


SELECTION_FIELDS = ("body_ids", "kinds", "region_codes", "subordinates_of")


class AddresseeSelectionSerializer(serializers.Serializer[Any]):
    body_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Bodies chosen by hand."
    )
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=BodyKind.choices), required=False
    )
    region_codes = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, help_text="e.g. KZ-75"
    )
    subordinates_of = serializers.SlugRelatedField[PublicBody](
        slug_field="slug",
        queryset=PublicBody.objects.all(),
        required=False,
        allow_null=True,
        help_text="The slug of a body whose subordinate bodies are wanted.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(name) for name in SELECTION_FIELDS):
            raise serializers.ValidationError(
                {"detail": [_("Choose bodies by hand, or give at least one filter.")]}
            )
        return attrs


class AddedSerializer(serializers.Serializer[Any]):
    added = serializers.IntegerField(help_text="Addressees new to the appeal.")
    total = serializers.IntegerField()


class AddresseeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="addressee_id")
    body = serializers.SerializerMethodField()
    request_id = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices, allow_null=True)
    legal_deadline = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(
        allow_null=True, help_text="Negative once overdue; counted in days_left_unit."
    )
    days_left_unit = serializers.CharField(
        help_text="working_days or calendar_days: the unit of the rule; empty without days_left."
    )
    state = serializers.ChoiceField(choices=AddresseeState.choices, allow_null=True)
    registration_number = serializers.CharField()
    channel = serializers.CharField(help_text="email, e_otinish, post, in_person, or empty.")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_body(self, row: AddresseeRow) -> dict[str, Any]:
        body = row.public_body
        return {
            "slug": body.slug,
            "name": body.name,
            "kind": body.kind,
            "region": body.region.code if body.region else None,
            "email": body.email,
        }


class ScheduleSerializer(serializers.Serializer[Any]):
    skip_undo_window = serializers.BooleanField(
        default=False, help_text="Send now, without the window in which sending can be cancelled."
    )


class BulkResultSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="Requests the action was taken for.")
