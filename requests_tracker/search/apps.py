from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "requests_tracker.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from requests_tracker.search import indexing

        indexing.reindex_after_writes()
