from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "requests_tracker.mail"
    label = "mail"
    verbose_name = _("Email correspondence")

    def ready(self) -> None:
        # The public page of a request sent by post, in person or on e-Otinish shows the letter
        # as the request page does (the request app sits below this one and cannot ask).
        from requests_tracker.information_requests.public_version import (
            render_unstored_letters_with,
        )
        from requests_tracker.mail.letters import shown_letter

        render_unstored_letters_with(
            lambda information_request, submitted_at: (
                shown_letter(information_request=information_request, now=submitted_at).text
            )
        )
