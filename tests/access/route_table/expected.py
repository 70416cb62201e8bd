"""Who may do what, written out by hand from the access policy (never asked of the product).

Each action maps a visibility ("-" for objects that have none) to the subjects allowed; every other
subject is refused, with the same response as for a missing object.
"""

EVERYONE = frozenset(
    {"owner", "viewer", "editor", "ngo_staff", "superuser", "outsider", "anonymous"}
)
OWNER = frozenset({"owner", "superuser"})
COLLEAGUES = frozenset({"owner", "viewer", "editor", "superuser"})
EDITORS = frozenset({"owner", "editor", "superuser"})
# NGO staff of the monitoring organisation, and superusers.
MONITORING = frozenset({"ngo_staff", "superuser"})
SUPERUSER = frozenset({"superuser"})
NOBODY: frozenset[str] = frozenset()

ALLOWED: dict[str, dict[str, frozenset[str]]] = {
    # The full page, the letter, the notes, the bundle: never opened by publishing.
    "request-read": {"private": OWNER, "organization": COLLEAGUES, "public": COLLEAGUES},
    "request-change": {"private": OWNER, "organization": EDITORS, "public": EDITORS},
    "request-publish": {"private": OWNER, "organization": OWNER, "public": OWNER},
    "public-page": {"private": NOBODY, "organization": NOBODY, "public": EVERYONE},
    # The admin shows a request and what hangs off it to a superuser only (NGO staff included:
    # they see a violation drawn from a request, never the request).
    "admin-request": {"private": SUPERUSER, "organization": SUPERUSER, "public": SUPERUSER},
    # Deleting from the admin is a superuser's; the outbox and the inbox are append-only.
    "admin-delete": {"private": SUPERUSER, "organization": SUPERUSER, "public": SUPERUSER},
    "admin-no-delete": {"private": NOBODY, "organization": NOBODY, "public": NOBODY},
    "admin-access-log": {"-": SUPERUSER},
    "no-one": {"-": NOBODY},
    "admin-violation": {"private": MONITORING, "organization": MONITORING, "public": MONITORING},
    # A violation is staff's until published (on the pages); the violations API is the open
    # data: it serves published rows only, to everyone, and a draft is a 404 there even to staff.
    "violation-staff": {"private": MONITORING, "organization": MONITORING, "public": MONITORING},
    "violation-open-data": {"private": NOBODY, "organization": NOBODY, "public": EVERYONE},
    # The appeal of the monitoring NGO, co-signed by the owner's outlet: the outlet's members
    # read it, and a co-signer's editor asking to change it is refused.
    "appeal-read": {"-": frozenset({"owner", "viewer", "editor", "ngo_staff", "superuser"})},
    "appeal-change": {"-": MONITORING},
    "monitoring": {"-": MONITORING},
    "admin-report-item": {"-": SUPERUSER},
    # Letter templates are read as today: by site staff (IsAdminUser), which NGO staff are.
    "template-read": {"-": MONITORING},
    # The calendar feed answers whoever holds its token; a wrong one is a 404.
    "feed-token": {"-": EVERYONE},
    # A request is followed by those who read it in full, and once published by anyone signed in.
    "request-follow": {
        "private": OWNER,
        "organization": COLLEAGUES,
        "public": EVERYONE - {"anonymous"},
    },
    # A contact proposal is read by its proposer (the outsider in the world) and NGO staff.
    "proposal-read": {"-": frozenset({"outsider", "ngo_staff", "superuser"})},
}
