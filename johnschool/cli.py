"""Command-line interface: flask --app johnschool <group> <command>."""

import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup

from .extensions import db
from .permissions import ROLES, Role

users_cli = AppGroup("users", help="Manage accounts.")
audit_cli = AppGroup("audit", help="Seal and check the audit log.")
demo_cli = AppGroup("demo", help="Demonstration data.")
cases_cli = AppGroup("cases", help="Case deadlines.")
notify_cli = AppGroup(
    "notify", help="Email and texts: session reminders, daily digests, delivery of the outbox."
)
retention_cli = AppGroup("retention", help="Erase identifying fields past retention.")
sites_cli = AppGroup("sites", help="The cities where the program runs.")


@sites_cli.command("create")
@click.argument("code")
@click.option("--name", required=True, help="The French name.")
@click.option("--name-en", help="The English name (the French one by default).")
@click.option("--time-zone", default="", help="An IANA zone (the program's by default).")
def create_site_command(code, name, name_en, time_zone):
    """Create a site."""
    from .sites.services import SiteError, create_site

    try:
        site = create_site(code, name, name_en, time_zone)
    except SiteError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"created site {site.code}", err=True)


@sites_cli.command("list")
def list_sites_command():
    """List the sites."""
    from .sites.services import all_sites

    for site in all_sites():
        click.echo(f"{site.code}\t{site.name_fr}\t{site.name_en}\t{site.time_zone or '-'}")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True)
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option(
    "--site",
    "site_code",
    help="The site's code (optional while there is one site; an admin without one is "
    "province-wide).",
)
def create_user_command(email, role, name, language, password_stdin, site_code):
    """Create an account (without --password-stdin it needs a one-time link to sign in)."""
    from .auth.services import AccountError, create_user
    from .sites.services import SiteError, find_site, site_count

    site = None
    if site_code:
        site = find_site(site_code)
        if site is None:
            raise click.ClickException(f"no site has the code {site_code}")
    elif role in (Role.LIAISON, Role.STAFF) and site_count() > 1:
        raise click.ClickException(
            f"the deployment has several sites: name the {role}'s site with --site CODE "
            "(see flask sites list)"
        )
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        user = create_user(email, name, role, password, language=language, site=site)
    except (AccountError, SiteError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"created account {user.id} ({role})", err=True)


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="command line", help="What the token is for.")
def token_command(email, name):
    """Print a new API token for an account, alone on standard output."""
    from .auth.services import find_user_by_email
    from .auth.tokens import create_api_token

    user = find_user_by_email(email)
    if user is None or not user.is_active:
        raise click.ClickException("no active account with this email address")
    _, secret = create_api_token(user, name)
    db.session.commit()
    click.echo(secret)


def active_account(email):
    """The active account with this address, or a command-line error."""
    from .auth.services import find_user_by_email

    user = find_user_by_email(email, for_update=True)
    if user is None or not user.is_active:
        raise click.ClickException("no active account with this email address")
    return user


@users_cli.command("mfa-reset")
@click.argument("email")
def mfa_reset_command(email):
    """Remove an account's second factors (lost phone); it enrols again at its next sign-in."""
    from .auth.mfa import reset_second_factor

    user = active_account(email)
    reset_second_factor(user, reason="reset from the command line")
    db.session.commit()
    click.echo(f"second factor reset for account {user.id}; its sessions were ended", err=True)


@users_cli.command("mfa-enroll")
@click.argument("email")
def mfa_enroll_command(email):
    """Enrol an authenticator for an account and print its otpauth:// URI alone on stdout."""
    from .auth.mfa import enrol_without_confirmation

    user = active_account(email)
    if user.has_second_factor:
        raise click.ClickException("the account already has a second factor: mfa-reset it first")
    uri = enrol_without_confirmation(user)
    db.session.commit()
    click.echo(uri)


@audit_cli.command("seal")
def seal_command():
    """Chain the settled entries of the audit log; exit 1 at an entry edited before."""
    from .audit.sealer import seal

    report = seal()
    click.echo(f"{report.sealed} audit entries sealed")
    if report.stopped_at is not None:
        click.echo(f"audit entry {report.stopped_at} was edited before it was sealed", err=True)
        sys.exit(1)


