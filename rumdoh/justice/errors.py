"""Refusals of justice services; ``str(error)`` is the message for the user, in their language."""


class JusticeError(Exception):
    """A change that cannot be made."""


class NotAllowed(JusticeError):
    """The user's role or agency does not allow this change at all (403)."""


class Refused(JusticeError):
    """The change is allowed in principle but not with this input or now (a form message, 400)."""
