"""The request's API shows the open suggestions of its replies, read-only."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.detection import Detection, Ground
from requests_tracker.reading.models import SuggestionState
from requests_tracker.reading.suggestions import Reading, store_suggestion
from tests.api.tokens import client_for
from tests.reading.readings import REFUSAL_RU, found

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 5, 16, 0, tzinfo=ALMATY)
SENTENCE = "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано."
pytestmark = pytest.mark.django_db


def test_the_request_shows_its_open_suggestion_and_not_a_dismissed_one(
    journalist: User, submitted_request: InformationRequest
) -> None:
    # given: a reply read as a refusal on CPC Art. 201
    reply = record_event(
        information_request=submitted_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=None,
        data={"from": "kense@police.gov.kz", "subject": "Ответ на запрос"},
    )
    ground = Ground(
        code="cpc_201",
        label="ст. 201 УПК РК",
        found=found(REFUSAL_RU, "статьёй 201 УПК РК", sentence=SENTENCE),
    )
    reading = Reading(
        file_id=None,
        text=REFUSAL_RU,
        detection=Detection(kind="refused", grounds=(ground,), language="ru"),
    )
    suggestion = store_suggestion(event=reply, readings=[reading], now=NOW)
    assert suggestion is not None

    # when
    response = client_for(journalist).get(f"/api/v1/requests/{submitted_request.pk}/")

    # then
    assert response.status_code == 200
    assert response.json()["open_suggestions"] == [
        {
            "id": suggestion.pk,
            "reply": reply.pk,
            "kind": "refused",
            "values": {"ground": "ст. 201 УПК РК", "ground_codes": ["cpc_201"]},
            "sources": {"ground": [{"file": None, "sentence": SENTENCE, "start": 18, "end": 36}]},
            "language": "ru",
            "computed_at": "2026-03-05T16:00:00+05:00",
        }
    ]

    # when: it is dismissed
    suggestion.state = SuggestionState.DISMISSED
    suggestion.save(update_fields=["state"])

    # then
    response = client_for(journalist).get(f"/api/v1/requests/{submitted_request.pk}/")
    assert response.json()["open_suggestions"] == []
