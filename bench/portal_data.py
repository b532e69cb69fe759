"""The participant portal's share of the bench data: a curriculum, cohorts, seats.

Six required modules, a cohort a week over the three years of cases (six sessions
each), a seat for every enrolled, completed or failed case, and the demo participant
tied to an enrolled case with a cohort to come, so that /my and /api/v1/me/schedule
have something to show.
"""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import delete, func, insert, select, text, update

from johnschool.auth.models import User
from johnschool.curriculum.models import DISCIPLINES, Cohort, Module, Session
from johnschool.demo import DEMO_ACCOUNTS
from johnschool.enrollment.models import Enrollment
from johnschool.extensions import db
from johnschool.portal.models import ParticipantAccount
from johnschool.referrals.models import Case, Client

MODULES = 6
SEATED_STATES = ("enrolled", "completed", "failed")
PLACES = ("Salle A, 100 rue Principale", "Salle B, 25 boul. Taschereau", "Local 210, Longueuil")


def next_id(model):
    """The first free primary key of a table."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def demo_site_id():
    """The id of the demo court liaison's site (Montréal), where the synthetic data goes."""
    email = next(email for email, _, role, _ in DEMO_ACCOUNTS if role == "liaison")
    return db.session.scalar(select(User.site_id).where(User.email == email))


def insert_modules():
    """Add six required modules; return their ids."""
    first = next_id(Module)
    rows = [
        {
            "id": first + n, "code": f"bench-{first + n}", "title_fr": f"Module {n + 1}",
            "title_en": f"Module {n + 1}", "discipline": DISCIPLINES[n % len(DISCIPLINES)],
            "duration_minutes": 60, "is_required": True, "position": 100 + n, "is_active": True,
        }
        for n in range(MODULES)
    ]  # fmt: skip
    db.session.execute(insert(Module.__table__), rows)
    return [row["id"] for row in rows]


def insert_cohorts(module_ids, first_day, weeks):
    """Add a weekly cohort of six one-hour sessions from first_day; return the cohort ids."""
    first, first_session = next_id(Cohort), next_id(Session)
    site_id = demo_site_id()
    cohorts, sessions = [], []
    for week in range(weeks):
        day = first_day + timedelta(weeks=week)
        place = PLACES[week % len(PLACES)]
        cohorts.append({"id": first + week, "site_id": site_id, "code": f"bench-{first + week}",
                        "language": "fr",
                        "capacity": 30, "place": place, "starts_on": day, "format": "one_day",
                        "status": "confirmed", "created_at": datetime.now(UTC)})  # fmt: skip
        for n, module_id in enumerate(module_ids):
            starts = datetime.combine(day, time(13 + n), UTC)
            sessions.append({"id": first_session + len(sessions), "site_id": site_id,
                             "kind": "group",
                             "cohort_id": first + week, "module_id": module_id,
                             "discipline": DISCIPLINES[n % len(DISCIPLINES)], "starts_at": starts,
                             "ends_at": starts + timedelta(minutes=55), "place": place,
                             "is_cancelled": False, "created_at": datetime.now(UTC)})  # fmt: skip
    db.session.execute(insert(Cohort.__table__), cohorts)
    db.session.execute(insert(Session.__table__), sessions)
    return [row["id"] for row in cohorts]


def insert_enrollments(cohort_ids, rng):
    """Give every enrolled, completed or failed case a seat in some cohort."""
    cases = db.session.execute(
        select(Case.id, Case.state).where(Case.state.in_(SEATED_STATES)).order_by(Case.id)
    ).all()
    now = datetime.now(UTC)
    rows = [
        {"case_id": case_id, "cohort_id": rng.choice(cohort_ids),
         "status": "enrolled" if state == "enrolled" else "ended",
         "requested_at": now, "enrolled_at": now}
        for case_id, state in cases
    ]  # fmt: skip
    if rows:
        db.session.execute(insert(Enrollment.__table__), rows)


def seat_demo_participant(cohort_id):
    """Tie the demo participant to the newest enrolled case, seated in cohort_id."""
    email = next(email for email, _, role, _ in DEMO_ACCOUNTS if role == "participant")
    user_id = db.session.scalar(select(User.id).where(User.email == email))
    case_id, client_id = db.session.execute(
        select(Case.id, Case.client_id).where(Case.state == "enrolled").order_by(Case.id.desc())
    ).first()
    db.session.execute(update(Client).where(Client.id == client_id).values(email=email))
    # The demo already ties the participant to a demo case: the synthetic one replaces it.
    db.session.execute(delete(ParticipantAccount).where(ParticipantAccount.user_id == user_id))
    db.session.execute(insert(ParticipantAccount.__table__), [
        {"user_id": user_id, "client_id": client_id, "created_at": datetime.now(UTC)}
    ])  # fmt: skip
    db.session.execute(
        insert(Enrollment.__table__),
        [{"case_id": case_id, "cohort_id": cohort_id, "status": "enrolled",
          "requested_at": datetime.now(UTC), "enrolled_at": datetime.now(UTC)}],
    )  # fmt: skip


def insert_portal(rng, history_days):
    """Add the curriculum, cohorts over history_days and a month ahead, and the seats."""
    module_ids = insert_modules()
    today = datetime.now(UTC).date()
    weeks = history_days // 7 + 5
    cohort_ids = insert_cohorts(module_ids, today - timedelta(days=history_days), weeks)
    insert_enrollments(cohort_ids, rng)
    seat_demo_participant(cohort_ids[-1])
    if db.engine.dialect.name == "postgresql":
        # explicit ids leave the sequences behind: move them past the new rows
        for table in ("module", "cohort", "session"):
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
                )
            )
