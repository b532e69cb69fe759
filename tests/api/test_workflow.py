"""The whole program scripted through the API only: referral to certificate, and the branches.

Only what the API does not own is set up directly: the curriculum, the professionals, the
questionnaires, and the days passing (sessions moved into the past, as a clock would).
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.clock import program_today
from johnschool.curriculum.models import Cohort, Professional, ProfessionalDiscipline, Session
from johnschool.curriculum.services import load_default_curriculum
from johnschool.extensions import db
from johnschool.questionnaires.shipped import load_shipped_questionnaires

from ..factories import make_user
from .calls import call

DISCIPLINES = ("law", "police", "health", "survivor", "community", "sexology")


@pytest.fixture
def program(app):
    """The shipped curriculum and questionnaires, one professional per discipline, accounts."""
    load_default_curriculum()
    load_shipped_questionnaires()
    for discipline in DISCIPLINES:
        professional = Professional(name=f"Pro {discipline}")
        professional.disciplines = [ProfessionalDiscipline(discipline=discipline)]
        db.session.add(professional)
    db.session.commit()
    return {role: make_user(role, language="en") for role in ("admin", "liaison")}


class Script:
    """Calls to the API as the coordinator or the liaison, checking each status."""

    def __init__(self, client, users):
        self.client, self.users = client, users

    def __call__(self, who, method, path, json=None, status=200):
        """Send one request as who; assert its status; return its JSON body (or the response)."""
        response = call(self.client, self.users[who], method, path, json)
        assert response.status_code == status, (path, response.get_json())
        return response.get_json() if response.is_json else response


def days_pass(cohort_id: int, days: int) -> None:
    """Let days pass for a cohort: its day and its sessions move that much into the past."""
    cohort = db.session.get(Cohort, cohort_id)
    cohort.starts_on -= timedelta(days=days)
    for session in db.session.scalars(select(Session).where(Session.cohort_id == cohort_id)):
        session.starts_at -= timedelta(days=days)
        session.ends_at -= timedelta(days=days)
    db.session.commit()


REFERRAL = {
    "client": {"family_name": "Nguyễn", "given_name": "Văn", "birth_date": "1980-04-02"},
    "referral": {"source": "police", "offence_code": "286.1(1)", "offence_date": "2026-10-01"},
    "prior_convictions": [],
}


def refer(api, family_name, court_file, priors=()):
    """Refer a client through the API; return the new case's id and state."""
    body = {**REFERRAL, "client": {**REFERRAL["client"], "family_name": family_name}}
    body["referral"] = {**body["referral"], "court_file": court_file}
    body["prior_convictions"] = [{"offence_code": code} for code in priors]
    created = api("liaison", "POST", "/referrals", body, status=201)
    return created["id"], created["state"]


def open_cohort(api, code, days_ahead):
    """Open a cohort through the API and confirm its proposed rotation; return it."""
    starts_on = (program_today() + timedelta(days=days_ahead)).isoformat()
    body = {"code": code, "language": "fr", "capacity": 10, "place": "Salle 1"}
    body |= {"starts_on": starts_on, "format": "one_day"}
    cohort = api("admin", "POST", "/cohorts", body, status=201)
    rotation = api("admin", "GET", f"/cohorts/{cohort['id']}/rotation")
    assert all(s["professional_id"] for s in rotation["sessions"])
    assert api("admin", "POST", f"/cohorts/{cohort['id']}/rotation", {})["status"] == "confirmed"
    return cohort


def admit(api, case_id):
    """Record consent and the prosecutor's admission through the API."""
    consent = {"consent": True, "counsel_advised": True, "accepts_responsibility": True}
    api("liaison", "POST", f"/referrals/{case_id}/consent", consent)
    admission = {"prosecutor": "Me Fortin", "admitted_on": program_today().isoformat()}
    assert api("liaison", "POST", f"/referrals/{case_id}/admit", admission)["state"] == "admitted"


def take_attendance(api, session_id, status="present"):
    """Mark everyone on a session's roster with status through the API."""
    roster = api("admin", "GET", f"/sessions/{session_id}/roster")
    records = [
        {"enrollment_id": line["enrollment_id"], "status": status} for line in roster["items"]
    ]
    return api("admin", "PUT", f"/sessions/{session_id}/attendance", {"records": records})


def enter_intake_profile(api, case_id):
    """The liaison enters the intake profile for the client, every answer "no_answer"."""
    lines = api("liaison", "GET", f"/referrals/{case_id}/questionnaires")["items"]
    intake = next(line for line in lines if line["moment"] == "intake")
    answers = {q["code"]: "no_answer" for q in intake["questions"]}
    path = f"/referrals/{case_id}/questionnaires/{intake['code']}/responses"
    api("liaison", "POST", path, {"moment": "intake", "answers": answers}, status=201)


