"""Shared pieces of the REST API."""

from typing import Any

from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.celery import app as celery_app
from requests_tracker.core.models import Heartbeat


class HealthSerializer(serializers.Serializer[Any]):
    database = serializers.CharField()
    broker = serializers.CharField()
    last_heartbeat_at = serializers.DateTimeField(allow_null=True)


class HealthView(APIView):
    """The database and broker in use, and when a worker last ran a beat-scheduled task."""

    permission_classes = (AllowAny,)

    @extend_schema(responses=HealthSerializer)
    def get(self, request: Request) -> Response:
        latest = Heartbeat.objects.order_by("-last_beat_at").first()
        return Response(
            HealthSerializer(
                {
                    "database": connection.vendor,
                    "broker": celery_app.conf.broker_url.split("://", 1)[0],
                    "last_heartbeat_at": latest.last_beat_at if latest else None,
                }
            ).data
        )
