"""Read-side queries of the case list and the case page, and the labels they show."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel.numbers import format_currency
from flask_babel import get_locale
from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..audit.models import VIEW_ACTION, AuditEntry
from ..clock import program_date
from ..extensions import db
from ..i18n import N_, TranslatedLabels
from ..pagination import paginate_rows
from ..sites.services import site_count
from .access import case_criterion
from .catalogue import load_shipped_offences, normalize_code
from .duplicates import duplicate_of, same_person_summary
from .fees import balance
from .letters import Override, ScreeningLetter
from .models import CASE_STATES, Case, Client, ScreeningDecision
from .names import normalize_name
from .screening_types import Decision, Outcome, RuleOutcome, RuleResult

CASES_PER_PAGE = 25
TIMELINE_LIMIT = 200

STATE_LABELS = TranslatedLabels(
    {
        "received": N_("Received"),
        "eligible": N_("Eligible"),
        "needs_review": N_("To review"),
        "ineligible": N_("Ineligible"),
        "consented": N_("Consented"),
        "admitted": N_("Admitted"),
        "enrolled": N_("Enrolled"),
        "waitlisted": N_("Waitlisted"),
        "completed": N_("Completed"),
        "failed": N_("Failed"),
        "withdrawn": N_("Withdrawn"),
        "returned": N_("Returned to the prosecutor"),
    }
)
RULE_LABELS = TranslatedLabels(
    {
        "accepted_charge": N_("The charge is accepted by the program"),
        "no_minor_involved": N_("No person under 18 involved"),
        "adult_at_offence": N_("Adult on the offence date"),
        "no_violent_priors": N_("No prior conviction for a violent offence"),
        "no_sexual_priors": N_("No prior conviction for a sexual offence"),
        "first_participation": N_("First participation in the program"),
        "not_exploitation_charge": N_(
            "The charge is not procuring, material benefit or trafficking"
        ),
        "no_exploitation_priors": N_("No prior conviction for sexual exploitation"),
    }
)
RESULT_LABELS = TranslatedLabels({"pass": N_("Pass"), "fail": N_("Fail"), "unknown": N_("Unknown")})
ACTION_LABELS = TranslatedLabels(
    {
        "case.created": N_("Referral entered"),
        "case.screened": N_("Screening"),
        "case.overridden": N_("Decision by the coordinator"),
        "case.consented": N_("Consent recorded"),
        "case.admitted": N_("Admission by the prosecutor"),
        "case.returned": N_("Returned to the prosecutor"),
        "case.letter": N_("Screening letter produced"),
        "fee.assessed": N_("Fee assessed"),
        "fee.reduced": N_("Fee reduced"),
        "fee.waived": N_("Fee waived"),
        "fee.payment": N_("Payment recorded"),
        "enrollment.created": N_("Enrollment in a cohort"),
        "enrollment.promoted": N_("Promoted from the waitlist"),
        "enrollment.withdrawn": N_("Withdrawn from the cohort"),
        "enrollment.ended": N_("Enrollment ended"),
        "follow_up.required": N_("Follow-up requirement set"),
        "follow_up.scheduled": N_("Individual session scheduled"),
        "case.note_added": N_("Note added"),
        "case.document_uploaded": N_("Document filed"),
        "case.document_downloaded": N_("Document downloaded"),
    }
)
# Badge style of each screening outcome, in the stylesheet's tag classes.
OUTCOME_TAGS = {"eligible": "tag-success", "ineligible": "tag-failure", "needs_review": ""}


@dataclass(frozen=True)
class RuleLine:
    """One screening rule as the case page shows it."""

    rule: str
    result: str
    reason: str


def name_condition(q: str):
    """Match every word of the normalized query inside the normalized name, in any order.

    Case.search_name holds the client's family then given name, normalized like the person
    key (case, accents, hyphens, spaces), so "jean-francois TREMBLAY" finds "Tremblay,
    Jean-François", and so does "tremblay jean". The API searches the same way.
    """
    words = normalize_name(q).split()
    if not words:
        return None
    return and_(*(Case.search_name.contains(word, autoescape=True) for word in words))


def _name_search(q: str):
    """The name condition of a query without digits, else None: a court file is searched.

    Names have no digits and court file numbers are mostly digits, so one condition is
    enough: the database then filters on one column instead of an OR over two tables.
    """
    if any(character.isdigit() for character in q):
        return None
    return name_condition(q)


def _court_file_condition(q: str):
    """Match the typed text anywhere in the court file number, ignoring case."""
    return Case.court_file.ilike(f"%{_escape_like(q)}%", escape="\\")


def _escape_like(text: str) -> str:
    """Escape LIKE wildcards in typed text."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matching(query: Select, q: str, state: str, site_id: int | None) -> Select:
    """Narrow a query over cases to those the user reaches, a search, a state and a site.

    A name is matched on the case's copy of its client's normalized name, so that the
    site and the name are read from one index (a trigram one on PostgreSQL). The site (the
    user's, or the one a province-wide admin picked) and the state are served by the index
    on (site_id, state, id).
    """
    query = query.where(case_criterion())
    if site_id is not None:
        query = query.where(Case.site_id == site_id)
    q = q.strip()
    if q:
        by_name = _name_search(q)
        query = query.where(_court_file_condition(q) if by_name is None else by_name)
    if state in CASE_STATES:
        query = query.where(Case.state == state)
    return query


