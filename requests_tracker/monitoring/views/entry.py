"""Staff pages of the dataset: the list with its review buttons, entry by hand, and import.

Only NGO staff see them: anyone else signed in gets a 404 (the pages' existence is no secret,
but nothing here is theirs), an anonymous visitor the sign-in page.
"""

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import PurePath

from django.contrib import messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from requests_tracker.access.decorators import staff_only
from requests_tracker.access.monitoring import reviewable_violations, violation_for
from requests_tracker.core.errors import DomainError
from requests_tracker.core.idempotency import idempotent
from requests_tracker.core.pagination import page_of
from requests_tracker.monitoring.categories import with_category_names
from requests_tracker.monitoring.forms import ImportForm, ViolationFilterForm, ViolationForm
from requests_tracker.monitoring.importing import ImportReport, import_file, validate_file
from requests_tracker.monitoring.models import ReviewState, Violation
from requests_tracker.monitoring.services import (
    publish_violation,
    return_to_draft,
    review_each,
    save_violation_draft,
    verify_violation,
)

# Uploads wait here between the check and the confirmation; private, like evidence files.
IMPORT_DIR = "monitoring-imports"
IMPORTS_KEPT_FOR = timedelta(days=1)
SESSION_KEY = "monitoring_imports"
REVIEW_ACTIONS = {
    "verify": verify_violation,
    "publish": publish_violation,
    "draft": return_to_draft,
}
BULK_ACTIONS = {"verify": verify_violation, "publish": publish_violation}
# One page of the list at most, and a little more for a list that grew since it was shown.
BULK_LIMIT = 500
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_ID = re.compile(r"^[0-9]{1,18}$")


@staff_only
def violation_list(request: HttpRequest) -> HttpResponse:
    """The dataset, newest first, filtered by review state, block, category and month."""
    filters = ViolationFilterForm(request.GET or None)
    queryset = with_category_names(
        Violation.objects.select_related("public_body", "region", "reviewed_by")
    )
    if request.GET:
        queryset = filters.violations(queryset)
    page = page_of(queryset, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/violation_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            # The report of the month just ended is the one staff are writing.
            "report_month": (timezone.localdate().replace(day=1) - timedelta(days=1)),
        },
    )


@staff_only
@idempotent
def violation_new(request: HttpRequest) -> HttpResponse:
    return _violation_form(request, Violation())


@staff_only
@idempotent
def violation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    violation = violation_for(request.user, pk, review=True)
    if violation.review_state != ReviewState.DRAFT:
        messages.error(request, _("Only a draft can be edited: return it to draft first."))
        return redirect("violation-list")
    return _violation_form(request, violation)


