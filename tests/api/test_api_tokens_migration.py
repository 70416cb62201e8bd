"""The migration to personal tokens: a key handed out by DRF's authtoken keeps working, and is
no longer stored in clear."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

BEFORE = [
    ("accounts", "0003_monitoring_organisation_and_access_log"),
    ("authtoken", "0004_alter_tokenproxy_options"),
]
AFTER = [("accounts", "0004_api_tokens"), ("authtoken", "0004_alter_tokenproxy_options")]
KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
CREATED = datetime(2026, 1, 15, 9, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.mark.django_db
def test_a_key_from_before_becomes_a_personal_token_kept_as_a_hash() -> None:
    # given: a user with a DRF token, as auth/token/ made them before
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="dana", is_active=True)
    token = old.get_model("authtoken", "Token").objects.create(key=KEY, user=user)
    old.get_model("authtoken", "Token").objects.filter(pk=token.pk).update(created=CREATED)

    # when
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    # then: one personal token with the key's hash, and no key in clear anywhere
    new = executor.loader.project_state(AFTER).apps
    assert list(
        new.get_model("accounts", "ApiToken").objects.values_list(
            "user__username", "key_hash", "prefix", "created_at", "revoked_at"
        )
    ) == [("dana", hashlib.sha256(KEY.encode()).hexdigest(), "9944b091", CREATED, None)]
    assert new.get_model("authtoken", "Token").objects.count() == 0
    # and the old key still authenticates (accounts is at its last migration again)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    assert client.get("/api/v1/requests/").status_code == 200
