"""Builders for the questionnaires' tests: shipped questionnaires, seated participants, answers."""

import itertools
from datetime import UTC, datetime, timedelta

from johnschool.extensions import db
from johnschool.questionnaires.services import current_version
from johnschool.questionnaires.shipped import load_shipped_questionnaires

from ..portal import builders as portal

_emails = itertools.count(1)
NOW = datetime.now(UTC).replace(microsecond=0)


def loaded():
    """Load the shipped questionnaires and commit; return their current versions by code."""
    load_shipped_questionnaires()
    db.session.commit()
    return {code: current_version(code) for code in ("intake_profile", "attitudes")}


def seated_participant(liaison, *, starts_at=None, language="fr"):
    """A participant with a login and an enrolled case in a cohort; return (user, case)."""
    user, case = portal.make_participant(
        liaison,
        email=f"participant{next(_emails)}@example.org",
        modules=[portal.make_module(), portal.make_module()],
        starts_at=starts_at or NOW + timedelta(days=10),
        language=language,
    )
    case.state = "enrolled"
    db.session.commit()
    return user, case


def profile_answers(version, value="no_answer", **chosen):
    """An answer for every profile item: value, unless chosen says otherwise."""
    return {item.code: chosen.get(item.code, value) for item in version.items}


def attitude_answers(version, value=3, **chosen):
    """A Likert answer for every attitude item: value, unless chosen says otherwise."""
    return {item.code: chosen.get(item.code, value) for item in version.items}


def form_of(answers, prefix="q_"):
    """The form fields a browser sends for answers."""
    return {prefix + code: str(value) for code, value in answers.items()}
