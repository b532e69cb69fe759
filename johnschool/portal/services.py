"""The participant's access: invitation, the account tied to a client, calendar feeds.

Every change flushes and writes the audit log in the caller's transaction; the caller
commits.
"""

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit.services import record
from ..auth.models import OneTimeLink, User
from ..auth.services import create_user, find_user_by_email, set_password
from ..auth.tokens import consume_one_time_link, create_one_time_link, digest
from ..database import utcnow
from ..enrollment.models import Enrollment
from ..extensions import db
from ..permissions import Role
from ..referrals.models import Case, Client
from ..sites.models import Site
from .models import CalendarFeed, ParticipantAccount

INVITATION_LIFETIME = timedelta(days=7)
INVITATION = "invitation"


def participant_account(client: Client) -> ParticipantAccount | None:
    """The account link of client, if an invitation created one."""
    return db.session.scalar(
        select(ParticipantAccount).where(ParticipantAccount.client_id == client.id)
    )


def participant_user(client: Client, *, by) -> User | None:
    """Find or create the participant login of client; None when it cannot have one.

    An address already used by a staff account, or by another client's login, is
    not taken over: the caller then tells the participant by other means.
    """
    account = participant_account(client)
    if account is not None:
        return db.session.get(User, account.user_id)
    user = find_user_by_email(client.email)
    if user is None:
        user = create_user(client.email, client.full_name, Role.PARTICIPANT, None, client.language)
    elif user.role != Role.PARTICIPANT or _is_linked(user):
        return None
    db.session.add(ParticipantAccount(user_id=user.id, client_id=client.id))
    db.session.flush()
    return user


def _is_linked(user: User) -> bool:
    """Tell whether user is already the login of some client."""
    return (
        db.session.scalar(
            select(ParticipantAccount.id).where(ParticipantAccount.user_id == user.id)
        )
        is not None
    )


def invite_participant(case: Case, *, by) -> str | None:
    """Create the participant's login if needed and a 7-day invitation link; return its secret.

    None when the client has no email address or the address belongs to someone else.
    """
    client = case.client
    if not (client.email or "").strip():
        return None
    user = participant_user(client, by=by)
    if user is None:
        return None
    secret = create_one_time_link(user, INVITATION, by=by, lifetime=INVITATION_LIFETIME)
    record(
        "portal.invited",
        "participant invited to the portal",
        object_type="case",
        object_id=case.id,
        data={"user_id": user.id},
        actor=by,
    )
    return secret


def has_password(user: User) -> bool:
    """Tell whether the participant has chosen a password (accepted an invitation)."""
    return user.password_hash is not None


def accept_invitation(link: OneTimeLink, password: str) -> User:
    """Set the participant's password from an invitation link and use the link up."""
    user = link.user
    set_password(user, password, reason="password set from an invitation")
    consume_one_time_link(link)
    return user


def participant_client(user: User) -> Client | None:
    """The client whose records this participant may see, or None."""
    return db.session.scalar(
        select(Client)
        .join(ParticipantAccount, ParticipantAccount.client_id == Client.id)
        .where(ParticipantAccount.user_id == user.id)
    )


def participant_client_and_case(user: User) -> tuple[Client | None, Case | None]:
    """The participant's client and the case they see, in one query.

    The case is their newest that has an enrollment, loaded with its fee.
    """
    row = db.session.execute(
        select(Client, Case)
        .join(ParticipantAccount, ParticipantAccount.client_id == Client.id)
        .outerjoin(Case, (Case.client_id == Client.id) & _has_enrollment())
        .where(ParticipantAccount.user_id == user.id)
        .options(joinedload(Case.fee))
        .order_by(Case.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def participant_site(user: User) -> Site | None:
    """The site of the case the participant sees (their newest enrolled one), or None."""
    return db.session.scalar(
        select(Site)
        .join(Case, Case.site_id == Site.id)
        .join(ParticipantAccount, ParticipantAccount.client_id == Case.client_id)
        .where(ParticipantAccount.user_id == user.id, _has_enrollment())
        .order_by(Case.id.desc())
        .limit(1)
    )


def _has_enrollment():
    """The condition that a case has been enrolled or waitlisted at least once."""
    return select(Enrollment.id).where(Enrollment.case_id == Case.id).exists()


def active_calendar_feed(user: User) -> CalendarFeed | None:
    """The participant's calendar feed in use, if any."""
    return db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    )


def create_calendar_feed(user: User) -> str:
    """Create a new secret calendar URL for user, revoking the previous one; return the secret."""
    _revoke_feeds(user)
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user.id, token_hash=digest(secret))
    db.session.add(feed)
    db.session.flush()
    record(
        "portal.feed_created",
        "calendar feed created",
        object_type="calendar_feed",
        object_id=feed.id,
        data={"user_id": user.id},
    )
    return secret


def revoke_calendar_feed(user: User) -> bool:
    """Revoke the participant's calendar feed; tell whether there was one."""
    revoked = _revoke_feeds(user)
    if revoked:
        record(
            "portal.feed_revoked",
            "calendar feed revoked",
            object_type="user",
            object_id=user.id,
            data={"feeds": revoked},
        )
    return bool(revoked)


def _revoke_feeds(user: User) -> list[int]:
    """Mark every live feed of user revoked; return their ids."""
    now, ids = utcnow(), []
    for feed in db.session.scalars(
        select(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .with_for_update()
    ):
        feed.revoked_at = now
        ids.append(feed.id)
    db.session.flush()
    return ids


def feed_user(secret: str) -> User | None:
    """The active participant a live calendar secret belongs to, or None."""
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(
            CalendarFeed.token_hash == digest(secret),
            CalendarFeed.revoked_at.is_(None),
            User.is_active.is_(True),
        )
    )
