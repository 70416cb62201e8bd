"""Keyset (cursor) pagination for API lists that must cost the same on any page and never count.

A page is the rows that come after (or before) the last row the previous page showed, in the
list's order, then by id: ``WHERE (occurred_on, id) < (%s, %s) ORDER BY occurred_on DESC, id DESC
LIMIT 51``. PostgreSQL reads that row comparison as one range of an index, so the thousandth page
costs what the first does, where ``OFFSET`` reads and drops every row before it; and nothing runs
``count(*)``, which reads every row of the list on every page.

The cursor names the row it starts from (its ordering key and id), not a position: a row
inserted or deleted elsewhere moves no row from one page to another. The response carries the
links to the next and the previous page, in the body (``next``, ``previous``) and in a ``Link``
header (RFC 8288). A client orders by one of the view's ``ordering_fields`` (``?ordering=``,
``-`` for descending), id breaking ties the same way; a cursor given for another order, or one
that is not one this API gave out, is a 400.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, F, Field, Func, Model, QuerySet, Value
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, _positive_int
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

FORWARD, BACKWARD = "next", "previous"


class RowComparison(Func):
    """``(a, b) > (x, y)``: one comparison of row values, which an index on (a, b) answers as
    a range (PostgreSQL, and SQLite since 3.15); ``a > x OR (a = x AND b > y)`` it does not."""

    output_field = BooleanField()

    def __init__(self, columns: Sequence[Any], values: Sequence[Any], operator: str) -> None:
        if operator not in ("<", ">") or len(columns) != len(values):
            raise ValueError("a row comparison takes < or > and as many values as columns")
        self.width, self.operator = len(columns), operator
        super().__init__(*columns, *values)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        columns, values = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"({columns}) {self.operator} ({values})", params


class KeysetPagination(BasePagination):
    """Pages of ``page_size`` rows (``?page_size=`` up to ``max_page_size``) by a cursor."""

    page_size = api_settings.PAGE_SIZE or 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    invalid_cursor_message = _(
        "This cursor is not one this list gave out for this order: follow the list's "
        "next and previous links."
    )

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.ordering = self._ordering(request, queryset, view)
        self.model = queryset.model
        self.key_fields = self._key_fields(queryset.model, self.ordering)
        size = self._page_size(request)
        direction, key = self._decode(request.query_params.get(self.cursor_query_param))
        descending = self.ordering.startswith("-")
        # Going back, read the list the other way from the cursor, then turn the page round.
        reading_descending = descending != (direction == BACKWARD)
        prefix = "-" if reading_descending else ""
        rows = queryset.order_by(*(prefix + name for name in self.key_fields))
        if key is not None:
            columns = [F(name) for name in self.key_fields]
            values = [
                Value(value, output_field=self._field(queryset.model, name))
                for name, value in zip(self.key_fields, key, strict=True)
            ]
            rows = rows.filter(RowComparison(columns, values, "<" if reading_descending else ">"))
        page = list(rows[: size + 1])
        more = len(page) > size
        page = page[:size]
        if direction == BACKWARD:
            page.reverse()
        self.page = page
        has_next = more if direction == FORWARD else key is not None
        has_previous = more if direction == BACKWARD else key is not None
        self.next_link = self._link(FORWARD, page[-1]) if has_next and page else None
        self.previous_link = self._link(BACKWARD, page[0]) if has_previous and page else None
        return page

    def get_paginated_response(self, data: Any) -> Response:
        links = [
            f'<{url}>; rel="{relation}"'
            for url, relation in ((self.next_link, "next"), (self.previous_link, "prev"))
            if url is not None
        ]
        headers = {"Link": ", ".join(links)} if links else None
        return Response(
            {"next": self.next_link, "previous": self.previous_link, "results": data},
            headers=headers,
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The page: the cursor of a next or previous link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page, at most {self.max_page_size}.",
                "schema": {"type": "integer"},
            },
        ]

    # --- The order, the key and the cursor ------------------------------------------------------

    def _ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> str:
        """The one field the list is ordered by (``-`` first when descending): the client's
        ``?ordering=`` when the view allows it, else the view's or the model's first."""
        allowed = tuple(getattr(view, "ordering_fields", None) or ())
        asked = request.query_params.get(api_settings.ORDERING_PARAM, "")
        for term in (term.strip() for term in asked.split(",")):
            if term.lstrip("-") in allowed:
                return term
        default = getattr(view, "ordering", None) or queryset.model._meta.ordering or ("-pk",)
        return str(default[0] if isinstance(default, list | tuple) else default)

    @staticmethod
    def _key_fields(model: type[Model], ordering: str) -> tuple[str, ...]:
        name = ordering.lstrip("-")
        if name in ("pk", model._meta.pk.name):
            return ("pk",)
        return (name, "pk")

    @staticmethod
    def _field(model: type[Model], name: str) -> Field[Any, Any]:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        assert isinstance(field, Field)
        return field

    def _page_size(self, request: Request) -> int:
        try:
            return _positive_int(
                request.query_params[self.page_size_query_param],
                strict=True,
                cutoff=self.max_page_size,
            )
        except (KeyError, ValueError):
            return self.page_size

    def _link(self, direction: str, row: Model) -> str:
        key = [self._field(type(row), name).value_to_string(row) for name in self.key_fields]
        payload = json.dumps({"order": self.ordering, "way": direction, "key": key})
        cursor = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def _decode(self, cursor: str | None) -> tuple[str, list[Any] | None]:
        """(direction, key values) of the cursor; (forward, None) for the first page."""
        if cursor is None:
            return FORWARD, None
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            direction, texts = payload["way"], payload["key"]
            if payload["order"] != self.ordering or direction not in (FORWARD, BACKWARD):
                raise ValueError("another order or way")
            if not isinstance(texts, list) or len(texts) != len(self.key_fields):
                raise ValueError("another key")
            key = []
            for name, text in zip(self.key_fields, texts, strict=True):
                field = self._field(self.model, name)
                if not isinstance(text, str) or (value := field.to_python(text)) is None:
                    raise ValueError("an empty key")
                field.run_validators(value)  # an id past the column's range, for one
                key.append(value)
        except (
            ValueError,
            TypeError,
            KeyError,
            UnicodeError,
            binascii.Error,
            DjangoValidationError,
        ) as error:
            raise ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from error
        return direction, key
