"""The real URL configuration plus one route taking an id that the route table has no row for."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def secret(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(str(pk))


urlpatterns = [
    path("route-table/<int:pk>/secret/", secret),
    path("", include("requests_tracker.urls")),
]
