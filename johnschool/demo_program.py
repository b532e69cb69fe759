"""The demonstration program: professionals, three cohorts and the people in them.

One French cohort already took place (its dates are moved into the past once its
participants are enrolled, since enrollment is refused in a cohort that has started):
its roll calls are recorded, one participant completed and holds a certificate, one
missed a module and is booked into a make-up, one failed when the deadline passed.
A French cohort to come is full with one person on its waitlist, after a withdrawal
promoted another; an English cohort to come has two participants. Everything goes
through the services, so the audit log and the outbox tell the same story.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from .attendance.services import Mark, book_make_up, refresh_completion, save_roll_call
from .certificates.services import issue_certificate
from .clock import program_today, program_zone
from .curriculum.models import Cohort, Professional
from .curriculum.professionals import create_professional, link_login
from .curriculum.rotation_services import assign_session, confirm_rotation
from .curriculum.services import CohortDraft, create_cohort, load_default_curriculum
from .enrollment.services import enroll, expire_overdue_enrollments, withdraw
from .extensions import db
from .portal.models import ParticipantAccount
from .questionnaires.shipped import load_shipped_questionnaires
from .referrals.fees import record_payment
from .referrals.services import create_referral, record_admission, record_consent

# name, organization, disciplines, speaks anonymously
PROFESSIONALS = [
    ("Me Isabelle Fortin", "DPCP", ["law"], False),
    ("Me Karim Belkacem", "DPCP", ["law"], False),
    ("Sgt Marc Lavoie", "Service de police", ["police"], False),
    ("Agente Chantal Roy", "Service de police", ["police"], False),
    ("Julie Bergeron, inf.", "Santé publique", ["health"], False),
    ("Thomas Nguyen, inf.", "Santé publique", ["health"], False),
    ("Témoignage A", "Organisme communautaire", ["survivor"], True),
    ("Témoignage B", "Organisme communautaire", ["survivor"], True),
    ("Paul Desrosiers", "Table de quartier", ["community"], False),
    ("Nadia Haddad", "Ordre des sexologues", ["sexology", "community"], False),
    ("Émilie Gauthier", "Clinique de sexologie", ["sexology"], False),
]
# The demo session staff account teaches as this professional.
STAFF_PROFESSIONAL = "Sgt Marc Lavoie"
PAST_COHORT_DAYS_AGO = 36

# family name, given name, birth date, language, days since the referral, email
PAST_COHORT = [
    ("Beaulieu", "Martin", "1977-06-12", "fr", 60, None),  # completes, with a certificate
    ("Pelletier", "Guy", "1984-02-03", "fr", 55, None),  # missed a module: make-up booked
    ("Caron", "Daniel", "1970-11-23", "fr", 130, None),  # the deadline passed: failed
    ("Girard", "Luc", "1991-08-30", "fr", 50, None),  # late within the tolerance; owes fees
    ("Lemieux", "Robert", "1975-01-09", "fr", 58, None),  # attended everything; owes fees
    ("Ouellet", "Denis", "1983-05-26", "fr", 52, None),  # attended everything; owes fees
]
DECEMBER_FR = [
    ("Participant", "Pierre", "1982-04-18", "fr", 20, "participant@demo.example"),
    ("Lapointe", "Yves", "1979-12-05", "fr", 18, None),
    ("Dubé", "François", "1987-03-27", "fr", 16, None),
    ("Bélanger", "Simon", "1973-07-07", "fr", 15, None),  # withdraws: Fortier is promoted
    ("Fortier", "Jacques", "1990-01-19", "fr", 14, None),
    ("Hébert", "Normand", "1966-10-31", "fr", 12, None),  # stays on the waitlist
]
DECEMBER_EN = [
    ("Walker", "David", "1980-05-22", "en", 19, None),
    ("Chen", "Wei", "1985-09-14", "en", 17, None),
]


def load_demo_program(accounts: dict) -> int:
    """Add the demonstration program unless cohorts exist; return how many cohorts."""
    if db.session.scalar(select(func.count()).select_from(Cohort)):
        return 0
    admin, liaison = accounts["admin"], accounts["liaison"]
    load_default_curriculum(by=admin)
    load_shipped_questionnaires(by=admin)
    professionals = _professionals(admin, accounts["staff"])
    today = program_today()
    past = _cohort("FR-2026-10", "fr", 12, today + timedelta(days=1), admin, professionals)
    december = _cohort("FR-2026-12", "fr", 4, today + timedelta(days=14), admin, professionals)
    english = _cohort("EN-2026-12", "en", 10, today + timedelta(days=21), admin, professionals)
    past_cases = [_admitted_case(row, number, liaison) for number, row in enumerate(PAST_COHORT)]
    past_seats = [enroll(case, past, by=liaison) for case in past_cases]
    _move_into_the_past(past, PAST_COHORT_DAYS_AGO)
    _take_past_roll_calls(past, past_seats, admin)
    _settle_and_certify(past_seats[0], today, liaison)
    _book_missed_module(past_seats[1], past, december, liaison)
    expire_overdue_enrollments(today, by=liaison)
    _fill_december(december, accounts, liaison)
    for number, row in enumerate(DECEMBER_EN, start=20):
        enroll(_admitted_case(row, number, liaison), english, by=liaison)
    db.session.flush()
    return 3


def _professionals(admin, staff) -> dict[str, Professional]:
    """Create the professionals; the demo staff account teaches as one of them."""
    made = {}
    for name, organization, disciplines, is_anonymous in PROFESSIONALS:
        values = {"name": name, "organization": organization, "is_anonymous": is_anonymous}
        made[name] = create_professional(values, disciplines, by=admin)
    link_login(made[STAFF_PROFESSIONAL], staff.email, by=admin)
    return made


def _cohort(code, language, capacity, starts_on, admin, professionals) -> Cohort:
    """A one-day cohort with its rotation proposed, the police module given to the demo
    staff member's professional, and confirmed."""
    draft = CohortDraft(
        code=code,
        language=language,
        capacity=capacity,
        place="Salle Jacques-Cartier, 300 rue Saint-Charles Ouest, Longueuil",
        starts_on=starts_on,
        format="one_day",
    )
    cohort = create_cohort(draft, by=admin)
    for session in cohort.sessions:
        if session.discipline == "police":
            staff_pro = professionals[STAFF_PROFESSIONAL]
            backup = professionals["Agente Chantal Roy"]
            assign_session(session, staff_pro, backup, by=admin, force=True)
    confirm_rotation(cohort, by=admin)
    return cohort


