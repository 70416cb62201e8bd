"""Picking the language of a field stored once per language (``name_ru``, ``name_kk``, ...)."""

from django.conf import settings
from django.utils import translation

FALLBACK_ORDER = ("ru", "en", "kk")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def localized(instance: object, field: str, language: str | None = None) -> str:
    """The value of ``<field>_<language>``, falling back to the other languages when it is empty."""
    wanted = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    for code in (wanted, *FALLBACK_ORDER):
        value = getattr(instance, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""
