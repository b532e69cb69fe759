"""A demonstration program: one account per role, more data as domains arrive."""

from sqlalchemy import func, select

from .auth.mfa import is_required, totp_secret
from .auth.mfa_crypto import encrypt_secret
from .auth.models import User
from .auth.services import create_user, find_user_by_email
from .database import utcnow
from .demo_program import load_demo_program
from .extensions import db
from .questionnaires.demo import load_demo_answers
from .referrals.demo import load_demo_cases
from .research.demo import load_demo_follow_ups

# Demonstration passwords only: printed by `make run`, never used in production.
DEMO_ACCOUNTS = [
    ("coordination@demo.example", "Claire Coordonnatrice", "admin", "demo coordination 2026"),
    ("liaison@demo.example", "Louis Liaison", "liaison", "demo liaison palais"),
    ("staff@demo.example", "Sophie Animatrice", "staff", "demo animation salle"),
    ("participant@demo.example", "Pierre Participant", "participant", "demo participant horaire"),
    ("research@demo.example", "Rachel Recherche", "researcher", "demo recherche tableaux"),
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
    for email, _name, role, password in DEMO_ACCOUNTS:
        step = demo_second_step(find_user_by_email(email))
        steps.add(step)
        lines.append(f"  {role:<12} {email:<28} {password:<26} {step}")
    if "demo key" in steps:
        code = f"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())"
        lines += [
            f"Second step, demo key {DEMO_TOTP_SECRET}: add it to an authenticator app, or run",
            f'  .venv/bin/python -c "{code}"',
            "Each code signs in once: to sign in again with one account, wait for the next code.",
        ]
    return lines


def load_demo() -> None:
    """Create the demonstration accounts that do not exist yet, the cases, then the program."""
    for email, name, role, password in DEMO_ACCOUNTS:
        if find_user_by_email(email) is None:
            user = create_user(email, name, role, password)
            if is_required(user):
                user.totp_secret = encrypt_secret(DEMO_TOTP_SECRET)
                user.mfa_enrolled_at = utcnow()
    accounts = {role: find_user_by_email(email) for email, _name, role, _pw in DEMO_ACCOUNTS}
    load_demo_cases(accounts["liaison"], accounts["admin"])
    load_demo_program(accounts)
    load_demo_follow_ups(accounts["liaison"])
    load_demo_answers(accounts["liaison"])
