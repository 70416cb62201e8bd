"""Publishing goes through a preview that shows the public page as it will be; a file that could
not be checked for personal data is published only when the requester ticks it there."""

import pytest
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import Membership, Role
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    Visibility,
)
from requests_tracker.information_requests.publishing import change_visibility
from tests.factories import OrganizationFactory, UserFactory
from tests.information_requests.publishing_fixtures import (
    PASSWORD,
    PNG,
    anna,
    pdf_with_text,
    receive_reply,
    scanned_pdf,
    submitted_request,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_settings")]


def answered_request() -> InformationRequest:
    """Анна's request, answered by email with three files: a PDF with a text layer and no
    personal data, a photo of a page, and a scanned PDF (no text layer)."""
    information_request = submitted_request(anna())
    receive_reply(
        information_request,
        text="Уважаемая Анна Сергеевна! Статистика прилагается.",
        files=[
            ("statistika.pdf", pdf_with_text("Statistics 2026: 1204 appeals"), "application/pdf"),
            ("photo.png", PNG, "image/png"),
            ("scan.pdf", scanned_pdf(), "application/pdf"),
        ],
    )
    return information_request


def files_of(information_request: InformationRequest) -> dict[str, EvidenceFile]:
    return {
        evidence.original_name: evidence
        for evidence in EvidenceFile.objects.filter(event__information_request=information_request)
    }


def signed_in(username: str = "anna") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    assert client.login(username=username, password=PASSWORD)
    return client


def publish(information_request: InformationRequest, **data: object) -> int:
    response = signed_in().post(
        f"/requests/{information_request.pk}/publish/", {"action": "publish", **data}
    )
    return response.status_code


def public_page(information_request: InformationRequest) -> str:
    page = Client(HTTP_ACCEPT_LANGUAGE="ru").get(f"/public/requests/{information_request.pk}/")
    assert page.status_code == 200
    return page.content.decode()


def download(information_request: InformationRequest, evidence: EvidenceFile) -> int:
    address = f"/public/requests/{information_request.pk}/attachments/{evidence.pk}/"
    return Client().get(address).status_code


def test_the_preview_shows_the_public_version_and_what_happens_to_each_file() -> None:
    # given
    information_request = answered_request()
    files = files_of(information_request)

    # when
    preview = signed_in().get(f"/requests/{information_request.pk}/publish/")
    html = preview.content.decode()

    # then: the reply as published, each file with its status, a box for each unchecked file
    assert preview.status_code == 200
    assert "Уважаемая [скрыто]! Статистика прилагается." in html
    assert "Анна Сергеевна" not in html.split('id="public-preview"')[1]
    clean, photo, scan = files["statistika.pdf"], files["photo.png"], files["scan.pdf"]
    assert f'id="attachment-{clean.pk}" data-state="clean"' in html
    assert f'id="attachment-{photo.pk}" data-state="withheld"' in html
    assert f'id="attachment-{scan.pk}" data-state="withheld"' in html
    assert f'name="confirm" value="{clean.pk}"' not in html
    assert f'name="confirm" value="{photo.pk}"' in html
    assert f'name="confirm" value="{scan.pk}"' in html
    # and looking changed nothing
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PRIVATE


def test_unchecked_files_are_not_published_unless_confirmed_and_checked_clean_ones_are() -> None:
    # given
    information_request = answered_request()
    files = files_of(information_request)

    # when: she publishes without ticking any file
    status = publish(information_request)

    # then: the checked PDF without personal data can be downloaded; the photo and scan cannot
    assert status == 302
    html = public_page(information_request)
    clean, photo, scan = files["statistika.pdf"], files["photo.png"], files["scan.pdf"]
    assert f"/attachments/{clean.pk}/" in html
    assert f"/attachments/{photo.pk}/" not in html
    assert f"/attachments/{scan.pk}/" not in html
    assert download(information_request, clean) == 200
    assert download(information_request, photo) == 404
    assert download(information_request, scan) == 404


def test_a_confirmed_unchecked_file_is_published_and_the_others_stay_withheld() -> None:
    # given
    information_request = answered_request()
    files = files_of(information_request)
    photo, scan = files["photo.png"], files["scan.pdf"]

    # when: she ticks the photo only
    status = publish(information_request, confirm=[photo.pk])

    # then
    assert status == 302
    html = public_page(information_request)
    assert f"/attachments/{photo.pk}/" in html
    assert f"/attachments/{scan.pk}/" not in html
    response = Client().get(f"/public/requests/{information_request.pk}/attachments/{photo.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'attachment; filename="photo.png"'
    assert download(information_request, scan) == 404


def test_a_checked_file_with_her_personal_data_shows_only_its_redacted_text() -> None:
    # given: a reply whose PDF gives her phone number
    information_request = submitted_request(anna())
    receive_reply(
        information_request,
        text="Ответ во вложении.",
        files=[("otvet.pdf", pdf_with_text("Call back: 87012345678"), "application/pdf")],
    )
    (evidence,) = files_of(information_request).values()

    # when: she publishes, even ticking the file
    publish(information_request, confirm=[evidence.pk])

    # then: its text is shown without the number, the file is not offered
    html = public_page(information_request)
    assert "Call back: [скрыто]" in html
    assert "87012345678" not in html
    assert f"/attachments/{evidence.pk}/" not in html
    assert download(information_request, evidence) == 404


def test_a_file_of_another_request_is_refused_and_nothing_changes() -> None:
    # given: Анна's answered request, and someone else's with a file of its own
    information_request = answered_request()
    other = submitted_request(UserFactory.create(username="bolat"))
    receive_reply(other, text="Ответ.", files=[("other.png", PNG, "image/png")], number=2)
    (foreign,) = files_of(other).values()

    # when / then
    with (
        translation.override("en"),
        pytest.raises(DomainError, match=rf"^Not a file of this request: {foreign.pk}\.$"),
    ):
        change_visibility(
            information_request=information_request,
            visibility=Visibility.PUBLIC,
            user=information_request.requester,
            confirmed_attachments=[foreign.pk],
        )
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PRIVATE
    assert EvidenceFile.objects.exclude(public_confirmed_at=None).count() == 0


def test_the_refusal_reaches_the_preview_in_her_language() -> None:
    # given
    information_request = answered_request()

    # when: a file number that is not one of the request's, and one that is not a number
    foreign = signed_in().post(
        f"/requests/{information_request.pk}/publish/", {"action": "publish", "confirm": 999999}
    )
    word = signed_in().post(
        f"/requests/{information_request.pk}/publish/", {"action": "publish", "confirm": "abc"}
    )

    # then
    assert foreign.status_code == 400
    assert "Это не файлы этого запроса: 999999." in foreign.content.decode()
    assert word.status_code == 400
    assert "«abc» — не номер файла." in word.content.decode()
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PRIVATE


def test_choosing_public_on_the_request_page_leads_to_the_preview_and_publishes_nothing() -> None:
    # given
    information_request = answered_request()

    # when
    response = signed_in().post(
        f"/requests/{information_request.pk}/visibility/", {"visibility": "public"}
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{information_request.pk}/publish/"
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PRIVATE


def test_only_the_requester_may_open_the_preview_or_publish_not_an_editor_of_her_outlet() -> None:
    # given: her request shared with her outlet, whose editor may read and change it
    information_request = answered_request()
    outlet = OrganizationFactory.create()
    InformationRequest.objects.filter(pk=information_request.pk).update(
        organization=outlet, visibility=Visibility.ORGANIZATION
    )
    editor = UserFactory.create(username="editor")
    Membership.objects.create(user=editor, organization=outlet, role=Role.EDITOR)
    assert signed_in("editor").get(f"/requests/{information_request.pk}/").status_code == 200

    # when
    preview = signed_in("editor").get(f"/requests/{information_request.pk}/publish/")
    post = signed_in("editor").post(
        f"/requests/{information_request.pk}/publish/", {"action": "publish"}
    )

    # then
    assert (preview.status_code, post.status_code) == (404, 404)
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.ORGANIZATION


def test_her_name_is_shown_only_when_she_chooses_to_show_it() -> None:
    # given
    information_request = answered_request()

    # when: she previews with the box ticked, then publishes with it
    preview = signed_in().post(
        f"/requests/{information_request.pk}/publish/",
        {"action": "preview", "show_requester_name": "on"},
    )
    publish(information_request, show_requester_name="on")

    # then: the preview and the page name her; the phone-free reply keeps her name too
    assert "Уважаемая Анна Сергеевна! Статистика прилагается." in preview.content.decode()
    html = public_page(information_request)
    assert "Заявитель: Анна Сергеевна Иванова" in html
    assert "Уважаемая Анна Сергеевна!" in html
    information_request.refresh_from_db()
    assert information_request.show_requester_name is True


def test_taking_it_back_closes_the_page_and_drops_the_confirmations() -> None:
    # given: published with the photo confirmed
    information_request = answered_request()
    photo = files_of(information_request)["photo.png"]
    publish(information_request, confirm=[photo.pk])

    # when: she makes it private again
    signed_in().post(f"/requests/{information_request.pk}/visibility/", {"visibility": "private"})

    # then
    page = Client().get(f"/public/requests/{information_request.pk}/")
    assert page.status_code == 404
    assert download(information_request, photo) == 404
    photo.refresh_from_db()
    assert photo.public_confirmed_at is None


def test_publishing_again_without_a_file_ticked_withdraws_it() -> None:
    # given: published with the photo confirmed
    information_request = answered_request()
    photo = files_of(information_request)["photo.png"]
    publish(information_request, confirm=[photo.pk])
    assert download(information_request, photo) == 200

    # when: she publishes again from the preview, the photo unticked
    publish(information_request)

    # then
    assert download(information_request, photo) == 404
    photo.refresh_from_db()
    assert photo.public_confirmed_at is None


def test_a_file_is_served_only_under_its_own_published_request() -> None:
    # given: two published requests, each with a confirmed photo
    first = answered_request()
    second = submitted_request(UserFactory.create(username="bolat"))
    receive_reply(second, text="Ответ.", files=[("other.png", PNG, "image/png")], number=2)
    (second_photo,) = files_of(second).values()
    publish(first, confirm=[files_of(first)["photo.png"].pk])
    change_visibility(
        information_request=second,
        visibility=Visibility.PUBLIC,
        user=second.requester,
        confirmed_attachments=[second_photo.pk],
    )

    # when / then: the second request's photo is served under its own address, not the first's
    assert download(second, second_photo) == 200
    assert download(first, second_photo) == 404
