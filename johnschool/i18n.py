"""Language and time-zone selection."""

from flask import current_app, session
from flask_login import current_user


def select_locale():
    """Pick the signed-in user's language, else the visitor's choice, else French."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone():
    """Show every time in the program's time zone."""
    return current_app.config["PROGRAM_TIMEZONE"]
