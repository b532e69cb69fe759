"""API endpoints of the court liaison: referrals, screening, consent, admission, fees."""

import json
from datetime import date

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import program_today
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_for_update_or_404, case_or_404
from ..referrals.duplicates import duplicate_of, same_person_summary
from ..referrals.fees import balance, parse_amount, record_payment, reduce_fee, waive_fee
from ..referrals.forms import PAYMENT_METHODS
from ..referrals.queries import case_count, case_list_query
from ..referrals.services import (
    CaseStateError,
    create_referral,
    record_admission,
    record_consent,
    screen_case,
)
from ..referrals.validation import InvalidReferral, clean_referral
from ..sites.access import needs_site_choice
from ..sites.services import find_site
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
            **duplicate_of_json(case),
            possible_duplicates=[
                {
                    "id": other.case_id,
                    "state": other.state,
                    "received_on": other.received_on.isoformat(),
                    "url": url_for("api.get_referral", case_id=other.case_id),
                }
                for other in same_person_summary(case)["possible_duplicates"]
            ],
        )
    return body


def duplicate_of_json(case):
    """The case a closed duplicate points to: its id, or only that it is at another site."""
    shown = duplicate_of(case)
    return {
        "duplicate_of": shown and shown.case_id,
        "duplicate_of_another_site": bool(shown and shown.is_at_another_site),
    }


def request_body():
    """The JSON body, or an empty dict when there is none or it is not an object."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def state_conflict(error):
    """Answer 409 with the reason."""
    db.session.rollback()
    return json_error(409, error)


class SiteNotNamed(ValueError):
    """A province-wide admin of several sites named no site, or an unknown one."""


def referral_site(body) -> int | None:
    """The site named by code in the body, when the user must choose one; else None (theirs)."""
    if not needs_site_choice():
        return None
    code = body.get("site")
    site = find_site(code) if isinstance(code, str) and code.strip() else None
    if site is None:
        raise SiteNotNamed(_("Name the site of the case by its code (the deployment has several)."))
    return site.id


@bp.post("/referrals")
@role_required(Role.LIAISON, Role.ADMIN)
def create_referral_endpoint():
    """Record a referral and screen it at once; it belongs to the user's site, or the named."""
    body = request_body()
    try:
        site_id = referral_site(body)
        client, referral, priors = clean_referral(body, program_today())
    except SiteNotNamed as error:
        return json_error(422, error, {"site": str(error)})
    except InvalidReferral as error:
        return json_error(422, error, error.fields)
    case = create_referral(client, referral, priors, by=current_user, site_id=site_id)
    db.session.commit()
    return jsonify(
        id=case.id,
        state=case.state,
        decision=decision_json(case.latest_decision, current_user.language),
    ), 201


@bp.get("/referrals")
@role_required(Role.LIAISON, Role.ADMIN)
def list_referrals():
    """List cases, newest first, filtered by state and searched by name or court file."""
    q, state = request.args.get("q", ""), request.args.get("state", "")
    page = max(int(request.args["page"]), 1) if request.args.get("page", "").isdigit() else 1
    cases = db.session.scalars(
        case_list_query(q, state).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    )
    return jsonify(items=[case_json(case) for case in cases], total=case_count(q, state), page=page)


@bp.get("/referrals/<int:case_id>")
@role_required(Role.LIAISON, Role.ADMIN)
def get_referral(case_id):
    """The case with its state and latest decision."""
    return jsonify(case_json(case_or_404(case_id), full=True))


@bp.post("/referrals/<int:case_id>/screen")
@role_required(Role.LIAISON)
def screen_referral(case_id):
    """Screen again after new information."""
    case = case_or_404(case_id)
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
        fields[key] = _("Expected a date as YYYY-MM-DD.")
        return None


