from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages raised by services outside a request read in English here; pages pick their own."""
    with translation.override("en"):
        yield
