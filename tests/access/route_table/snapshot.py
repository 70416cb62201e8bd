"""The rows a refused call must leave as they were."""

from requests_tracker.bodies.models import ContactProposal
from requests_tracker.collective.models import Addressee, CollectiveAppeal, Cosigner
from requests_tracker.correspondence.models import Letter
from requests_tracker.following.models import Follow
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.mail.models import IncomingEmail, OutgoingEmail
from requests_tracker.monitoring.models import MonthlyNarrative, Violation
from requests_tracker.reading.models import Suggestion


def snapshot() -> dict[str, object]:
    return {
        "requests": list(InformationRequest.objects.order_by("pk").values_list("pk", "visibility")),
        "events": TimelineEvent.objects.count(),
        "evidence": EvidenceFile.objects.count(),
        "letters": Letter.objects.count(),
        "outgoing": list(OutgoingEmail.objects.order_by("pk").values_list("pk", "status")),
        "incoming": list(IncomingEmail.objects.order_by("pk").values_list("pk", "status")),
        "violations": list(Violation.objects.order_by("pk").values_list("pk", "review_state")),
        "appeals": list(CollectiveAppeal.objects.order_by("pk").values_list("pk", "state")),
        "cosigners": list(Cosigner.objects.order_by("pk").values_list("pk", "confirmed_at")),
        "addressees": Addressee.objects.count(),
        "proposals": list(ContactProposal.objects.order_by("pk").values_list("pk", "state")),
        "report_items": list(MonthlyNarrative.objects.order_by("pk").values_list("pk", "position")),
        "follows": Follow.objects.count(),
        "suggestions": list(Suggestion.objects.order_by("pk").values_list("pk", "state")),
    }
