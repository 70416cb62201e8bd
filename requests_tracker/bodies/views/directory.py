"""The staff page that exports the directory and imports it back, all or nothing."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_tracker.access.decorators import staff_only
from requests_tracker.bodies.directory_io import (
    DirectoryReport,
    export_csv,
    export_xlsx,
    import_directory,
)
from requests_tracker.core.idempotency import idempotent

MAX_FILE_SIZE = 10 * 1024 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DirectoryFileForm(forms.Form):
    file = forms.FileField(label=_("Directory file (CSV or XLSX)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


@staff_only
@idempotent
def directory_page(request: HttpRequest) -> HttpResponse:
    form = DirectoryFileForm(request.POST or None, request.FILES or None)
    report: DirectoryReport | None = None
    if request.method == "POST" and form.is_valid():
        report = import_directory(
            content=form.cleaned_data["file"].read(), user=request.user, now=timezone.now()
        )
    return render(
        request,
        "bodies/directory.html",
        {"form": form, "report": report},
        status=400 if report is not None and not report.is_clean else 200,
    )


@staff_only
def directory_export(request: HttpRequest, extension: str) -> HttpResponse:
    if extension not in CONTENT_TYPES:
        raise Http404
    content = export_xlsx() if extension == "xlsx" else export_csv()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="directory-{stamp}.{extension}"'
    return response
