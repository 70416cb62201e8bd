"""The REST API (DRF) and its OpenAPI schema (drf-spectacular)."""

from requests_tracker.settings.base import env

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
        # Personal tokens (accounts.ApiToken), sent as DRF's "Authorization: Token <key>".
        "requests_tracker.accounts.authentication.ApiTokenAuthentication",
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
    # Writes (POST, PUT, PATCH, DELETE) per user, or per client address without one:
    # API_WRITE_RATE, counted in the rate limits' cache (Redis, shared by every web process).
    "DEFAULT_THROTTLE_CLASSES": ["requests_tracker.accounts.throttling.WriteRateThrottle"],
    "EXCEPTION_HANDLER": "requests_tracker.accounts.throttling.api_exception_handler",
}
# "count/period" (s, min, h or d): the writes one user may make through the API in the period.
API_WRITE_RATE = env.str("API_WRITE_RATE", default="120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Access-to-information request tracker API",
    "DESCRIPTION": "Public bodies, laws and their deadline rules, working-day calendars, requests.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Every write declares the 429 of the limit on writes (API_WRITE_RATE).
        "requests_tracker.accounts.throttling.declare_write_limit",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LetterKindEnum": "requests_tracker.correspondence.models.LETTER_KIND_CHOICES",
        "BodyKindEnum": "requests_tracker.bodies.models.BodyKind",
        "RegionKindEnum": "requests_tracker.bodies.models.RegionKind",
        "LanguageEnum": "letters.contexts.LANGUAGES",
        "AppealStateEnum": "requests_tracker.collective.models.AppealState",
        "AddresseeStateEnum": "requests_tracker.collective.selectors.AddresseeState",
        "RequestStatusEnum": "requests_tracker.information_requests.status.Status",
        "EventKindEnum": "requests_tracker.information_requests.status.EventKind",
        "RequestVisibilityEnum": "requests_tracker.information_requests.models.Visibility",
        "UnpublishedVisibilityEnum": ["private", "organization"],
        "RequestStepEnum": "requests_tracker.information_requests.models.Step",
        "EscalationStepEnum": ["complaint", "prosecutor_appeal"],
    },
}
