"""Who may see a case's notes, documents and deadline alerts: the one place to decide it."""

from ..permissions import Role

CASE_ROLES = (Role.LIAISON, Role.ADMIN)


def can_see_case(user, case) -> bool:
    """Tell whether user may read the case's notes and documents."""
    return user.is_authenticated and user.role in CASE_ROLES


def liaison_scope(user) -> int | None:
    """Whose cases user's alerts cover: a liaison's own, or every case (None) for the admin."""
    return user.id if user.role == Role.LIAISON else None
