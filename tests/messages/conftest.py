"""Fixtures of the outbox tests: participants, cohorts, sessions, a local SMTP server."""

import itertools
from datetime import date, datetime, timedelta

import pytest

from johnschool.curriculum.models import Cohort, Module, Session
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.referrals.services import create_referral

from ..factories import make_user
from .smtp_server import Mailbox, start_server, stop_server

_numbers = itertools.count(1)


@pytest.fixture
def liaison(app):
    """The court liaison who enters the referrals."""
    return make_user("liaison")


@pytest.fixture
def make_case(liaison):
    """Build a case (with its client) through the referral service."""

    def build(*, email="paul.roy@example.com", language="fr", state=None):
        number = next(_numbers)
        case = create_referral(
            {
                "family_name": f"Roy{number}",
                "given_name": "Paul",
                "birth_date": date(1975, 5, 5),
                "language": language,
                "email": email,
            },
            {
                "source": "police",
                "offence_code": "286.1(1)",
                "offence_date": date(2026, 9, 1),
                "court_file": f"500-01-{number:06d}-261",
            },
            [],
            by=liaison,
        )
        if state:
            case.state = state
        db.session.flush()
        return case

    return build


@pytest.fixture
def make_cohort(app):
    """Build a cohort with one group session starting at starts_at (UTC)."""

    def build(starts_at, *, status="planned", is_cancelled=False, place="Salle 204"):
        number = next(_numbers)
        module = Module(
            code=f"M{number}",
            title_fr="Module",
            title_en="Module",
            discipline="law",
            duration_minutes=180,
        )
        cohort = Cohort(
            code=f"C{number}",
            language="fr",
            capacity=20,
            place=place,
            starts_on=starts_at.date(),
            format="one_day",
            status=status,
        )
        session = Session(
            kind="group",
            cohort=cohort,
            module=module,
            discipline="law",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place=place,
            is_cancelled=is_cancelled,
        )
        db.session.add_all([module, cohort, session])
        db.session.flush()
        return cohort, session

    return build


def enroll(case, cohort, status="enrolled"):
    """Give case a seat (or a waitlist place) in cohort."""
    db.session.add(Enrollment(case_id=case.id, cohort_id=cohort.id, status=status))
    db.session.flush()


def individual_session(case, starts_at: datetime, *, is_cancelled=False):
    """An individual follow-up session of case."""
    session = Session(
        kind="individual",
        case_id=case.id,
        discipline="sexology",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place="Bureau 3",
        is_cancelled=is_cancelled,
    )
    db.session.add(session)
    db.session.flush()
    return session


@pytest.fixture
def mailbox():
    """What the local SMTP server received, and how it answers."""
    return Mailbox()


@pytest.fixture
def smtp(app, mailbox):
    """A local SMTP server, and the application configured to send through it."""
    server, thread = start_server(mailbox)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    yield server
    stop_server(server, thread)