def case_list_query(q: str = "", state: str = "", site_id: int | None = None) -> Select:
    """The cases matching a search and a state, newest first, with client and decisions."""
    query = (
        select(Case)
        .join(Case.client)
        .options(
            contains_eager(Case.client),
            # The list shows the outcome only: leave the rules' text in the database.
            selectinload(Case.decisions).load_only(
                ScreeningDecision.id,
                ScreeningDecision.outcome,
                ScreeningDecision.override_outcome,
            ),
        )
        .order_by(Case.id.desc())
    )
    return _matching(query, q, state, site_id)


def case_count(q: str = "", state: str = "", site_id: int | None = None) -> int:
    """How many cases match, counted on the case table alone.

    count(*) rather than count(id): SQLite counts a whole table from its b-tree without
    reading a row.
    """
    query = select(func.count()).select_from(Case)
    return db.session.scalar(_matching(query, q, state, site_id))


def case_ids_query(q: str = "", state: str = "", site_id: int | None = None) -> Select:
    """The ids of the matching cases, newest first, read from the case table alone."""
    return _matching(select(Case.id).order_by(Case.id.desc()), q, state, site_id)


def _latest_outcome():
    """The outcome in force of a case's newest decision, as a correlated subquery."""
    return (
        select(func.coalesce(ScreeningDecision.override_outcome, ScreeningDecision.outcome))
        .where(ScreeningDecision.case_id == Case.id)
        .order_by(ScreeningDecision.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


@cache
def _case_rows() -> Select:
    """The case list's columns, newest first, built once: a page's ids pick its rows."""
    return (
        select(
            Case.id,
            Case.site_id,
            Case.court_file,
            Case.state,
            Case.received_on,
            Case.deadline,
            Client.family_name,
            Client.given_name,
            _latest_outcome().label("outcome"),
        )
        .join(Case.client)
        .order_by(Case.id.desc())
    )


def case_page(q: str = "", state: str = "", page: int = 1, site_id: int | None = None):
    """One page of the case list: its cases chosen by id first, then only their rows read.

    Only the cases the user reaches are listed and counted; site_id narrows them to a site.
    """
    return paginate_rows(
        _case_rows(),
        lambda: case_count(q, state, site_id),
        page,
        CASES_PER_PAGE,
        keys=case_ids_query(q, state, site_id),
    )


def decision_rules(decision) -> list[RuleLine]:
    """The rules of a decision with their reasons in the reader's language."""
    if decision is None:
        return []
    key = "reason_fr" if get_locale().language == "fr" else "reason_en"
    return [
        RuleLine(rule["rule"], rule["result"], rule.get(key) or "")
        for rule in json.loads(decision.rules)
    ]


def case_timeline(case_id: int) -> list[AuditEntry]:
    """The changes of a case, newest first, with their actors.

    The views of the case page stay in the audit log (and in the participant's own
    record) but not in the case's history: a case read every day would show nothing else.
    """
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .where(
            AuditEntry.object_type == "case",
            AuditEntry.object_id == case_id,
            AuditEntry.action != VIEW_ACTION,
        )
        .order_by(AuditEntry.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    return list(db.session.scalars(query))


def offence_title(code: str) -> str | None:
    """The catalogue title of a section in the reader's language, or None when unknown."""
    offence = load_shipped_offences().get(normalize_code(code))
    if offence is None:
        return None
    return offence.title_fr if get_locale().language == "fr" else offence.title_en


def unknown_codes(codes) -> list[str]:
    """The normalized sections among codes that the catalogue does not know."""
    catalogue = load_shipped_offences()
    normalized = (normalize_code(code) for code in codes if code)
    return list(dict.fromkeys(code for code in normalized if code not in catalogue))


def money(amount: Decimal) -> str:
    """An amount of Canadian dollars as the reader writes it: "300,00 $" or "$300.00"."""
    return format_currency(amount, "CAD", locale=f"{get_locale().language}_CA")


def site_name(case: Case) -> str | None:
    """The name of the case's site in the reader's language, once there are several sites."""
    if site_count() < 2:
        return None
    return case.site.name(get_locale().language)


def case_page_options() -> tuple:
    """What the case page reads of the case itself, to load with it."""
    return (
        joinedload(Case.client),
        joinedload(Case.site),
        joinedload(Case.consent),
        joinedload(Case.admission),
        joinedload(Case.fee),
        selectinload(Case.priors),
        selectinload(Case.decisions),
    )


def case_details(case: Case) -> dict:
    """Everything the case page shows besides the case itself and its forms."""
    decision = case.latest_decision
    return {
        "site_name": site_name(case),
        "decision": decision,
        "rules": decision_rules(decision),
        **same_person_summary(case),
        "duplicate_of": duplicate_of(case),
        "timeline": case_timeline(case.id),
        "prior_titles": {prior.id: offence_title(prior.offence_code) for prior in case.priors},
        "offence_title": offence_title(case.offence_code),
        "fee": case.fee,
        "balance": balance(case),
    }


def stored_decision(decision: ScreeningDecision) -> Decision:
    """Rebuild the screening decision from its stored row."""
    rules = tuple(
        RuleOutcome(
            rule["rule"],
            RuleResult(rule["result"]),
            rule.get("reason_fr") or "",
            rule.get("reason_en") or "",
        )
        for rule in json.loads(decision.rules)
    )
    return Decision(Outcome(decision.outcome), rules, decision.settings_version)


def stored_override(decision: ScreeningDecision) -> Override | None:
    """The coordinator's override of a decision, dated in the program's time zone, if any."""
    if not decision.override_outcome:
        return None
    decided_on = program_date(decision.overridden_at)
    return Override(Outcome(decision.override_outcome), decision.override_reason, decided_on)


def screening_letter(case: Case, issued_on: date) -> ScreeningLetter | None:
    """The letter telling the prosecutor the latest screening, in the client's language."""
    decision = case.latest_decision
    if decision is None:
        return None
    language = case.client.language
    offence = load_shipped_offences().get(normalize_code(case.offence_code))
    title = None
    if offence is not None:
        title = offence.title_fr if language == "fr" else offence.title_en
    return ScreeningLetter(
        language=language,
        issued_on=issued_on,
        court_file=case.court_file,
        client_name=case.client.full_name,
        birth_date=case.client.birth_date,
        offence_code=case.offence_code,
        offence_title=title,
        offence_date=case.offence_date,
        decision=stored_decision(decision),
        override=stored_override(decision),
        prosecutor=case.admission.prosecutor if case.admission else None,
    )
