"""``{{ event.data|files_not_kept }}``: the files of a received message the tracker did not keep."""

from collections.abc import Mapping
from typing import Any

from django import template

from requests_tracker.mail.unpacking import FileNotKept
from requests_tracker.mail.unpacking import files_not_kept as read_files_not_kept

register = template.Library()


@register.filter
def files_not_kept(data: Any) -> list[FileNotKept]:
    return read_files_not_kept(data) if isinstance(data, Mapping) else []
