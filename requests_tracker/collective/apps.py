from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectiveConfig(AppConfig):
    name = "requests_tracker.collective"
    label = "collective"
    verbose_name = _("Collective appeals")
