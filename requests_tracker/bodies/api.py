"""Read API for the directory of public bodies."""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from requests_tracker.bodies.models import BodyKind, PublicBody, Region
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
