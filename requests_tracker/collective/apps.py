from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectiveConfig(AppConfig):
    name = "requests_tracker.collective"
    label = "collective"
    verbose_name = _("Collective appeals")

    def ready(self) -> None:
        # Imported here, as Django requires: models are loaded only once the registry is ready.
        from requests_tracker.collective.submission import note_submission
        from requests_tracker.information_requests.services import follow_every_submission_with

        # An appeal is sent when its last addressee's request is submitted, whichever way: by
        # email from the worker, by hand on the request page, or in the registrations table.
        follow_every_submission_with(note_submission)
