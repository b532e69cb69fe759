"""Demonstration cases: a realistic dozen, in every state the program reaches so far."""

from datetime import date, timedelta

from sqlalchemy import func, select

from ..clock import program_today
from ..extensions import db
from .models import Case
from .services import (
    create_referral,
    override_decision,
    record_admission,
    record_consent,
    return_to_prosecutor,
)

# family name, given name, birth date (or None), language, prior sections, what happens next
DEMO_CASES = [
    ("Tremblay", "Jean-François", "1979-03-14", "fr", [], "admit"),
    ("Gagnon", "Marc-André", "1986-11-02", "fr", ["334"], "admit"),
    ("Nguyễn", "Văn An", "1990-07-21", "fr", [], "consent"),
    ("Kowalski", "Łukasz", "1983-01-30", "en", ["320.14(1)"], "consent"),
    ("Roy", "Stéphane", "1975-09-09", "fr", [], None),
    ("O'Brien", "Patrick", "1968-12-01", "en", ["CDSA 4(1)"], None),
    ("Bouchard", "Éric", "1981-05-17", "fr", ["266"], None),
    ("Lefebvre", "Mathieu", "1972-02-28", "fr", ["271"], "return"),
    ("Popescu", "Ștefan", "1988-08-08", "en", ["999.9"], None),
    ("Côté", "Sébastien", None, "fr", [], None),
    ("Ó Súilleabháin", "Seán", "1985-04-04", "en", ["999.9"], "override"),
    ("Morin", "Alexandre", "1992-10-10", "fr", ["286.1(1)"], None),
]


def _referral_data(index, family, given, birth, language, today):
    """The client and referral parts of one demonstration case."""
    client = {
        "family_name": family,
        "given_name": given,
        "language": language,
        "birth_date": date.fromisoformat(birth) if birth else None,
        "email": f"client{index + 1}@demo.example",
        "postal_code": "J4K 1A1",
    }
    referral = {
        "source": ("police", "prosecutor", "court")[index % 3],
        "offence_code": "286.1(1)",
        "offence_date": today - timedelta(days=40 + index),
        "court_file": f"505-01-{10000 + index:06d}-26",
        "involves_minor": False,
        "received_on": today - timedelta(days=30 - index),
    }
    return client, referral


def _follow_up(case, step, today, liaison, admin):
    """Take a demonstration case one or two steps further."""
    if step in ("consent", "admit"):
        record_consent(
            case,
            counsel_advised=True,
            accepts_responsibility=True,
            consented_on=today - timedelta(days=10),
            by=liaison,
        )
    if step == "admit":
        record_admission(
            case, prosecutor="Me Isabelle Fortin", admitted_on=today - timedelta(days=5), by=liaison
        )
    if step == "return":
        return_to_prosecutor(case, by=liaison)
    if step == "override":
        override_decision(
            case,
            "eligible",
            "Section 999.9 is a municipal by-law offence, not a Criminal Code conviction.",
            by=admin,
        )


def load_demo_cases(liaison, admin) -> int:
    """Add the demonstration cases unless cases exist; return how many were added."""
    if db.session.scalar(select(func.count()).select_from(Case)):
        return 0
    today = program_today()
    for index, (family, given, birth, language, priors, step) in enumerate(DEMO_CASES):
        client, referral = _referral_data(index, family, given, birth, language, today)
        case = create_referral(
            client, referral, [{"offence_code": code} for code in priors], by=liaison
        )
        _follow_up(case, step, today, liaison, admin)
    return len(DEMO_CASES)
