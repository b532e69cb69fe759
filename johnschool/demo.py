"""A demonstration program: one account per role, more data as domains arrive."""

from sqlalchemy import func, select

from .auth.models import User
from .auth.services import create_user, find_user_by_email
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


def database_is_empty() -> bool:
    """Tell whether no account exists yet."""
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def load_demo() -> None:
    """Create the demonstration accounts that do not exist yet, the cases, then the program."""
    for email, name, role, password in DEMO_ACCOUNTS:
        if find_user_by_email(email) is None:
            create_user(email, name, role, password)
    accounts = {role: find_user_by_email(email) for email, _name, role, _pw in DEMO_ACCOUNTS}
    load_demo_cases(accounts["liaison"], accounts["admin"])
    load_demo_program(accounts)
    load_demo_follow_ups(accounts["liaison"])
    load_demo_answers(accounts["liaison"])
