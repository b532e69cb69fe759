"""What a participant is told when they get a seat: placeholder until the portal lands.

The enrollment services call notify_enrollment after a case is enrolled or promoted
from the waitlist; the portal replaces this body with the invitation and its .ics.
"""


def notify_enrollment(enrollment, *, promoted: bool = False, by=None) -> None:
    """Tell the participant about their seat (invitation, sessions); see the module note."""
