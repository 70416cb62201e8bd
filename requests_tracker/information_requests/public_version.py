"""The text of what a published request's public page shows.

Interim: the subject, the questions and the text of the replies filed on the request, without
redaction. The public search indexes exactly this text (never the raw texts), so that the
redacting version replaces it in one place.
"""

from requests_tracker.information_requests.models import InformationRequest

FILED = "filed"  # mail.models.IncomingStatus.FILED, which this module cannot import


def public_text(information_request: InformationRequest) -> str:
    """The subject, the questions and the replies' text, one paragraph each."""
    replies = information_request.incoming_emails.filter(status=FILED).order_by("received_at", "id")
    parts = [
        information_request.subject,
        information_request.text,
        *replies.values_list("text_body", flat=True),
    ]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())
