"""The command line: accounts, tokens, demo."""

from sqlalchemy import func, select

from johnschool.auth.models import ApiToken, User
from johnschool.auth.tokens import digest
from johnschool.cli import demo_cli, sites_cli, users_cli
from johnschool.demo import DEMO_ACCOUNTS
from johnschool.extensions import db
from johnschool.sites.services import find_site

from .factories import FIRST_SITE, make_site, make_user


def test_users_create_reads_the_password_from_stdin(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        users_cli,
        [
            "create",
            "Ana@Example.org",
            "--role",
            "liaison",
            "--name",
            "Ana Liaison",
            "--password-stdin",
        ],
        input="a long and private sentence\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    assert user.role == "liaison" and user.password_hash.startswith("$argon2id$")
    assert "a long and private sentence" not in result.output
    login = client.post(
        "/login", data={"email": "ana@example.org", "password": "a long and private sentence"}
    )
    assert login.status_code == 302


def test_users_create_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(
        users_cli,
        ["create", "b@example.org", "--role", "staff", "--name", "B", "--password-stdin"],
        input="password\n",
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_users_token_prints_the_token_alone_on_stdout(app, client):
    user = make_user("liaison")
    result = app.test_cli_runner().invoke(users_cli, ["token", user.email])
    assert result.exit_code == 0
    secret = result.stdout.strip()
    assert result.stdout == secret + "\n" and secret.startswith("js_")
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_hash == digest(secret)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.get_json()["email"] == user.email


def test_users_token_for_unknown_account_fails(app):
    result = app.test_cli_runner().invoke(users_cli, ["token", "nobody@example.org"])
    assert result.exit_code != 0 and result.stdout == ""


def test_demo_load_creates_one_account_per_role_that_can_sign_in(app, client):
    result = app.test_cli_runner().invoke(demo_cli, ["load"])
    assert result.exit_code == 0
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"admin", "liaison", "staff", "participant", "researcher"}
    email, _name, _role, password = DEMO_ACCOUNTS[0]
    assert email in result.output and password in result.output
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302


def test_demo_load_if_empty_leaves_a_used_database_alone(app):
    make_user("admin")
    result = app.test_cli_runner().invoke(demo_cli, ["load", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_load_adds_a_program_with_cases_in_every_state(app):
    from johnschool.audit.services import verify_chain
    from johnschool.certificates.models import Certificate
    from johnschool.curriculum.models import Cohort
    from johnschool.enrollment.models import Enrollment
    from johnschool.referrals.models import CASE_STATES, Case
    from johnschool.research.models import (
        ReoffendingCheck,
        ResearchAnswer,
        ResearchAttitude,
        ResearchRecord,
    )

    app.test_cli_runner().invoke(demo_cli, ["load"])
    montreal = find_site(FIRST_SITE).id
    states = list(db.session.scalars(select(Case.state).where(Case.site_id == montreal)))
    # 26 cases, and 5 older ones closed two to three years ago, with their follow-ups.
    assert len(states) == 31
    assert db.session.scalar(select(func.count()).select_from(ReoffendingCheck)) >= 10
    # Every state but "received", which lasts only until screening, at once.
    assert set(states) == set(CASE_STATES) - {"received"}
    cohorts = db.session.scalars(
        select(Cohort).where(Cohort.site_id == montreal).order_by(Cohort.code)
    ).all()
    assert [(c.code, c.language, c.status) for c in cohorts] == [
        ("EN-2026-12", "en", "confirmed"),
        ("FR-2026-10", "fr", "confirmed"),
        ("FR-2026-12", "fr", "confirmed"),
    ]
    assert all(session.professional_id for c in cohorts for session in c.sessions)
    waitlisted = select(func.count()).where(Enrollment.status == "waitlisted")
    assert db.session.scalar(waitlisted) == 1
    assert db.session.scalar(select(Certificate.serial)).startswith("JS-")
    # Every case is in the research store with its profile; six answered the attitudes
    # before and after the day: enough (k = 5) for the statistics to show their change.
    # Québec's three cases are in the store too, without answers yet.
    assert db.session.scalar(select(func.count()).select_from(ResearchRecord)) == 34
    profiles = select(func.count(func.distinct(ResearchAnswer.record_id)))
    assert db.session.scalar(profiles) == 31
    both = select(func.count(func.distinct(ResearchAttitude.record_id))).where(
        ResearchAttitude.before.is_not(None), ResearchAttitude.after.is_not(None)
    )
    assert db.session.scalar(both) == 6
    assert verify_chain().is_intact
    app.test_cli_runner().invoke(demo_cli, ["load"])
    assert db.session.scalar(select(func.count()).select_from(Case)) == 34
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 4


def test_demo_load_makes_a_province_of_two_sites(app, client):
    from johnschool.curriculum.models import Cohort, Session
    from johnschool.demo import SECOND_SITE_ACCOUNTS
    from johnschool.referrals.models import Case

    result = app.test_cli_runner().invoke(demo_cli, ["load"])
    assert result.exit_code == 0, result.output
    quebec = find_site("QC")
    assert quebec.name_fr == "Québec" and find_site(FIRST_SITE).name_fr == "Montréal"
    for email, _name, role, password in SECOND_SITE_ACCOUNTS:
        assert account(email).site_id == quebec.id and account(email).role == role
        assert email in result.output and password in result.output
    assert "QC" in result.output
    qc_cases = select(func.count()).select_from(Case).where(Case.site_id == quebec.id)
    assert db.session.scalar(qc_cases) == 3
    cohort = db.session.scalar(select(Cohort).where(Cohort.site_id == quebec.id))
    assert cohort.code == "QC-2027-01" and cohort.sessions
    sessions = select(Session.site_id).where(Session.cohort_id == cohort.id)
    assert set(db.session.scalars(sessions)) == {quebec.id}
    # The province-wide coordinator stays province-wide.
    assert account(DEMO_ACCOUNTS[0][0]).site_id is None


def create_account(app, email, role, *site):
    """Run users create for email with role, and --site when given."""
    arguments = ["create", email, "--role", role, "--name", "N", "--password-stdin", *site]
    return app.test_cli_runner().invoke(users_cli, arguments, input="a long and private sentence\n")


def account(email):
    """The account of email, or None."""
    return db.session.scalar(select(User).where(User.email == email))


def test_sites_create_makes_a_site_that_users_create_can_name(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        sites_cli, ["create", "qc", "--name", "Québec", "--name-en", "Quebec City"]
    )
    assert result.exit_code == 0, result.output
    site = find_site("QC")
    assert (site.name_fr, site.name_en) == ("Québec", "Quebec City")
    listed = runner.invoke(sites_cli, ["list"])
    assert "QC\tQuébec" in listed.output and FIRST_SITE in listed.output
    result = create_account(app, "l@example.org", "liaison", "--site", "QC")
    assert result.exit_code == 0, result.output
    assert account("l@example.org").site_id == site.id


def test_sites_create_refuses_a_duplicate_code(app):
    result = app.test_cli_runner().invoke(sites_cli, ["create", FIRST_SITE, "--name", "Autre"])
    assert result.exit_code != 0 and "Un site porte déjà ce code" in result.output


def test_users_create_refuses_an_unknown_site(app):
    result = create_account(app, "l@example.org", "liaison", "--site", "NOPE")
    assert result.exit_code != 0 and "NOPE" in result.output
    assert account("l@example.org") is None


def test_users_create_without_site_takes_the_only_site(app):
    result = create_account(app, "s@example.org", "staff")
    assert result.exit_code == 0, result.output
    assert account("s@example.org").site_id == find_site(FIRST_SITE).id


def test_users_create_without_site_is_refused_for_a_liaison_when_there_are_two(app):
    make_site("QC")
    result = create_account(app, "l@example.org", "liaison")
    assert result.exit_code != 0
    assert "several sites" in result.output and "--site" in result.output
    assert account("l@example.org") is None
    # An admin without a site works for the whole province.
    assert create_account(app, "a@example.org", "admin").exit_code == 0
    assert account("a@example.org").site_id is None


def test_demo_load_renames_the_migrations_first_site_montreal(app):
    find_site(FIRST_SITE).code = "MAIN"
    db.session.commit()
    assert app.test_cli_runner().invoke(demo_cli, ["load"]).exit_code == 0
    assert find_site("MAIN") is None
    assert (find_site("MTL").name_fr, find_site("MTL").name_en) == ("Montréal", "Montreal")
