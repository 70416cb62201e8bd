"""The categories of the dataset: the list with the figure each feeds, and a category added by
staff, offered at once in the hand-entry form, the import and the report's figure it names."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from requests_tracker.access.monitoring import may_manage_categories
from requests_tracker.core.idempotency import idempotent
from requests_tracker.monitoring.forms import CategoryForm
from requests_tracker.monitoring.models import ViolationCategory


@login_required
@idempotent
def category_list(request: HttpRequest) -> HttpResponse:
    """Every category, by block, and the form that adds one; NGO staff only (a 404 for others)."""
    if not may_manage_categories(request.user):
        raise Http404
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = form.save()
        messages.success(request, _("Category “%(code)s” added.") % {"code": category.code})
        return redirect("violation-categories")
    return render(
        request,
        "monitoring/categories.html",
        {"form": form, "categories": ViolationCategory.objects.all()},
    )
