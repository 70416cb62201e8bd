"""Read API for the directory of public bodies, and the contacts users propose for it."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.access.api_dataset import ContactProposalPermission, readable_proposals
from requests_tracker.bodies.contacts import MAX_NOTE_LENGTH, MAX_VALUE_LENGTH
from requests_tracker.bodies.models import (
    BodyContact,
    BodyKind,
    ContactKind,
    ContactProposal,
    ProposalState,
    PublicBody,
    Region,
)
from requests_tracker.bodies.proposals import (
    MAX_REASON_LENGTH,
    accept_proposal,
    propose_contact,
    reject_proposal,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.core.filters import StrictBooleanFilter
from requests_tracker.laws.api import ReferenceDataViewSet
from requests_tracker.laws.models import Jurisdiction


class RegionSerializer(serializers.ModelSerializer[Region]):
    jurisdiction = serializers.SlugRelatedField[Jurisdiction](slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ("code", "jurisdiction", "kind", "name_ru", "name_kk", "name_en")


class BodyReferenceSerializer(serializers.ModelSerializer[PublicBody]):
    class Meta:
        model = PublicBody
        fields = ("slug", "name_ru", "name_kk", "name_en")


class PublicBodySerializer(serializers.ModelSerializer[PublicBody]):
    jurisdiction = serializers.SlugRelatedField[Jurisdiction](slug_field="code", read_only=True)
    # A central body has no region, and a top body no superior or parent: null in the schema too.
    region = serializers.SlugRelatedField[Region](
        slug_field="code", read_only=True, allow_null=True
    )
    superior_body = BodyReferenceSerializer(read_only=True, allow_null=True)
    parent_body = serializers.SlugRelatedField[PublicBody](
        source="parent", slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = PublicBody
        fields = (
            "slug",
            "jurisdiction",
            "kind",
            "name_ru",
            "name_kk",
            "name_en",
            "region",
            "superior_body",
            "parent_body",
            "email",
            "postal_address",
            "website",
            "accepts_e_otinish",
            "accepts_complaints",
            "is_active",
        )


class PublicBodyFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label=_("Words in the name, in Russian, Kazakh or English")
    )
    kind = django_filters.MultipleChoiceFilter(choices=BodyKind.choices)
    region = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code", queryset=Region.objects.all(), method="filter_region"
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="jurisdiction", to_field_name="code", queryset=Jurisdiction.objects.all()
    )
    superior_body = django_filters.ModelChoiceFilter(
        field_name="superior_body", to_field_name="slug", queryset=PublicBody.objects.all()
    )
    is_active = StrictBooleanFilter()

    class Meta:
        model = PublicBody
        fields = ("search", "kind", "region", "jurisdiction", "superior_body", "is_active")

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.search(value)

    def filter_region(self, queryset: Any, name: str, value: list[Region]) -> Any:
        return queryset.filter(region__in=value) if value else queryset


class RegionViewSet(ReferenceDataViewSet):
    queryset = Region.objects.select_related("jurisdiction")
    serializer_class = RegionSerializer
    lookup_field = "code"


class PublicBodyViewSet(ReferenceDataViewSet):
    queryset = PublicBody.objects.select_related(
        "jurisdiction", "region", "superior_body", "parent"
    )
    serializer_class = PublicBodySerializer
    filterset_class = PublicBodyFilter
    lookup_field = "slug"
    ordering_fields = ("name_ru", "name_kk", "name_en", "kind")


# --- Contact proposals ------------------------------------------------------------------------


class ContactProposalSerializer(serializers.ModelSerializer[ContactProposal]):
    """A contact proposed for a body; nothing in the directory changes until NGO staff accept it.

    ``replaces`` is the id of the body's current contact it corrects (none for a new contact);
    a source address or a note saying how the proposer knows it is required.
    """

    body = serializers.SlugRelatedField[PublicBody](
        slug_field="slug", queryset=PublicBody.objects.all()
    )
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    value = serializers.CharField(max_length=MAX_VALUE_LENGTH)
    replaces = serializers.PrimaryKeyRelatedField[BodyContact](
        queryset=BodyContact.objects.filter(retired_at__isnull=True),
        required=False,
        allow_null=True,
    )
    source_url = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    source_note = serializers.CharField(
        max_length=MAX_NOTE_LENGTH, required=False, allow_blank=True
    )
    proposed_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ContactProposal
        fields = (
            "id",
            "body",
            "kind",
            "value",
            "replaces",
            "source_url",
            "source_note",
            "proposed_by",
            "created_at",
            "state",
            "reviewed_by",
            "reviewed_at",
            "rejection_reason",
            "contact",
        )
        read_only_fields = (
            "id",
            "proposed_by",
            "created_at",
            "state",
            "reviewed_by",
            "reviewed_at",
            "rejection_reason",
            "contact",
        )


class RejectionSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=MAX_REASON_LENGTH)


class ContactProposalFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=ProposalState.choices, label=_("State"))
    body = django_filters.ModelChoiceFilter(
        field_name="body", to_field_name="slug", queryset=PublicBody.objects.all()
    )

    class Meta:
        model = ContactProposal
        fields = ("state", "body")


class ContactProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[ContactProposal],
):
    """Contacts proposed for the directory's bodies.

    Anyone signed in proposes one (checked as the body page checks it) and reads their own; NGO
    staff read them all and ``accept`` (the contact is shown on the body's page, the one it
    corrects retired) or ``reject`` with the reason the proposer reads. Filters: state, body.
    """

    permission_classes = (ContactProposalPermission,)
    serializer_class = ContactProposalSerializer
    filterset_class = ContactProposalFilter
    ordering_fields = ("created_at", "id")
    ordering = ("created_at", "id")
    review_actions = ("accept", "reject")

    def get_queryset(self) -> QuerySet[ContactProposal]:
        return readable_proposals(self.request.user).select_related(
            "body", "proposed_by", "reviewed_by"
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = propose_contact(
                body=data["body"],
                kind=data["kind"],
                value=data["value"],
                source_url=data.get("source_url", ""),
                source_note=data.get("source_note", ""),
                replaces=data.get("replaces"),
                proposed_by=self.request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error

    def _pending(self) -> ContactProposal:
        proposal = self.get_object()
        if proposal.state != ProposalState.PENDING:
            raise serializers.ValidationError(
                {"detail": [gettext("This proposal was already reviewed.")]}
            )
        return proposal

    @extend_schema(request=None, responses={200: ContactProposalSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        proposal = self._pending()
        try:
            accept_proposal(proposal=proposal, reviewer=request.user, now=timezone.now())
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=RejectionSerializer, responses={200: ContactProposalSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        proposal = self._pending()
        payload = RejectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            rejected = reject_proposal(
                proposal=proposal,
                reviewer=request.user,
                reason=payload.validated_data["reason"],
                now=timezone.now(),
            )
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        return Response(self.get_serializer(rejected).data)
