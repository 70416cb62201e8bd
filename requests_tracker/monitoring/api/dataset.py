"""The dataset keepers' API of violations: write drafts, verify and publish them.

The same rules as the staff pages: NGO staff of the organisation keeping the dataset (and
superusers) only, through the access policy (``reviewable_violations``); a new or edited row is
checked as the hand-entry form checks it (no date in the future, a category of the table that
fits its block, no negative amount, no report before the event, a region that is the body's)
and saved by the review services, which keep the review's order and the privacy guard on
publishing. The open data (``/api/v1/violations/``) is a separate, read-only API.
"""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.access.api import MonitoringPermission
from requests_tracker.access.monitoring import reviewable_violations, violation_for
from requests_tracker.access.requests import public_requests, readable_requests
from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.monitoring.forms import AMOUNTS, ENTRY_FIELDS
from requests_tracker.monitoring.models import Block, ReviewState, Violation, ViolationCategory
from requests_tracker.monitoring.open_data import MonthFilter
from requests_tracker.monitoring.recording import (
    block_mismatch,
    date_problems,
    latest_possible_day,
    unknown_category,
)
from requests_tracker.monitoring.services import (
    publish_violation,
    return_to_draft,
    save_violation_draft,
    verify_violation,
)

# What the hand-entry form lets staff write (monitoring/forms.py ViolationForm), and the request.
WRITABLE = (*ENTRY_FIELDS, "information_request")


class ReadableRequestField(serializers.PrimaryKeyRelatedField[InformationRequest]):
    """A request by its id, among those the caller may read in full or as published (any other
    is "does not exist"): a refusal a journalist published is the dataset's to record."""

    def get_queryset(self) -> QuerySet[InformationRequest]:
        return readable_requests(self.context["request"].user) | public_requests()


