"""Errors of the referrals domain."""


class CaseStateError(ValueError):
    """A change the case's current state does not allow (HTTP 409)."""