def individual_session_attended(api, case_id):
    """Schedule the required sexology session this morning, and record it attended."""
    path = f"/referrals/{case_id}/follow-ups"
    sexologist = db.session.scalar(select(Professional).where(Professional.name == "Pro sexology"))
    today = program_today().isoformat()
    body = {"professional_id": sexologist.id, "place": "Bureau 2"}
    body |= {"starts_at": f"{today}T00:10", "ends_at": f"{today}T00:50", "force": True}
    session = api("liaison", "POST", path, body, status=201)["session"]
    attendance = f"{path}/{session['id']}/attendance"
    api("admin", "PUT", attendance, {"status": "present"})


def test_a_case_goes_from_referral_to_certificate_through_the_api(client, program):
    api = Script(client, program)
    case_id, state = refer(api, "Nguyễn", "500-01-000101-261")
    assert state == "eligible"
    assert api("liaison", "POST", f"/referrals/{case_id}/screen")["state"] == "eligible"
    assert api("liaison", "GET", f"/referrals/{case_id}/letters/screening.pdf").data[:4] == b"%PDF"
    admit(api, case_id)
    enter_intake_profile(api, case_id)
    own, other = open_cohort(api, "A-1", 7), open_cohort(api, "B-1", 14)
    seat = api("liaison", "POST", f"/referrals/{case_id}/enroll", {"cohort_id": own["id"]}, 201)
    enrollment_id = seat["enrollment_id"]
    assert seat["status"] == "enrolled"
    path = f"/referrals/{case_id}/follow-ups/requirements/sexology"
    api("liaison", "PUT", path, {"session_count": 1})
    payment = {"amount": "300.00", "method": "debit", "receipt": "R-1"}
    api("liaison", "POST", f"/referrals/{case_id}/payments", payment, status=201)

    days_pass(own["id"], 8)
    missed, *attended = own["sessions"]
    take_attendance(api, missed["id"], "absent")
    for session in attended:
        take_attendance(api, session["id"])
    lacking = api("liaison", "GET", f"/enrollments/{enrollment_id}")["missing"]
    individual = {"kind": "individual", "code": "sexology", "count": 1}
    assert lacking == [{"kind": "module", "code": missed["module"]}, individual]

    options = api("liaison", "GET", f"/enrollments/{enrollment_id}/make-ups")["options"]
    make_up = next(o for o in options if o["cohort_id"] == other["id"])
    path = f"/enrollments/{enrollment_id}/make-ups"
    api("liaison", "POST", path, {"session_id": make_up["session_id"]}, status=201)
    days_pass(other["id"], 15)
    take_attendance(api, make_up["session_id"])
    lacking = api("liaison", "GET", f"/enrollments/{enrollment_id}")["missing"]
    assert lacking == [individual]
    individual_session_attended(api, case_id)

    assert api("liaison", "GET", f"/referrals/{case_id}")["state"] == "completed"
    certificate = api("liaison", "POST", f"/enrollments/{enrollment_id}/certificate", status=201)
    assert certificate["status"] == "valid"
    assert api("liaison", "GET", f"/referrals/{case_id}/letters/outcome.pdf").data[:4] == b"%PDF"
    checks = api("liaison", "GET", f"/referrals/{case_id}/follow-up-checks")["checks"]
    assert [c["status"] for c in checks] == ["upcoming"] * 3


def test_a_case_under_review_is_overridden_then_withdrawn_and_returned(client, program):
    api = Script(client, program)
    case_id, state = refer(api, "Ó Súilleabháin", "500-01-000102-261", priors=["999"])
    assert state == "needs_review"  # a prior the catalogue does not know
    api("liaison", "POST", f"/referrals/{case_id}/override", {"outcome": "eligible"}, status=403)
    body = {"outcome": "eligible", "reason": "The prior is a provincial offence."}
    assert api("admin", "POST", f"/referrals/{case_id}/override", body)["state"] == "eligible"
    admit(api, case_id)
    cohort = open_cohort(api, "A-2", 7)
    seat = api("liaison", "POST", f"/referrals/{case_id}/enroll", {"cohort_id": cohort["id"]}, 201)
    path = f"/enrollments/{seat['enrollment_id']}/withdraw"
    api("liaison", "POST", path, {"reason": "The client declines the program."})
    api("liaison", "GET", f"/referrals/{case_id}/letters/outcome.pdf")
    assert api("liaison", "POST", f"/referrals/{case_id}/return")["state"] == "returned"
    api("liaison", "POST", path, {"reason": "Again."}, status=409)


def test_an_ineligible_case_is_returned_without_override(client, program):
    api = Script(client, program)
    case_id, state = refer(api, "Roy", "500-01-000103-261", priors=["266"])
    assert state == "ineligible"
    consent = {"consent": True, "counsel_advised": True, "accepts_responsibility": True}
    api("liaison", "POST", f"/referrals/{case_id}/consent", consent, status=409)
    assert api("liaison", "POST", f"/referrals/{case_id}/return")["state"] == "returned"
