"""API for collective appeals: write, co-sign, choose addressees, send, and follow the replies.

Each endpoint checks who asks: an outsider gets a 404, never the data; a co-signer's member sees
the appeal, and asking to change it gets a 404 as well. A refusal of a service comes back as a
400 with its reason.
"""

import csv
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.access.appeals import appeal_for, readable_appeals
from requests_tracker.access.requests import Action
from requests_tracker.accounts.models import User
from requests_tracker.collective.models import CollectiveAppeal, Cosigner
from requests_tracker.collective.selectors import (
    addressee_rows,
)
from requests_tracker.collective.serializers import (
    AddedSerializer,
    AddresseeSelectionSerializer,
    AddresseeSerializer,
    BulkResultSerializer,
    CollectiveAppealDetailSerializer,
    CollectiveAppealSerializer,
    CosignerInputSerializer,
    CosignerSerializer,
    ProgressSerializer,
    ScheduleSerializer,
    progress_data,
)
from requests_tracker.collective.services import (
    add_addressees,
    add_cosigner,
    bodies_matching,
    cancel_appeal,
    complain_for_all,
    confirm_cosigner,
    create_appeal,
    remind_all_silent,
    schedule_appeal,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.core.spreadsheets import safe_row

Result = TypeVar("Result")


def _domain(service: Callable[..., Result], **arguments: Any) -> Result:
    """Call a service; its refusal becomes a 400 with the service's own message."""
    try:
        return service(**arguments)
    except DomainError as error:
        raise serializers.ValidationError({"detail": [str(error)]}) from error


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # IsAuthenticated
    return request.user


class CollectiveAppealViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[CollectiveAppeal],
):
    """Collective appeals of the user's organisations and of those they co-sign."""

    serializer_class = CollectiveAppealSerializer
    queryset = CollectiveAppeal.objects.none()  # for the schema; each request gets its own
    filterset_fields = ("state",)

    def get_queryset(self) -> Any:
        return readable_appeals(self.request.user).select_related("initiating_organization")

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return CollectiveAppealDetailSerializer
        return CollectiveAppealSerializer

    def get_object(self) -> CollectiveAppeal:
        return appeal_for(self.request.user, int(self.kwargs["pk"]))

    def _appeal_to_change(self) -> CollectiveAppeal:
        return appeal_for(self.request.user, int(self.kwargs["pk"]), action=Action.CHANGE)

    def perform_create(self, serializer: serializers.BaseSerializer[CollectiveAppeal]) -> None:
        data = serializer.validated_data
        serializer.instance = _domain(
            create_appeal,
            title=data["title"],
            text=data["text"],
            legal_rules=data["legal_rules"],
            language=data["language"],
            organization=data["initiating_organization"],
            user=_user(self.request),
            now=timezone.now(),
        )

    @extend_schema(request=CosignerInputSerializer, responses={201: CosignerSerializer})
    @action(detail=True, methods=["post"])
    def cosigners(self, request: Request, pk: str) -> Response:
        """Add a co-signing organisation; its name appears once one of its members confirms."""
        appeal = self._appeal_to_change()
        payload = CosignerInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        cosigner = _domain(
            add_cosigner, appeal=appeal, user=_user(request), **payload.validated_data
        )
        return Response(CosignerSerializer(cosigner).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: CosignerSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"cosigners/(?P<cosigner_id>\d+)/confirm",
        url_name="confirm-cosigner",
    )
    def confirm_cosigner(self, request: Request, pk: str, cosigner_id: str) -> Response:
        """A member of the co-signing organisation confirms that it signs."""
        appeal = self.get_object()
        cosigner = get_object_or_404(
            Cosigner.objects.select_related("appeal", "organization"),
            pk=cosigner_id,
            appeal=appeal,
        )
        cosigner = _domain(
            confirm_cosigner, cosigner=cosigner, user=_user(request), now=timezone.now()
        )
        return Response(CosignerSerializer(cosigner).data)

    @extend_schema(methods=["get"], request=None, responses={200: AddresseeSerializer(many=True)})
    @extend_schema(
        methods=["post"], request=AddresseeSelectionSerializer, responses={200: AddedSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def addressees(self, request: Request, pk: str) -> Response:
        """GET: each addressee with its request, status and legal deadline. POST: add bodies by
        hand and by filters (kind, region, subordinates of a body); the filters narrow one
        another, the bodies chosen by hand are added as well."""
        if request.method == "GET":
            rows = addressee_rows(self.get_object(), now=timezone.now())
            page = self.paginate_queryset(rows)  # type: ignore[arg-type]
            if page is not None:
                return self.get_paginated_response(AddresseeSerializer(page, many=True).data)
            return Response(AddresseeSerializer(rows, many=True).data)
        appeal = self._appeal_to_change()
        payload = AddresseeSelectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        bodies = bodies_matching(
            body_ids=data.get("body_ids", []),
            kinds=data.get("kinds", []),
            region_codes=data.get("region_codes", []),
            subordinates_of=data.get("subordinates_of"),
        )
        added = _domain(add_addressees, appeal=appeal, bodies=bodies, user=_user(request))
        return Response(AddedSerializer({"added": added, "total": appeal.addressees.count()}).data)

    @extend_schema(request=ScheduleSerializer, responses={200: CollectiveAppealSerializer})
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        """Send after the undo window (or now); until it closes, ``cancel`` stops it."""
        appeal = self._appeal_to_change()
        payload = ScheduleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        appeal = _domain(
            schedule_appeal,
            appeal=appeal,
            user=_user(request),
            now=timezone.now(),
            skip_undo_window=payload.validated_data["skip_undo_window"],
        )
        return Response(CollectiveAppealSerializer(appeal).data)

    @extend_schema(request=None, responses={200: CollectiveAppealSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Back to draft while the undo window is open; refused once sending has begun."""
        appeal = _domain(
            cancel_appeal, appeal=self._appeal_to_change(), user=_user(request), now=timezone.now()
        )
        return Response(CollectiveAppealSerializer(appeal).data)

    @extend_schema(request=None, responses={200: ProgressSerializer})
    @action(detail=True, methods=["get"], pagination_class=None)
    def progress(self, request: Request, pk: str) -> Response:
        """How many addressees have become tracked requests."""
        return Response(ProgressSerializer(progress_data(self.get_object())).data)

    @extend_schema(request=None, responses={200: BulkResultSerializer})
    @action(detail=True, methods=["post"], url_path="remind-silent", url_name="remind-silent")
    def remind_silent(self, request: Request, pk: str) -> Response:
        """A reminder by email to every overdue addressee that has an email address."""
        count = _domain(
            remind_all_silent,
            appeal=self._appeal_to_change(),
            user=_user(request),
            now=timezone.now(),
        )
        return Response(BulkResultSerializer({"count": count}).data)

    @extend_schema(request=None, responses={200: BulkResultSerializer})
    @action(detail=True, methods=["post"])
    def complain(self, request: Request, pk: str) -> Response:
        """A complaint to the superior body for every silent or refused addressee, once each."""
        count = _domain(
            complain_for_all,
            appeal=self._appeal_to_change(),
            user=_user(request),
            now=timezone.now(),
        )
        return Response(BulkResultSerializer({"count": count}).data)

    @extend_schema(
        request=None,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")},
    )
    @action(detail=True, methods=["get"], url_path="export.csv", url_name="export")
    def export(self, request: Request, pk: str) -> HttpResponse:
        """One line per addressee: body, region, request, status, legal deadline, days left."""
        appeal = self.get_object()
        return csv_export(appeal)


CSV_HEADER = (
    "body",
    "region",
    "email",
    "request_id",
    "status",
    "legal_deadline",
    "days_left",
    "days_left_unit",
)


def csv_export(appeal: CollectiveAppeal) -> HttpResponse:
    """The appeal's dashboard as CSV (UTF-8 with a BOM, so spreadsheets read the Cyrillic)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="collective-appeal-{appeal.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in addressee_rows(appeal, now=timezone.now()):
        body = row.public_body
        writer.writerow(
            safe_row(
                (
                    body.name,
                    body.region.code if body.region else "",
                    body.email,
                    row.request_id or "",
                    row.status.value if row.status else "",
                    row.legal_deadline.isoformat() if row.legal_deadline else "",
                    "" if row.days_left is None else row.days_left,
                    row.days_left_unit,
                )
            )
        )
    return response