class DatasetViolationSerializer(serializers.ModelSerializer[Violation]):
    """A violation of the dataset as its keepers see it: the internal fields too.

    ``block`` may be left out when the category belongs to one block. With ``information_request``
    (a request the caller may read) the body and its region are taken from the request when not
    given, as the sweep records a violation drawn from a request.
    """

    block = serializers.ChoiceField(choices=Block.choices, required=False)
    category = serializers.CharField(max_length=32)
    information_request = ReadableRequestField(required=False, allow_null=True)
    public_body = serializers.SlugRelatedField[PublicBody](
        slug_field="slug", queryset=PublicBody.objects.all(), required=False, allow_null=True
    )
    region = serializers.SlugRelatedField[Region](
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    reviewed_by = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Violation
        fields = (
            "id",
            *WRITABLE,
            "deadline",
            "review_state",
            "reviewed_by",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "deadline", "review_state", "created_at", "updated_at")
        # The constraints' validators would require the request; ``validate`` checks the one
        # violation per request and category itself, naming the request.
        validators: list[Any] = []

    def _value(self, attrs: dict[str, Any], name: str) -> Any:
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name) if self.instance is not None else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problems: dict[str, str] = {}
        category = self._value(attrs, "category")
        blocks = dict(ViolationCategory.objects.values_list("code", "block"))
        if category is not None and category not in blocks:
            problems["category"] = unknown_category(category)
        block = self._value(attrs, "block")
        if not block and category in blocks and blocks[category]:
            attrs["block"] = block = blocks[category]
        if not block:
            if category in blocks:  # a category that fits any block: the block must be said
                problems["block"] = _("Name the block: this category fits any block.")
        elif category in blocks and (
            mismatch := block_mismatch(block=block, category=category, blocks=blocks)
        ):
            problems["category"] = mismatch
        occurred_on: date | None = self._value(attrs, "occurred_on")
        reported_on: date | None = self._value(attrs, "reported_on")
        problems |= date_problems(
            occurred_on=occurred_on, reported_on=reported_on, today=latest_possible_day()
        )
        if (
            reported_on
            and occurred_on
            and reported_on < occurred_on
            and "reported_on" not in problems
        ):
            problems["reported_on"] = _("It cannot be reported before it happened.")
        for name in AMOUNTS:
            if (amount := attrs.get(name)) is not None and amount < 0:
                problems[name] = _("An amount cannot be negative.")
        information_request = self._value(attrs, "information_request")
        if information_request is not None and "public_body" not in attrs and self.instance is None:
            attrs["public_body"] = information_request.public_body
        body, region = self._value(attrs, "public_body"), self._value(attrs, "region")
        if body and region and body.region_id and body.region_id != region.pk:
            problems["region"] = _("The body is in another region.")
        same = Violation.objects.filter(
            information_request=information_request, deadline__isnull=True, category=category
        )
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if information_request is not None and category and same.exists():
            problems["information_request"] = _(
                "A violation of this category is already recorded for this request."
            )
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number ("1.5" is refused, not read as no match)."""

    field_class = forms.IntegerField


class DatasetViolationFilter(django_filters.FilterSet):
    review_state = django_filters.ChoiceFilter(
        choices=ReviewState.choices, label=gettext_lazy("Review")
    )
    block = django_filters.ChoiceFilter(choices=Block.choices, label=gettext_lazy("Block"))
    category = django_filters.CharFilter(label=gettext_lazy("Category"))
    month = MonthFilter(
        field_name="occurred_on", label=gettext_lazy("Month of the event (YYYY-MM)")
    )
    information_request = IdFilter(label=gettext_lazy("Request"))

    class Meta:
        model = Violation
        fields = ("review_state", "block", "category", "month", "information_request")


def _domain_refusal(error: DomainError) -> serializers.ValidationError:
    return serializers.ValidationError({"detail": [str(error)]})


class DatasetViolationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Violation],
):
    """Every violation of the dataset, drafts included, for its keepers (NGO staff).

    Create and update save a draft (only a draft can be edited); ``verify``, ``publish`` and
    ``draft`` move it through the review, refused with a 400 that says why (a publication that
    names a victim without consent, or the requester, is refused naming the words). Filters:
    review_state, block, category, month (YYYY-MM), information_request. Newest first.
    """

    permission_classes = (MonitoringPermission,)
    serializer_class = DatasetViolationSerializer
    filterset_class = DatasetViolationFilter
    ordering_fields = ("occurred_on", "id", "updated_at")
    ordering = ("-occurred_on", "-id")

    def get_queryset(self) -> QuerySet[Violation]:
        return reviewable_violations(self.request.user).select_related(
            "public_body", "region", "reviewed_by"
        )

    def get_object(self) -> Violation:
        return violation_for(self.request.user, int(self.kwargs["pk"]), review=True)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, Violation())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)

    def _save(self, serializer: Any, violation: Violation) -> None:
        for name, value in serializer.validated_data.items():
            setattr(violation, name, value)
        try:
            with transaction.atomic():
                serializer.instance = save_violation_draft(
                    violation=violation, user=self.request.user
                )
        except DomainError as error:
            raise _domain_refusal(error) from error
        except IntegrityError as error:  # the same request and category, recorded meanwhile
            raise serializers.ValidationError(
                {
                    "information_request": [
                        _("A violation of this category is already recorded for this request.")
                    ]
                }
            ) from error

    def _review(self, step: Any) -> Response:
        violation = self.get_object()
        try:
            changed = step(violation=violation, user=self.request.user)
        except DomainError as error:
            raise _domain_refusal(error) from error
        return Response(self.get_serializer(changed).data)

    @extend_schema(request=None, responses={200: DatasetViolationSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """A draft becomes verified."""
        return self._review(verify_violation)

    @extend_schema(request=None, responses={200: DatasetViolationSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """A verified violation is published to the open data, unless its public text names a
        victim without consent or the requester."""
        return self._review(publish_violation)

    @extend_schema(request=None, responses={200: DatasetViolationSerializer})
    @action(detail=True, methods=["post"])
    def draft(self, request: Request, pk: str) -> Response:
        """A verified or published violation goes back to draft (out of the open data)."""
        return self._review(return_to_draft)
