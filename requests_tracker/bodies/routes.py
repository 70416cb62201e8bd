"""Where a complaint about a body goes, and which prosecutor's office hears an appeal about it.

APPC Art. 91(3)-(4) (kz-rules.md §3.3, High): the complaint is decided by the superior
administrative body or official, never the President, the Prime Minister or the Government, and is
filed through the body appealed. A prosecutor's office is a subsidiary channel (kz-rules.md §5);
an appeal about a prosecutor's office itself goes to the prosecutor's office above it.
"""

from dataclasses import dataclass

from requests_tracker.bodies.models import BodyKind, ComplaintRoute, PublicBody

GENERAL_PROSECUTOR = "general-prosecutor"


@dataclass(frozen=True)
class ComplaintAddressee:
    """Who decides a complaint: ``body`` is the superior body, or the body itself when its head
    decides; None when the legal notes do not settle it."""

    route: ComplaintRoute
    body: PublicBody | None

    @property
    def is_settled(self) -> bool:
        return self.body is not None


def complaint_addressee(body: PublicBody) -> ComplaintAddressee:
    """The route the directory gives ``body``, checked against APPC Art. 91(3)."""
    if body.complaint_route == ComplaintRoute.HEAD_OF_BODY and body.accepts_complaints:
        return ComplaintAddressee(ComplaintRoute.HEAD_OF_BODY, body)
    superior = body.superior_body
    if (
        body.complaint_route == ComplaintRoute.SUPERIOR_BODY
        and superior is not None
        and superior.accepts_complaints
    ):
        return ComplaintAddressee(ComplaintRoute.SUPERIOR_BODY, superior)
    return ComplaintAddressee(ComplaintRoute.NOT_SETTLED, None)


def prosecutor_for(body: PublicBody) -> PublicBody | None:
    """The prosecutor's office an appeal about ``body`` goes to: for a prosecutor's office, the
    one above it (None at the top: the notes name none); else that of the body's region, else
    the Prosecutor General's Office."""
    if body.kind == BodyKind.PROSECUTOR:
        superior = body.superior_body
        return superior if superior is not None and superior.kind == BodyKind.PROSECUTOR else None
    if body.region_id is not None:
        regional = PublicBody.objects.filter(kind=BodyKind.PROSECUTOR, region_id=body.region_id)
        if (prosecutor := regional.order_by("slug").first()) is not None:
            return prosecutor
    return PublicBody.objects.filter(slug=GENERAL_PROSECUTOR).first()
