"""Builders of complete enrollments and certificates for the certificate tests."""

import itertools
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from johnschool.attendance.completion import required_modules
from johnschool.attendance.models import Attendance
from johnschool.certificates.models import Certificate
from johnschool.curriculum.models import Cohort, Module, Session
from johnschool.database import utcnow
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.portal.models import ParticipantAccount
from johnschool.referrals.fees import waive_fee
from johnschool.referrals.services import create_referral, record_admission, record_consent

from ..factories import make_user

_numbers = itertools.count(1)


def enrolled_case(liaison, family_name="Tremblay", given_name="Jean"):
    """A case taken through screening, consent and admission, then marked enrolled."""
    number = next(_numbers)
    today = date.today()
    case = create_referral(
        {
            "family_name": family_name,
            "given_name": given_name,
            "birth_date": date(1970, 1, 1) + timedelta(days=number),
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": today - timedelta(days=30),
            "court_file": f"500-01-{number:06d}-{secrets.token_hex(2)}",
        },
        [],
        by=liaison,
    )
    record_consent(
        case, counsel_advised=True, accepts_responsibility=True, consented_on=today, by=liaison
    )
    record_admission(case, prosecutor="Me Fortin", admitted_on=today, by=liaison)
    case.state = "enrolled"
    db.session.flush()
    return case


def required_module():
    """The curriculum's one required module, created once."""
    module = db.session.scalar(select(Module).where(Module.code == "LAW-1"))
    if module is None:
        module = Module(
            code="LAW-1", title_fr="Droit", title_en="Law", discipline="law", duration_minutes=60
        )
        db.session.add(module)
        db.session.flush()
    return module


def make_cohort():
    """A cohort with a session of every required module, held yesterday."""
    required_module()
    cohort = Cohort(
        code=f"C-{next(_numbers)}-{secrets.token_hex(3)}",
        language="fr",
        capacity=30,
        place="Salle 1",
        starts_on=date.today() - timedelta(days=1),
        format="one_day",
    )
    starts_at = utcnow() - timedelta(days=1)
    cohort.sessions.extend(
        Session(
            module=module,
            discipline=module.discipline,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place="Salle 1",
        )
        for module in required_modules()
    )
    db.session.add(cohort)
    db.session.flush()
    return cohort


def enroll(case, cohort, *, attended=True, settled=True, by=None):
    """Enroll a case in a cohort; with attended and settled, the enrollment is complete."""
    enrollment = Enrollment(case=case, cohort=cohort, status="enrolled", enrolled_at=utcnow())
    db.session.add(enrollment)
    db.session.flush()
    if attended:
        for session in cohort.sessions:
            db.session.add(Attendance(session=session, enrollment=enrollment, status="present"))
    if settled:
        waive_fee(case, "Low income", by=by or make_user("admin"))
    db.session.flush()
    return enrollment


def complete_enrollment(liaison, cohort=None, family_name="Tremblay", given_name="Jean"):
    """An enrollment meeting every requirement, committed."""
    case = enrolled_case(liaison, family_name, given_name)
    enrollment = enroll(case, cohort or make_cohort(), by=liaison)
    db.session.commit()
    return enrollment


def link_participant(user, case):
    """Tie a participant's account to the client of a case."""
    db.session.add(ParticipantAccount(user_id=user.id, client_id=case.client_id))
    db.session.commit()


def certificate_row(enrollment, number=1, code=None, holder_name="Jean Tremblay"):
    """A certificate written straight to the table, for tests of reading and access."""
    year = date.today().year
    certificate = Certificate(
        enrollment=enrollment,
        year=year,
        number=number,
        serial=f"JS-{year}-{number:05d}",
        verification_code=code or f"code-{number:03d}-abcdefghijklmnop",
        holder_name=holder_name,
        completed_on=date.today(),
    )
    db.session.add(certificate)
    db.session.commit()
    return certificate


def certificate_world(case, participant):
    """Objects of the access matrix: an enrollment of case, its certificate, its holder."""
    cohort = make_cohort()
    enrollment = Enrollment(case=case, cohort=cohort, status="enrolled")
    db.session.add(enrollment)
    db.session.flush()
    certificate = certificate_row(enrollment, code="matrixCODE-0123456789")
    link_participant(participant, case)
    return {
        "enrollment": enrollment.id,
        "certificate": certificate.id,
        "certificate_code": certificate.verification_code,
        "cohort": cohort.id,
    }