def _violation_form(request: HttpRequest, violation: Violation) -> HttpResponse:
    form = ViolationForm(request.POST or None, instance=violation)
    if request.method == "POST" and form.is_valid():
        try:
            save_violation_draft(violation=form.save(commit=False), user=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Violation saved as a draft."))
            return redirect("violation-list")
    return render(request, "monitoring/violation_form.html", {"form": form, "violation": violation})


@staff_only
@require_POST
@idempotent
def violation_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Verify, publish or return to draft; a refused step changes nothing and says why."""
    if action not in REVIEW_ACTIONS:
        raise Http404
    violation = violation_for(request.user, pk, review=True)
    try:
        changed = REVIEW_ACTIONS[action](violation=violation, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(violation)s: %(state)s.")
            % {"violation": changed, "state": changed.get_review_state_display()},
        )
    return _back(request)


@staff_only
@require_POST
@idempotent
def violation_bulk_review(request: HttpRequest) -> HttpResponse:
    """Verify or publish the violations ticked on the list, each through the review service; the
    refused ones stay as they were and are named with the reason."""
    action = request.POST.get("action", "")
    ids = request.POST.getlist("ids")
    if action not in BULK_ACTIONS or not all(_ID.match(pk) for pk in ids):
        return HttpResponseBadRequest(_("Unknown action or violation."))
    if not ids:
        messages.error(request, _("Tick at least one violation."))
    elif len(ids) > BULK_LIMIT:
        messages.error(
            request, _("Tick at most %(count)d violations at once.") % {"count": BULK_LIMIT}
        )
    else:
        chosen = reviewable_violations(request.user).filter(pk__in=ids).order_by("id")
        result = review_each(violations=chosen, user=request.user, step=BULK_ACTIONS[action])
        if result.changed:
            messages.success(
                request,
                ngettext(
                    "%(count)d violation changed: %(state)s.",
                    "%(count)d violations changed: %(state)s.",
                    len(result.changed),
                )
                % {
                    "count": len(result.changed),
                    "state": result.changed[0].get_review_state_display(),
                },
            )
        for violation, reason in result.refused:
            messages.error(
                request,
                _("%(violation)s (#%(id)d): %(reason)s")
                % {"violation": violation, "id": violation.pk, "reason": reason},
            )
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", "")
    # Back to the same filtered list; only a path of this site.
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("violation-list")


# --- Import -----------------------------------------------------------------------------------


@staff_only
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file and see what is wrong with it; nothing is saved before the confirmation."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget_stale_uploads()
        upload = form.cleaned_data["file"]
        token = uuid.uuid4().hex
        name = default_storage.save(
            f"{IMPORT_DIR}/{token}{PurePath(upload.name).suffix.lower()}", upload
        )
        with default_storage.open(name, "rb") as stored:
            report = validate_file(
                path_or_file=stored, progress=_progress_to_cache(request.POST.get("progress_key"))
            )
        if report.is_clean and report.rows:
            request.session.setdefault(SESSION_KEY, {})[token] = {
                "name": name,
                "filename": upload.name,
            }
            request.session.modified = True
        else:  # nothing to confirm
            default_storage.delete(name)
        return _report_page(request, report, token=token, filename=upload.name)
    return render(request, "monitoring/import.html", {"form": form})


@staff_only
@require_POST
@idempotent
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Save the checked file as drafts, the likely duplicates too when staff say so."""
    pending = request.session.get(SESSION_KEY, {}).get(token) if _TOKEN.match(token) else None
    if pending is None or not default_storage.exists(pending["name"]):
        messages.error(request, _("That upload has expired: upload the file again."))
        return redirect("violation-import")
    try:
        with default_storage.open(pending["name"], "rb") as stored:
            report = import_file(
                path_or_file=stored,
                user=request.user,
                confirm=request.POST.get("confirm_duplicates") == "on",
            )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("violation-import")
    if not report.finished:  # the file or the dataset changed, or the duplicates not confirmed
        return _report_page(request, report, token=token, filename=pending["filename"])
    default_storage.delete(pending["name"])
    del request.session[SESSION_KEY][token]
    request.session.modified = True
    messages.success(
        request,
        _(
            "Imported: %(created)d new violations as drafts, %(updated)d drafts updated by their "
            "row id, %(unchanged)d rows unchanged."
        )
        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
    )
    return redirect(f"{reverse('violation-list')}?state=draft")


@staff_only
def import_progress(request: HttpRequest, key: str) -> JsonResponse:
    """How far the check of an upload has got, for the upload page to show while it waits."""
    done, total = cache.get(_progress_cache_key(key), (0, 0))
    return JsonResponse({"done": done, "total": total})


def _report_page(
    request: HttpRequest, report: ImportReport, *, token: str, filename: str
) -> HttpResponse:
    return render(
        request,
        "monitoring/import_report.html",
        {"report": report, "token": token, "filename": filename},
    )


def _progress_cache_key(key: str) -> str:
    return f"monitoring-import-progress:{key}"


def _progress_to_cache(key: str | None) -> Callable[[int, int], None] | None:
    if not key or not _TOKEN.match(key):
        return None

    def progress(done: int, total: int) -> None:
        cache.set(_progress_cache_key(key), (done, total), timeout=600)

    return progress


def _forget_stale_uploads() -> None:
    """Delete uploads never confirmed; they hold names of victims and are not to pile up."""
    try:
        _directories, files = default_storage.listdir(IMPORT_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - IMPORTS_KEPT_FOR
    for file_name in files:
        name = f"{IMPORT_DIR}/{file_name}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
