"""The open-data pages: what the data is, its schema, and the downloads (CSV, JSON, XLSX)."""

from datetime import date

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render

from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.monitoring.categories import category_names
from requests_tracker.monitoring.open_data import (
    COLUMNS,
    CSV_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    SCHEMA_VERSION,
    XLSX_CONTENT_TYPE,
    OpenDataFilter,
    published_violations,
    stream_csv,
    stream_json,
    xlsx_file,
)


def open_data_page(request: HttpRequest) -> HttpResponse:
    """What the data is, its columns, and the downloads (with the same filters as the API)."""
    filters = OpenDataFilter(request.GET or None, queryset=published_violations())
    return render(
        request,
        "monitoring/open_data.html",
        {
            "filters": filters,
            "columns": COLUMNS,
            "schema_version": SCHEMA_VERSION,
            "count": published_violations().count(),
            "categories": category_names().items(),
        },
    )


def schema_json(request: HttpRequest) -> JsonResponse:
    """The schema as a Frictionless Table Schema, for programs that read the downloads."""
    return JsonResponse(
        {
            "version": SCHEMA_VERSION,
            "fields": [
                {"name": column.name, "type": column.type, "description": str(column.description)}
                for column in COLUMNS
            ],
            "primaryKey": "id",
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _download_name(filters: OpenDataFilter, extension: str) -> str:
    parts = ["violations"]
    for name in ("month", "category", "region", "body"):
        value = filters.form.cleaned_data.get(name)
        if isinstance(value, date):
            parts.append(f"{value:%Y-%m}")
        elif isinstance(value, Region):
            parts.append(value.code)
        elif isinstance(value, PublicBody):
            parts.append(value.slug)
        elif value:
            parts.append(str(value))
    return f"{'-'.join(parts)}.{extension}"


def download(request: HttpRequest, extension: str) -> HttpResponse | StreamingHttpResponse:
    """Published violations as CSV, JSON or XLSX; a filter that means nothing is a 400."""
    filters = OpenDataFilter(request.GET, queryset=published_violations())
    if not filters.is_valid():
        return HttpResponseBadRequest(_errors(filters.errors), content_type="text/plain")
    queryset = filters.qs
    name = _download_name(filters, extension)
    response: HttpResponse | StreamingHttpResponse
    if extension == "csv":
        response = StreamingHttpResponse(stream_csv(queryset), content_type=CSV_CONTENT_TYPE)
    elif extension == "json":
        response = StreamingHttpResponse(stream_json(queryset), content_type=JSON_CONTENT_TYPE)
    elif extension == "xlsx":
        return FileResponse(
            xlsx_file(queryset), as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _errors(errors: dict[str, list[str]]) -> str:
    return "\n".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
