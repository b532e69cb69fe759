"""API endpoints of the court liaison: referrals, screening, consent, admission."""

import json
from datetime import date

from flask import jsonify, request
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..errors import json_error
from ..extensions import db
from ..permissions import Role, get_or_404, role_required
from ..referrals.models import CASE_STATES, Case, Client
from ..referrals.names import normalize_name
from ..referrals.services import (
    CaseStateError,
    create_referral,
    program_today,
    record_admission,
    record_consent,
    screen_case,
)
from ..referrals.validation import InvalidReferral, clean_referral
from . import bp

PER_PAGE = 50


def decision_json(decision, language):
    """Describe a screening decision, reasons in language."""
    if decision is None:
        return None
    body = {
        "outcome": decision.effective_outcome,
        "rules": [
            {
                "rule": rule["rule"],
                "result": rule["result"],
                "reason": rule["reason_fr" if language == "fr" else "reason_en"],
            }
            for rule in json.loads(decision.rules)
        ],
        "settings_version": decision.settings_version,
    }
    if decision.override_outcome:
        body["screened_outcome"] = decision.outcome
        body["override"] = {
            "outcome": decision.override_outcome,
            "reason": decision.override_reason,
        }
    return body


def case_json(case, *, full=False):
    """Describe a case: the list's summary, or everything with full."""
    client = case.client
    body = {
        "id": case.id,
        "state": case.state,
        "court_file": case.court_file,
        "family_name": client.family_name,
        "given_name": client.given_name,
        "received_on": case.received_on.isoformat(),
        "deadline": case.deadline.isoformat(),
    }
    if full:
        body.update(
            client={
                "birth_date": client.birth_date and client.birth_date.isoformat(),
                "language": client.language,
                "email": client.email,
                "phone": client.phone,
                "postal_code": client.postal_code,
            },
            referral={
                "source": case.source,
                "offence_code": case.offence_code,
                "offence_date": case.offence_date.isoformat(),
                "involves_minor": case.involves_minor,
            },
            prior_convictions=[
                {
                    "offence_code": p.offence_code,
                    "conviction_date": p.conviction_date and p.conviction_date.isoformat(),
                }
                for p in case.priors
            ],
            decision=decision_json(case.latest_decision, current_user.language),
        )
    return body


def request_body():
    """The JSON body, or an empty dict when there is none."""
    return request.get_json(silent=True) or {}


def state_conflict(error):
    """Answer 409 with the reason."""
    db.session.rollback()
    return json_error(409, error)


@bp.post("/referrals")
@role_required(Role.LIAISON)
def create_referral_endpoint():
    """Record a referral and screen it at once."""
    try:
        client, referral, priors = clean_referral(request_body(), program_today())
    except InvalidReferral as error:
        return json_error(422, error, error.fields)
    case = create_referral(client, referral, priors, by=current_user)
    db.session.commit()
    return jsonify(
        id=case.id,
        state=case.state,
        decision=decision_json(case.latest_decision, current_user.language),
    ), 201


def case_search(query, text):
    """Narrow a case query to a court file number or every word of a name."""
    words = normalize_name(text).split()
    by_name = [Client.search_name.like(f"%{word}%") for word in words]
    return query.where(
        or_(Case.court_file.ilike(f"%{text.strip()}%"), *([and_(*by_name)] if by_name else []))
    )


@bp.get("/referrals")
@role_required(Role.LIAISON, Role.ADMIN)
def list_referrals():
    """List cases, newest first, filtered by state and searched by name or court file."""
    query = select(Case).join(Client)
    if request.args.get("state") in CASE_STATES:
        query = query.where(Case.state == request.args["state"])
    if (request.args.get("q") or "").strip():
        query = case_search(query, request.args["q"])
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(int(request.args["page"]), 1) if request.args.get("page", "").isdigit() else 1
    cases = db.session.scalars(
        query.options(selectinload(Case.client))
        .order_by(Case.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    return jsonify(items=[case_json(case) for case in cases], total=total, page=page)


@bp.get("/referrals/<int:case_id>")
@role_required(Role.LIAISON, Role.ADMIN)
def get_referral(case_id):
    """The case with its state and latest decision."""
    return jsonify(case_json(get_or_404(Case, case_id), full=True))


@bp.post("/referrals/<int:case_id>/screen")
@role_required(Role.LIAISON)
def screen_referral(case_id):
    """Screen again after new information."""
    case = get_or_404(Case, case_id)
    try:
        screen_case(case, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(case_json(case, full=True))


def _day(body, key, fields):
    """A YYYY-MM-DD date from the body, noting a problem in fields."""
    try:
        return date.fromisoformat(str(body.get(key, "")))
    except ValueError:
        fields[key] = "Expected a date as YYYY-MM-DD."
        return None


@bp.post("/referrals/<int:case_id>/consent")
@role_required(Role.LIAISON)
def consent_referral(case_id):
    """Record the client's consent."""
    case, body = get_or_404(Case, case_id), request_body()
    fields = {
        key: "Consent needs this to be true."
        for key in ("consent", "counsel_advised", "accepts_responsibility")
        if body.get(key) is not True
    }
    consented_on = _day(body, "consented_on", fields) if "consented_on" in body else None
    if fields:
        return json_error(422, "Consent is not complete.", fields)
    try:
        record_consent(
            case,
            counsel_advised=True,
            accepts_responsibility=True,
            consented_on=consented_on or program_today(),
            by=current_user,
        )
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(case_json(case, full=True))


@bp.post("/referrals/<int:case_id>/admit")
@role_required(Role.LIAISON)
def admit_referral(case_id):
    """Record the prosecutor's admission."""
    case, body, fields = get_or_404(Case, case_id), request_body(), {}
    admitted_on = _day(body, "admitted_on", fields)
    prosecutor = body.get("prosecutor")
    if not isinstance(prosecutor, str) or not prosecutor.strip():
        fields["prosecutor"] = "Name the prosecutor."
    if fields:
        return json_error(422, "Some fields are invalid.", fields)
    try:
        record_admission(case, prosecutor=prosecutor, admitted_on=admitted_on, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(case_json(case, full=True))
