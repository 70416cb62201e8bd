"""The REST API (DRF) and its OpenAPI schema (drf-spectacular)."""

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "requests_tracker.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Access-to-information request tracker API",
    "DESCRIPTION": "Public bodies, laws and their deadline rules, working-day calendars, requests.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LetterKindEnum": "requests_tracker.correspondence.models.LETTER_KIND_CHOICES",
        "BodyKindEnum": "requests_tracker.bodies.models.BodyKind",
        "RegionKindEnum": "requests_tracker.bodies.models.RegionKind",
        "LanguageEnum": "letters.contexts.LANGUAGES",
        "AppealStateEnum": "requests_tracker.collective.models.AppealState",
        "AddresseeStateEnum": "requests_tracker.collective.selectors.AddresseeState",
    },
}
