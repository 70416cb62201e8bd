"""The monthly reports in the API, for whoever may read them on the report page (NGO staff):
the months that have published versions, a month's report as JSON, and its downloads.

``?language=`` (ru, kk, en; the request's language by default), ``?preview=1`` (count verified
violations not yet published, as the page's preview does) and ``?version=N`` (a published
version, rendered from its snapshot) work as on the page.
"""

from typing import Any

from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.access.api_dataset import ReportPermission
from requests_tracker.core.i18n import language_codes
from requests_tracker.monitoring.models import ReportVersion
from requests_tracker.monitoring.report import as_data, file_name, monthly_report, render
from requests_tracker.monitoring.report.versions import (
    render_version,
    stored_snapshot,
    version_file_name,
    versions_of,
)

DOWNLOADS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportMonthSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    versions = serializers.IntegerField(min_value=1)
    last_published_at = serializers.DateTimeField()


class NarrativeSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    text = serializers.CharField()
    violations = serializers.ListField(child=serializers.IntegerField())


class ReportSerializer(serializers.Serializer[Any]):
    """The report's JSON form (``monthly_report --format json``); the tables by region of each
    count figure are under ``<figure>_by_region``."""

    year = serializers.IntegerField()
    month = serializers.IntegerField()
    language = serializers.CharField()
    published_only = serializers.BooleanField()
    dated = serializers.DateField()
    header = serializers.ListField(child=serializers.CharField())
    signature = serializers.ListField(child=serializers.CharField())
    attacks = serializers.IntegerField()
    threats = serializers.IntegerField()
    detentions = serializers.IntegerField()
    obstruction = serializers.IntegerField()
    summons = serializers.IntegerField()
    criminal_charges = serializers.IntegerField()
    administrative_charges = serializers.IntegerField()
    judicial_acts = serializers.IntegerField()
    judicial_acts_on_appeal = serializers.IntegerField()
    judicial_acts_for_media = serializers.IntegerField()
    claims_filed = serializers.IntegerField()
    moral_damages_claimed_kzt = serializers.DecimalField(max_digits=18, decimal_places=2)
    sums_collected_kzt = serializers.DecimalField(max_digits=18, decimal_places=2)
    refusals_and_missed_deadlines = serializers.IntegerField()
    refusals_by_body_kind = serializers.DictField(child=serializers.IntegerField())
    refusals_by_region = serializers.DictField(child=serializers.IntegerField())
    criminal_charges_by_article = serializers.DictField(child=serializers.IntegerField())
    administrative_charges_by_article = serializers.DictField(child=serializers.IntegerField())
    categories = serializers.DictField(child=serializers.IntegerField())
    narrative = NarrativeSerializer(many=True)


REPORT_PARAMETERS = [
    OpenApiParameter("language", str, enum=["ru", "kk", "en"], description="The report's language"),
    OpenApiParameter("preview", str, enum=["1"], description="Count verified violations too"),
    OpenApiParameter("version", int, description="A published version, from its snapshot"),
]


class ReportChoicesSerializer(serializers.Serializer[Any]):
    language = serializers.ChoiceField(choices=(), required=False)
    preview = serializers.ChoiceField(choices=["1"], required=False)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, serializers.ChoiceField)
        field.choices = language_codes()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "preview" in attrs and "version" in attrs:
            raise serializers.ValidationError(
                {"preview": [_("A published version has no preview.")]}
            )
        return attrs


class ReportListView(APIView):
    """The months whose report has been published, newest first, with their number of versions."""

    permission_classes = (ReportPermission,)

    @extend_schema(operation_id="reports_list", responses={200: ReportMonthSerializer(many=True)})
    def get(self, request: Request) -> Response:
        months = (
            ReportVersion.objects.values("month")
            .annotate(versions=Count("id"), last_published_at=Max("published_at"))
            .order_by("-month")
        )
        return Response(
            ReportMonthSerializer(
                [
                    {
                        "month": f"{row['month']:%Y-%m}",
                        "versions": row["versions"],
                        "last_published_at": row["last_published_at"],
                    }
                    for row in months
                ],
                many=True,
            ).data
        )


class _MonthView(APIView):
    permission_classes = (ReportPermission,)

    def _choices(self, request: Request, year: int, month: int) -> dict[str, Any]:
        if not 1 <= month <= 12:  # the address allows 01 to 12 only
            raise Http404
        choices = ReportChoicesSerializer(data=request.query_params)
        choices.is_valid(raise_exception=True)
        values = dict(choices.validated_data)
        values.setdefault("language", (get_language() or "ru")[:2])
        if values["language"] not in language_codes():
            values["language"] = "ru"
        if "version" in values:
            published = [
                row for row in versions_of(year, month) if row.version == values["version"]
            ]
            if not published:
                raise Http404
            values["published"] = published[0]
        return values


class ReportView(_MonthView):
    """A month's report as JSON: its figures, tables and case items."""

    @extend_schema(
        operation_id="reports_month",
        parameters=REPORT_PARAMETERS,
        responses={200: ReportSerializer},
    )
    def get(self, request: Request, year: str, month: str) -> Response:
        choices = self._choices(request, int(year), int(month))
        if "published" in choices:
            frozen = stored_snapshot(choices["published"])["languages"][choices["language"]]
            return Response(frozen["figures"])
        report = monthly_report(
            year=int(year),
            month=int(month),
            language=choices["language"],
            published_only="preview" not in choices,
        )
        return Response(as_data(report))


class ReportDownloadView(_MonthView):
    """A month's report as a file: Markdown, HTML, PDF or DOCX."""

    @extend_schema(
        operation_id="reports_month_download",
        parameters=REPORT_PARAMETERS,
        responses={
            (200, content_type.split(";")[0]): OpenApiResponse(
                OpenApiTypes.BINARY, description=f"The report as {extension}"
            )
            for extension, content_type in DOWNLOADS.items()
        },
    )
    def get(self, request: Request, year: str, month: str, output_format: str) -> HttpResponse:
        if output_format not in DOWNLOADS:
            raise Http404
        choices = self._choices(request, int(year), int(month))
        language = choices["language"]
        if "published" in choices:
            rendered = render_version(
                choices["published"], language=language, output_format=output_format
            )
            name = version_file_name(
                choices["published"], language=language, output_format=output_format
            )
        else:
            report = monthly_report(
                year=int(year),
                month=int(month),
                language=language,
                published_only="preview" not in choices,
            )
            rendered = render(report, output_format)
            name = file_name(report, output_format)
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        disposition = "inline" if output_format == "html" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
        return response
