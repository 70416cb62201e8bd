"""Errors that services raise when a domain rule refuses an action."""


class DomainError(Exception):
    """A rule of the domain refuses the action; the message is shown to the user."""