@audit_cli.command("verify")
def verify_command():
    """Seal, then check the chain: exit 0 when intact, 1 naming the first bad entry."""
    from .audit.sealer import seal
    from .audit.services import verify_chain

    seal()
    report = verify_chain()
    db.session.rollback()
    if report.is_intact:
        click.echo(
            f"audit log intact: {report.checked} entries checked, {report.unsealed} not sealed yet"
        )
        return
    click.echo(f"audit log TAMPERED at entry {report.bad_entry_id}: {report.reason}", err=True)
    sys.exit(1)


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when accounts already exist.")
def demo_load_command(if_empty):
    """Load a demonstration program with one account per role."""
    from .demo import database_is_empty, demo_login_lines, load_demo

    if if_empty and not database_is_empty():
        click.echo("The database already holds data: demo not loaded again.")
    else:
        load_demo()
        db.session.commit()
    click.echo("Demo accounts (role, site, email, password, second step):")
    for line in demo_login_lines():
        click.echo(line)
    db.session.rollback()


@cases_cli.command("expire")
def expire_command():
    """Fail enrolled cases whose deadline has passed, freeing their seats (run daily)."""
    from .attendance.services import complete_overdue_met_cases
    from .clock import program_today
    from .enrollment.services import expire_overdue_enrollments

    # A case that met everything in time is completed, not failed.
    complete_overdue_met_cases(program_today())
    expired = expire_overdue_enrollments(program_today())
    db.session.commit()
    click.echo(f"{len(expired)} case(s) past their deadline marked failed")


@notify_cli.command("reminders")
@click.option("--hours", type=click.IntRange(1, 24 * 14), default=48, show_default=True)
def reminders_command(hours):
    """Queue a reminder for each participant of the sessions of the next hours."""
    from .database import utcnow
    from .messages.reminders import queue_reminders

    queued = queue_reminders(utcnow(), hours=hours)
    db.session.commit()
    click.echo(f"{queued} reminder(s) queued")


@notify_cli.command("digest")
def digest_command():
    """Queue each liaison's daily summary of the cases near their deadline (run daily)."""
    from .clock import program_today
    from .coordination.digest import queue_digests

    queued = queue_digests(program_today())
    db.session.commit()
    click.echo(f"{queued} digest(s) queued")


@notify_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep sending until interrupted.")
@click.option("--interval", type=click.IntRange(min=1), default=60, show_default=True)
def send_command(loop, interval):
    """Deliver the messages that are due; print only how many were sent, retried, failed."""
    from .audit.sealer import seal
    from .messages.delivery import send_pending
    from .messages.sms import SmsConfigurationError, check_sms_settings

    try:
        check_sms_settings(current_app.config)
    except SmsConfigurationError as error:
        raise click.ClickException(str(error)) from error

    if not current_app.config["MAIL_SERVER"] and not (current_app.debug or current_app.testing):
        click.echo(
            "MAIL_SERVER is not set: messages are written under instance/outbox/, not sent.",
            err=True,
        )
    try:
        while True:
            seal()  # the audit log's sealer runs in the same worker loop
            summary = send_pending()
            if not loop or summary.sent or summary.retried or summary.failed:
                click.echo(
                    f"sent {summary.sent}, retried {summary.retried}, failed {summary.failed}"
                )
            if not loop:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        db.session.rollback()


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Report what would be erased; change nothing.")
def purge_command(dry_run):
    """Erase the identifying fields of cases closed longer ago than the retention period."""
    from .clock import program_today
    from .research.retention import purge

    report = purge(program_today(), dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would erase" if dry_run else "erased"
    counts = ", ".join(f"{count} {name}" for name, count in vars(report).items())
    click.echo(f"retention {verb}: {counts}")


def init_commands(app):
    """Register the command groups."""
    for group in (users_cli, audit_cli, demo_cli, cases_cli, notify_cli, retention_cli, sites_cli):
        app.cli.add_command(group)
