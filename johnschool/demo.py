"""A demonstration program of two sites: one account per role, more data as domains arrive."""

from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event, func, select

from .auth.mfa import is_required, totp_secret
from .auth.mfa_crypto import encrypt_secret
from .auth.models import User
from .auth.services import create_user, find_user_by_email
from .clock import program_today
from .curriculum.services import CohortDraft, create_cohort
from .database import utcnow
from .demo_program import load_demo_program
from .extensions import db
from .questionnaires.demo import load_demo_answers
from .referrals.demo import load_demo_cases
from .referrals.services import create_referral
from .research.demo import load_demo_follow_ups
from .sites.models import Site
from .sites.services import create_site, find_site, sole_site

# Demonstration passwords only: printed by `make run`, never used in production.
DEMO_ACCOUNTS = [
    ("coordination@demo.example", "Claire Coordonnatrice", "admin", "demo coordination 2026"),
    ("liaison@demo.example", "Louis Liaison", "liaison", "demo liaison palais"),
    ("staff@demo.example", "Sophie Animatrice", "staff", "demo animation salle"),
    ("participant@demo.example", "Pierre Participant", "participant", "demo participant horaire"),
    ("research@demo.example", "Rachel Recherche", "researcher", "demo recherche tableaux"),
]

# The first site (the migration's MAIN) becomes Montréal; Québec is the second site.
FIRST_DEMO_SITE = ("MTL", "Montréal", "Montreal")
SECOND_DEMO_SITE = ("QC", "Québec", "Quebec City")
SECOND_SITE_ACCOUNTS = [
    ("coordination.qc@demo.example", "Quentin Coordonnateur", "admin", "demo coordination qc"),
    ("liaison.qc@demo.example", "Laure Liaison", "liaison", "demo liaison quebec"),
    ("staff.qc@demo.example", "Simon Animateur", "staff", "demo animation quebec"),
]
SECOND_SITE_CASES = [
    ("Lavoie", "Jean", "1979-02-11", "fr"),
    ("Fortin", "Éric", "1988-07-30", "fr"),
    ("Morin", "Kevin", None, "fr"),  # no birth date: needs review
]


# A published demonstration key: the demo accounts whose role requires a second factor
# are enrolled with it, so that anyone can compute their codes.
DEMO_TOTP_SECRET = "DEMODEMODEMODEMODEMODEMODEMODEMO"


def database_is_empty() -> bool:
    """Tell whether no account exists yet."""
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def demo_second_step(user: User | None) -> str:
    """How a demo account passes the second step of signing in, as it stands."""
    if user is not None and user.has_second_factor:
        return "demo key" if totp_secret(user) == DEMO_TOTP_SECRET else "own authenticator"
    if user is not None and is_required(user):
        return "set up at first sign-in"
    return "none"


def demo_login_lines() -> list[str]:
    """How to sign in with each demo account: email, password and second step."""
    lines, steps = [], set()
    for email, _name, role, password in DEMO_ACCOUNTS + SECOND_SITE_ACCOUNTS:
        user = find_user_by_email(email)
        step = demo_second_step(user)
        steps.add(step)
        site = user.site.code if user is not None and user.site is not None else "-"
        lines.append(f"  {role:<12} {site:<4} {email:<30} {password:<26} {step}")
    if "demo key" in steps:
        code = f"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())"
        lines += [
            f"Second step, demo key {DEMO_TOTP_SECRET}: add it to an authenticator app, or run",
            f'  .venv/bin/python -c "{code}"',
            "Each code signs in once: to sign in again with one account, wait for the next code.",
        ]
    return lines


def create_demo_accounts(rows, site=None) -> dict:
    """Create the demo accounts of rows that do not exist yet; return them by role."""
    for email, name, role, password in rows:
        if find_user_by_email(email) is None:
            user = create_user(email, name, role, password, site=site)
            if is_required(user):
                user.totp_secret = encrypt_secret(DEMO_TOTP_SECRET)
                user.mfa_enrolled_at = utcnow()
    return {role: find_user_by_email(email) for email, _name, role, _pw in rows}


def name_the_first_site() -> None:
    """Rename the migration's only site MAIN to Montréal (MTL)."""
    site = sole_site()
    code, name_fr, name_en = FIRST_DEMO_SITE
    if site is not None and site.code == "MAIN" and find_site(code) is None:
        site.code, site.name_fr, site.name_en = code, name_fr, name_en


def load_demo() -> None:
    """Create the demonstration accounts, cases and program of Montréal, then Québec's."""
    if find_site(SECOND_DEMO_SITE[0]) is None:
        name_the_first_site()
        accounts = create_demo_accounts(DEMO_ACCOUNTS)
        load_demo_cases(accounts["liaison"], accounts["admin"])
        load_demo_program(accounts)
        load_demo_follow_ups(accounts["liaison"])
        load_demo_answers(accounts["liaison"])
    load_second_site()


def load_second_site() -> None:
    """Add Québec with its coordinator, liaison and staff, a few cases and a cohort."""
    code, name_fr, name_en = SECOND_DEMO_SITE
    if find_site(code) is not None:
        return
    site = create_site(code, name_fr, name_en)
    accounts = create_demo_accounts(SECOND_SITE_ACCOUNTS, site=site)
    today = program_today()
    with rows_filed_under(site):
        for index, (family, given, birth, language) in enumerate(SECOND_SITE_CASES):
            client = {
                "family_name": family,
                "given_name": given,
                "language": language,
                "birth_date": date.fromisoformat(birth) if birth else None,
                "email": f"client.qc{index + 1}@demo.example",
                "postal_code": "G1R 4P5",
            }
            referral = {
                "source": "police",
                "offence_code": "286.1(1)",
                "offence_date": today - timedelta(days=20 + index),
                "court_file": f"200-01-{20000 + index:06d}-26",
                "involves_minor": False,
            }
            create_referral(client, referral, [], by=accounts["liaison"])
        draft = CohortDraft(
            code="QC-2027-01",
            language="fr",
            capacity=12,
            place="Salle Champlain, 2 rue des Jardins, Québec",
            starts_on=today + timedelta(days=28),
            format="one_day",
        )
        create_cohort(draft, by=accounts["admin"])


@contextmanager
def rows_filed_under(site: Site):
    """File every new row with a site_id left empty under site while the block runs.

    The demo writes Québec's rows through the domain services; this names their site
    whether or not a service already takes it from the account that writes.
    """

    def fill_site(session, _context, _instances):
        for row in session.new:
            if hasattr(row, "site_id") and row.site_id is None and not hasattr(row, "role"):
                row.site_id = site.id

    session = db.session()
    event.listen(session, "before_flush", fill_site)
    try:
        yield
    finally:
        event.remove(session, "before_flush", fill_site)
