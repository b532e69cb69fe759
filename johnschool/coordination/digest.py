"""The liaisons' daily digest of deadline alerts, queued in the outbox once a day each.

The email is discreet like every message of the program: a neutral subject, case numbers
rather than names or court files, what is missing in general words, and a link to each
case page (which needs a sign-in). A liaison's digest lists only the cases they entered
that they still reach: those of their site.
"""

from datetime import date

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from ..attendance.completion import Missing
from ..audit.services import record
from ..auth.models import User
from ..extensions import db
from ..messages.services import queue_message
from ..permissions import Role
from ..portal.notices import external_url
from ..referrals.models import Case
from .access import can_see_case
from .alerts import Alert, alert_cases, alert_days, alerts_of

LISTED = 50


def queue_digests(today: date) -> int:
    """Queue one digest for each active liaison with an alert today; return how many."""
    days = alert_days()
    liaisons = _active_liaisons()
    by_liaison = _alerts_by_liaison(liaisons, today, days)
    queued = sum(
        _queue_digest(user, by_liaison[user.id], today, days)
        for user in liaisons
        if user.id in by_liaison
    )
    if queued:
        record(
            "message.digests_queued",
            f"{queued} deadline digest(s) queued",
            data={"count": queued, "day": today.isoformat()},
        )
    return queued


def _active_liaisons() -> list[User]:
    """The liaisons whose accounts are active."""
    query = select(User).where(User.role == Role.LIAISON, User.is_active.is_(True))
    return list(db.session.scalars(query.order_by(User.id)))


def _alerts_by_liaison(liaisons: list[User], today: date, days: int) -> dict[int, list[Alert]]:
    """The alerts of the cases each liaison entered and reaches, soonest deadline first."""
    by_id = {user.id: user for user in liaisons}
    query = alert_cases(today, days, Case.created_by_id.in_(list(by_id)))
    cases = [
        case for case in db.session.scalars(query) if can_see_case(by_id[case.created_by_id], case)
    ]
    by_liaison: dict[int, list[Alert]] = {}
    for case, alert in zip(cases, alerts_of(cases, today), strict=True):
        by_liaison.setdefault(case.created_by_id, []).append(alert)
    return by_liaison


def _queue_digest(user: User, alerts: list[Alert], today: date, days: int) -> bool:
    """Queue a liaison's digest, unless one was queued for them today."""
    subject, body = digest_text(alerts, user.language, days)
    message = queue_message(
        kind="digest",
        to_address=user.email,
        language=user.language,
        subject=subject,
        body=body,
        dedupe_key=f"digest:{user.id}:{today.isoformat()}",
    )
    return message is not None


def digest_text(alerts: list[Alert], language: str, days: int) -> tuple[str, str]:
    """The subject and plain-text body of a digest, in language."""
    with force_locale(language):
        lines = [
            _("Hello,"),
            "",
            ngettext(
                "%(num)d case has its deadline within %(days)d days or past:",
                "%(num)d cases have their deadline within %(days)d days or past:",
                len(alerts),
                days=days,
            ),
            "",
        ]
        for alert in alerts[:LISTED]:
            lines.append(_alert_line(alert))
            lines.append("  " + external_url("referrals.case_detail", case_id=alert.case_id))
        if len(alerts) > LISTED:
            lines.append(_("…and %(num)d more.", num=len(alerts) - LISTED))
        lines += ["", _("Training program")]
        return _("Your daily summary"), "\n".join(lines) + "\n"


def _alert_line(alert: Alert) -> str:
    """One case of the digest: its number, deadline and what it lacks, in general words."""
    missing = ", ".join(_missing_words(alert.missing)) or _("nothing (to be closed)")
    return "- " + _(
        "Case no. %(number)d, deadline %(day)s: missing %(missing)s",
        number=alert.case_id,
        day=alert.deadline.isoformat(),
        missing=missing,
    )


def _missing_words(missing: tuple[Missing, ...]) -> list[str]:
    """What is missing, counted by kind; never a module's topic."""
    words = {
        "screening": _("screening"),
        "review": _("a decision"),
        "consent": _("consent"),
        "admission": _("admission"),
        "enrollment": _("enrollment"),
        "seat": _("a seat"),
        "fee": _("payment"),
    }
    modules = sum(1 for m in missing if m.kind == "module")
    sessions = sum(m.count for m in missing if m.kind == "individual")
    found = [words[m.kind] for m in missing if m.kind in words and m.kind != "fee"]
    if modules:
        found.append(ngettext("%(num)d session", "%(num)d sessions", modules))
    if sessions:
        found.append(
            ngettext("%(num)d individual meeting", "%(num)d individual meetings", sessions)
        )
    if any(m.kind == "fee" for m in missing):
        found.append(words["fee"])
    return found
