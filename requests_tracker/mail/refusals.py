"""A received message refused: nothing of it was saved, and the reason goes back to the sender."""

from requests_tracker.core.errors import DomainError


class MessageRefused(DomainError):  # noqa: N818 (the name says what happened to the message)
    """The message cannot be accepted as it is; nothing was saved. The reason is for the sender."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
