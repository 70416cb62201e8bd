"""Fixtures of the request tests that some files ask for by name."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture
def public_settings(settings: Settings, tmp_path: Path) -> None:
    """Reply addresses under tracker.example.org, files under a fresh media folder."""
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
