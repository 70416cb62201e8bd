"""Shared pieces of the REST API."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from kombu import Queue
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.celery import app as celery_app
from requests_tracker.core.models import Heartbeat

logger = logging.getLogger(__name__)

# The broker must answer within this many seconds, in all (a load balancer's probe is short).
BROKER_TIMEOUT_SECONDS = 2
# Beat asks for a heartbeat every HEARTBEAT_INTERVAL_SECONDS: three missed in a row is a failure.
HEARTBEAT_MISSED_INTERVALS = 3
CHECKS = ("database", "broker", "heartbeat")


class HealthSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=("ok", "failing"))
    failing = serializers.ListField(
        child=serializers.ChoiceField(choices=CHECKS),
        help_text="The checks that failed: database, broker, heartbeat.",
    )
    reasons = serializers.DictField(
        child=serializers.CharField(), help_text="Why each failing check failed."
    )
    database = serializers.CharField(help_text="The database in use (postgresql, sqlite).")
    broker = serializers.CharField(help_text="The broker's transport (redis, filesystem).")
    last_heartbeat_at = serializers.DateTimeField(
        allow_null=True, help_text="When a worker last ran the beat-scheduled heartbeat."
    )


def check_broker() -> None:
    """A round trip to the broker: connect, then declare the default queue (and count it)."""
    options = {
        **celery_app.conf.broker_transport_options,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    }
    with celery_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options
    ) as broker:
        broker.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )
        Queue(celery_app.conf.task_default_queue)(broker.default_channel).declare()


def last_heartbeat_at() -> datetime | None:
    latest = Heartbeat.objects.order_by("-last_beat_at").first()
    return latest.last_beat_at if latest is not None else None


class HealthView(APIView):
    """The database, a round trip to the broker, and a recent heartbeat from beat and a worker."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(
        responses={
            200: HealthSerializer,
            503: OpenApiResponse(HealthSerializer, description="At least one check failed."),
        }
    )
    def get(self, request: Request) -> Response:
        errors: dict[str, str] = {}
        heartbeat_at: datetime | None = None
        try:
            heartbeat_at = last_heartbeat_at()  # the database's round trip
        except DatabaseError as error:
            # The answer is public: the error's type only (its text may name hosts and users).
            logger.warning("Health: the database failed: %s", error)
            errors["database"] = type(error).__name__
        try:
            check_broker()
        except Exception as error:  # kombu, redis and socket errors alike: the broker failed
            logger.warning("Health: the broker failed: %s", error)
            errors["broker"] = type(error).__name__
        stale_after = timedelta(
            seconds=HEARTBEAT_MISSED_INTERVALS * settings.HEARTBEAT_INTERVAL_SECONDS
        )
        if "database" in errors:
            errors["heartbeat"] = "Unknown: the database did not answer."
        elif heartbeat_at is None:
            errors["heartbeat"] = "No heartbeat yet: are beat and a worker running?"
        elif timezone.now() - heartbeat_at > stale_after:
            age = int((timezone.now() - heartbeat_at).total_seconds())
            errors["heartbeat"] = f"The last heartbeat is {age} s old."
        failing = [name for name in CHECKS if name in errors]
        body = HealthSerializer(
            {
                "status": "failing" if failing else "ok",
                "failing": failing,
                "reasons": errors,
                "database": connection.vendor,
                "broker": celery_app.conf.broker_url.split("://", 1)[0],
                "last_heartbeat_at": heartbeat_at,
            }
        ).data
        return Response(body, status=503 if failing else 200)
