"""The suggestions of a reply, stored for the request page.

INTERIM CONTRACT: ``refresh_for_event`` is replaced by the suggestions slice.
"""


def refresh_for_event(event_id: int) -> None:
    """(Re)compute the suggestion of event ``event_id`` from its message and its files' text,
    once their text is read. INTERIM: does nothing until the suggestions slice lands."""
