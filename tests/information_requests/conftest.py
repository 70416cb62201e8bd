"""Fixtures of the request tests that some files ask for by name."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.information_requests.publishing_fixtures import use_public_settings


@pytest.fixture
def public_settings(settings: Settings, tmp_path: Path) -> None:
    """Reply addresses under tracker.example.org, files under a fresh media folder."""
    use_public_settings(settings, tmp_path / "media")
