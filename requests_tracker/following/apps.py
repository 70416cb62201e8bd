from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "requests_tracker.following"
    label = "following"
    verbose_name = _("Following")

    def ready(self) -> None:
        # The fast path only: beat's sweep (``news.gather_news``) finds whatever these miss.
        from requests_tracker.following import signals

        signals.connect()
