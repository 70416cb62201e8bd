"""The admin's side of the policy: a model admin lists, opens and changes only the rows the
access policy gives its user (``readable`` and ``changeable``), so NGO staff see in the admin what
they may read on the pages, and a private request's content is shown only to its requester and
to superusers."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)

Policy = Callable[[Any], QuerySet[Any]]


class PolicyAdmin(admin.ModelAdmin[M]):
    """A model admin whose rows are those of an access policy's querysets."""

    @staticmethod
    def readable(user: Any) -> QuerySet[Any]:
        raise NotImplementedError  # each admin names its policy

    @staticmethod
    def changeable(user: Any) -> QuerySet[Any]:
        raise NotImplementedError  # each admin names its policy

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return super().get_queryset(request).filter(pk__in=self.readable(request.user).values("pk"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and (
            obj is None or self.readable(request.user).filter(pk=obj.pk).exists()
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or self.changeable(request.user).filter(pk=obj.pk).exists()
        )


class GatedAdmin(admin.ModelAdmin[M]):
    """A model admin open only to the users an access predicate (``allowed``) admits, on top of
    their model permissions: an outlet's staff account with permissions sees none of it."""

    @staticmethod
    def allowed(user: Any) -> bool:
        raise NotImplementedError  # each admin names its predicate

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user) and super().has_delete_permission(request, obj)
