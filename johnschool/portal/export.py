"""Everything held about a participant, as JSON (Law 25: people may obtain their own data)."""

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..curriculum.models import Session
from ..enrollment.models import Enrollment, FollowUpRequirement
from ..extensions import db
from ..messages.models import OutboxMessage
from ..messages.preferences import reminder_preference
from ..referrals.models import Case, Client
from .export_records import access_history, iso, questionnaire_data
from .queries import case_sessions, speaker_name
from .services import participant_client


def account_data(user: User) -> dict:
    """The participant's own account."""
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "created_at": iso(user.created_at),
        "last_login_at": iso(user.last_login_at),
    }


def client_data(client: Client) -> dict:
    """The identifying fields kept about the client."""
    return {
        "family_name": client.family_name,
        "given_name": client.given_name,
        "birth_date": iso(client.birth_date),
        "language": client.language,
        "email": client.email,
        "phone": client.phone,
        "postal_code": client.postal_code,
        "created_at": iso(client.created_at),
    }


def decision_data(decision) -> dict:
    """One screening decision, with its rules and any override."""
    return {
        "outcome": decision.outcome,
        "override_outcome": decision.override_outcome,
        "override_reason": decision.override_reason,
        "rules": json.loads(decision.rules),
        "decided_at": iso(decision.decided_at),
    }


def fee_data(case: Case) -> dict | None:
    """The fee assessed and the payments made."""
    if case.fee is None:
        return None
    return {
        "amount": str(case.fee.amount),
        "is_waived": case.fee.is_waived,
        "adjustment_reason": case.fee.adjustment_reason,
        "payments": [
            {
                "amount": str(p.amount),
                "method": p.method,
                "receipt": p.receipt,
                "paid_on": iso(p.paid_on),
            }
            for p in case.payments
        ],
    }


def session_data(session: Session) -> dict:
    """One session as the participant knows it."""
    return {
        "module": session.module.code if session.module else None,
        "discipline": session.discipline,
        "starts_at": iso(session.starts_at),
        "ends_at": iso(session.ends_at),
        "place": session.place,
        "professional": speaker_name(session),
        "is_cancelled": session.is_cancelled,
    }


def enrollment_data(enrollment: Enrollment) -> dict:
    """One place in a cohort."""
    return {
        "cohort": enrollment.cohort.code,
        "status": enrollment.status,
        "requested_at": iso(enrollment.requested_at),
        "enrolled_at": iso(enrollment.enrolled_at),
        "ended_at": iso(enrollment.ended_at),
        "end_reason": enrollment.end_reason,
    }


def case_data(case: Case) -> dict:
    """One case: referral, decisions, consent, admission, fee, enrollments and sessions."""
    enrollments = db.session.scalars(
        select(Enrollment).where(Enrollment.case_id == case.id).order_by(Enrollment.id)
    ).all()
    follow_ups = db.session.scalars(
        select(FollowUpRequirement).where(FollowUpRequirement.case_id == case.id)
    )
    return {
        "id": case.id,
        "state": case.state,
        "referral": {
            "source": case.source,
            "offence_code": case.offence_code,
            "offence_date": iso(case.offence_date),
            "court_file": case.court_file,
            "involves_minor": case.involves_minor,
            "received_on": iso(case.received_on),
        },
        "deadline": iso(case.deadline),
        "prior_convictions": [
            {"offence_code": p.offence_code, "conviction_date": iso(p.conviction_date)}
            for p in case.priors
        ],
        "decisions": [decision_data(d) for d in case.decisions],
        "consent": case.consent
        and {
            "counsel_advised": case.consent.counsel_advised,
            "accepts_responsibility": case.consent.accepts_responsibility,
            "consented_on": iso(case.consent.consented_on),
        },
        "admission": case.admission
        and {
            "prosecutor": case.admission.prosecutor,
            "admitted_on": iso(case.admission.admitted_on),
        },
        "fee": fee_data(case),
        "enrollments": [enrollment_data(e) for e in enrollments],
        "follow_up_requirements": [
            {"discipline": f.discipline, "session_count": f.session_count} for f in follow_ups
        ],
        "sessions": [session_data(s) for s in case_sessions(case, enrollments)],
    }


def message_data(client: Client, user: User, case_ids: list[int]) -> list[dict]:
    """Messages queued to the participant: kind, subject and dates, not their bodies."""
    addresses = {a for a in ((client.email or "").strip(), user.email) if a}
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(or_(OutboxMessage.case_id.in_(case_ids), OutboxMessage.to_address.in_(addresses)))
        .order_by(OutboxMessage.id)
    )
    return [
        {
            "kind": m.kind,
            "channel": m.channel,
            "subject": m.subject,
            "status": m.status,
            "created_at": iso(m.created_at),
            "sent_at": iso(m.sent_at),
        }
        for m in messages
    ]


def reminder_data(client: Client) -> dict | None:
    """The reminder channels chosen, the number for texts and whether texts are stopped."""
    preference = reminder_preference(client.id)
    if preference is None:
        return None
    return {
        "channels": preference.channels,
        "sms_phone": preference.sms_phone,
        "sms_stopped_at": iso(preference.sms_stopped_at),
        "consent_recorded_at": iso(preference.consent_recorded_at),
    }


def participant_data(user: User) -> dict:
    """Everything held about the participant signed in as user."""
    client = participant_client(user)
    data = {
        "account": account_data(user),
        "client": None,
        "cases": [],
        "messages": [],
        "questionnaires": [],
        "access_history": access_history(user.id, []),
        "reminders": None,
    }
    if client is None:
        return data
    cases = db.session.scalars(
        select(Case)
        .options(selectinload(Case.priors), selectinload(Case.decisions))
        .where(Case.client_id == client.id)
        .order_by(Case.id)
    ).all()
    data["client"] = client_data(client)
    data["cases"] = [case_data(case) for case in cases]
    case_ids = [case.id for case in cases]
    data["messages"] = message_data(client, user, case_ids)
    data["questionnaires"] = questionnaire_data(case_ids, client.language)
    data["access_history"] = access_history(user.id, case_ids)
    data["reminders"] = reminder_data(client)
    return data
