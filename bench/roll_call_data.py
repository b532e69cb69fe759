"""The bench's roll call: a session today, run by the demo staff member, with 30 enrolled."""

from datetime import datetime, time, timedelta

from sqlalchemy import insert, select

from johnschool.attendance.models import Attendance
from johnschool.auth.models import User
from johnschool.clock import program_today, program_zone
from johnschool.curriculum.models import Cohort, Module, Professional, Session
from johnschool.demo import DEMO_ACCOUNTS
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.referrals.models import Case

ROLL_CALL_SIZE = 30
MARKED = 10  # already recorded: the page shows both kinds of lines
ROLL_CALL_COHORT = "BENCH-01"  # the cohort code that picks the session out on /sessions


def demo_staff():
    """The demo session staff account."""
    email = next(email for email, _, role, _ in DEMO_ACCOUNTS if role == "staff")
    return db.session.scalar(select(User).where(User.email == email))


def insert_roll_call():
    """Add the session and its roster; return the session's id."""
    # The demo staff account teaches as one of the demo's professionals, or as a new one.
    staff = demo_staff()
    site_id = staff.site_id
    professional = db.session.scalar(select(Professional).where(Professional.user_id == staff.id))
    professional = professional or Professional(
        name="Animation (banc d'essai)", user_id=staff.id, site_id=site_id
    )
    module = Module(
        code="BENCH-LAW",
        title_fr="Le droit",
        title_en="The law",
        discipline="law",
        duration_minutes=90,
    )
    cohort = Cohort(
        site_id=site_id,
        code=ROLL_CALL_COHORT,
        language="fr",
        capacity=40,
        place="Salle du banc d'essai",
        starts_on=program_today(),
        format="one_day",
    )
    db.session.add_all([professional, module, cohort])
    db.session.flush()
    starts_at = datetime.combine(program_today(), time(9), program_zone())
    session = Session(
        site_id=site_id,
        kind="group",
        cohort_id=cohort.id,
        module_id=module.id,
        discipline="law",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=90),
        place=cohort.place,
        professional_id=professional.id,
    )
    db.session.add(session)
    db.session.flush()
    _insert_roster(session, cohort)
    return session.id


def _insert_roster(session, cohort):
    """Enroll the first cases in the cohort and mark a third of them present."""
    case_ids = db.session.scalars(select(Case.id).order_by(Case.id).limit(ROLL_CALL_SIZE)).all()
    db.session.execute(
        insert(Enrollment),
        [
            {"case_id": case_id, "cohort_id": cohort.id, "status": "enrolled"}
            for case_id in case_ids
        ],
    )
    enrolled = db.session.scalars(
        select(Enrollment.id).where(Enrollment.cohort_id == cohort.id).limit(MARKED)
    ).all()
    db.session.execute(
        insert(Attendance),
        [{"session_id": session.id, "enrollment_id": key, "status": "present"} for key in enrolled],
    )