def _admitted_case(row, number, liaison):
    """A referral screened eligible, consented and admitted by the prosecutor."""
    family, given, birth, language, days_ago, email = row
    today = program_today()
    received_on = today - timedelta(days=days_ago)
    client = {
        "family_name": family,
        "given_name": given,
        "birth_date": date.fromisoformat(birth),
        "language": language,
        "email": email or f"program{number + 1}@demo.example",
        "postal_code": "J4H 2A7",
    }
    referral = {
        "source": ("police", "prosecutor")[number % 2],
        "offence_code": "286.1(1)",
        "offence_date": received_on - timedelta(days=12),
        "court_file": f"505-01-{20000 + number:06d}-26",
        "involves_minor": False,
        "received_on": received_on,
    }
    case = create_referral(client, referral, [], by=liaison)
    consented_on = min(received_on + timedelta(days=5), today)
    record_consent(
        case,
        counsel_advised=True,
        accepts_responsibility=True,
        consented_on=consented_on,
        by=liaison,
    )
    admitted_on = min(received_on + timedelta(days=9), today)
    record_admission(case, prosecutor="Me Isabelle Fortin", admitted_on=admitted_on, by=liaison)
    return case


def _move_into_the_past(cohort: Cohort, days: int) -> None:
    """Move a cohort and its sessions back by days, keeping their local times of day."""
    zone = program_zone()
    cohort.starts_on -= timedelta(days=days)
    for session in cohort.sessions:
        for name in ("starts_at", "ends_at"):
            local = getattr(session, name).astimezone(zone)
            moved = datetime.combine(local.date() - timedelta(days=days), local.time(), zone)
            setattr(session, name, moved)
    db.session.flush()


def _take_past_roll_calls(cohort: Cohort, seats, admin) -> None:
    """Record every session of the past cohort: who came, who was late, who missed it."""
    completing, missing_one, failing, late_one, *assiduous = seats
    for position, session in enumerate(cohort.sessions):
        marks = [
            Mark(completing.id, "present"),
            Mark(missing_one.id, "absent" if position == 2 else "present"),
            Mark(failing.id, "absent" if position % 2 else "present"),
            Mark(late_one.id, "late", 10) if position == 0 else Mark(late_one.id, "present"),
            *(Mark(seat.id, "present") for seat in assiduous),
        ]
        save_roll_call(session, marks, by=admin)


def _settle_and_certify(enrollment, today: date, liaison) -> None:
    """Pay the whole fee of a participant who attended everything, and certify them."""
    record_payment(
        enrollment.case,
        enrollment.case.fee.amount,
        method="Interac",
        receipt="R-2026-0412",
        paid_on=today,
        by=liaison,
    )
    refresh_completion(enrollment, by=liaison)
    issue_certificate(enrollment, by=liaison)


def _book_missed_module(enrollment, past: Cohort, december: Cohort, liaison) -> None:
    """Book the missed module's session of the December cohort as a make-up."""
    missed = past.sessions[2]
    make_up = next(s for s in december.sessions if s.module_id == missed.module_id)
    book_make_up(enrollment, make_up, by=liaison)


def _fill_december(cohort: Cohort, accounts: dict, liaison) -> None:
    """Seat four, waitlist two, then a withdrawal promotes the head of the waitlist."""
    cases = [_admitted_case(row, number, liaison) for number, row in enumerate(DECEMBER_FR, 10)]
    participant = accounts["participant"]
    db.session.add(ParticipantAccount(user_id=participant.id, client_id=cases[0].client_id))
    db.session.flush()
    for case in cases:
        enroll(case, cohort, by=liaison)
    withdraw(cases[3], "Le client a choisi de retourner devant le tribunal.", by=liaison)