@bp.post("/referrals/<int:case_id>/consent")
@role_required(Role.LIAISON)
def consent_referral(case_id):
    """Record the client's consent."""
    case, body = case_or_404(case_id), request_body()
    fields = {
        key: _("Consent needs this to be true.")
        for key in ("consent", "counsel_advised", "accepts_responsibility")
        if body.get(key) is not True
    }
    consented_on = _day(body, "consented_on", fields) if "consented_on" in body else None
    if fields:
        return json_error(422, _("Consent is not complete."), fields)
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
    case, body, fields = case_or_404(case_id), request_body(), {}
    admitted_on = _day(body, "admitted_on", fields)
    prosecutor = body.get("prosecutor")
    if not isinstance(prosecutor, str) or not prosecutor.strip():
        fields["prosecutor"] = _("Name the prosecutor.")
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    try:
        record_admission(case, prosecutor=prosecutor, admitted_on=admitted_on, by=current_user)
    except CaseStateError as error:
        return state_conflict(error)
    db.session.commit()
    return jsonify(case_json(case, full=True))


def locked_case(case_id):
    """Load a case the user reaches to change, locked, or answer 404."""
    return case_for_update_or_404(case_id)


def _text(body, key, message, fields):
    """A non-empty string from the body, noting a problem in fields."""
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        fields[key] = message
        return None
    return value.strip()


def _amount(body, fields):
    """A positive amount with at most two decimals, noting a problem in fields."""
    value = body.get("amount")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        fields["amount"] = _('Expected an amount such as "250.00".')
        return None
    try:
        return parse_amount(value)
    except ValueError as error:
        fields["amount"] = str(error)
        return None


def refresh_completion_of(case):
    """Complete the case if the fee was all it lacked (attendance is imported late: no cycle)."""
    from ..attendance.services import refresh_case_completion

    refresh_case_completion(case, by=current_user)


def fee_refused(error, field):
    """Answer 409 for a case without a fee, 422 with the field otherwise; roll back."""
    if isinstance(error, CaseStateError):
        return state_conflict(error)
    db.session.rollback()
    return json_error(422, error, {field: str(error)})


@bp.post("/referrals/<int:case_id>/payments")
@role_required(Role.LIAISON, Role.ADMIN)
def pay_referral(case_id):
    """Record a payment with its receipt number; answer the new balance."""
    case, body, fields = locked_case(case_id), request_body(), {}
    amount = _amount(body, fields)
    if body.get("method") not in PAYMENT_METHODS:
        fields["method"] = _("Expected one of: %(choices)s.", choices=", ".join(PAYMENT_METHODS))
    receipt = _text(body, "receipt", _("Give the receipt number."), fields)
    paid_on = _day(body, "paid_on", fields) if body.get("paid_on") is not None else program_today()
    if paid_on and paid_on > program_today():
        fields["paid_on"] = _("The date cannot be in the future.")
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    try:
        payment = record_payment(
            case, amount, method=body["method"], receipt=receipt, paid_on=paid_on, by=current_user
        )
    except ValueError as error:  # CaseStateError included: no fee before admission
        return fee_refused(error, "amount")
    refresh_completion_of(case)
    db.session.commit()
    return jsonify(payment_id=payment.id, balance=str(balance(case))), 201


def fee_json(case):
    """Describe a case's fee and what remains to pay."""
    fee = case.fee
    return {
        "amount": str(fee.amount),
        "waived": fee.is_waived,
        "reason": fee.adjustment_reason,
        "balance": str(balance(case)),
    }


@bp.post("/referrals/<int:case_id>/fee")
@role_required(Role.ADMIN)
def adjust_fee(case_id):
    """Reduce the fee on the sliding scale, or waive it, with a reason (coordinator only)."""
    case, body, fields = locked_case(case_id), request_body(), {}
    waived = body.get("waived", False)
    if not isinstance(waived, bool):
        fields["waived"] = _("Expected true or false.")
    elif not waived and "amount" not in body:
        fields["amount"] = _('Give the new amount, or "waived": true.')
    amount = _amount(body, fields) if "amount" in body and waived is False else None
    reason = _text(body, "reason", _("Write the reason."), fields)
    if fields:
        return json_error(422, _("Some fields are invalid."), fields)
    try:
        if waived:
            waive_fee(case, reason, by=current_user)
        else:
            reduce_fee(case, amount, reason, by=current_user)
    except ValueError as error:  # CaseStateError included: no fee before admission
        return fee_refused(error, "reason" if waived else "amount")
    refresh_completion_of(case)
    db.session.commit()
    return jsonify(fee_json(case))
