"""Home page by role, language switch, health check."""

from flask import current_app, jsonify, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import text

from ..auth.services import set_language
from ..extensions import db
from ..permissions import Role, login_required
from ..portal.pages import render_home
from ..urls import safe_next_url
from . import bp
from .forms import LanguageForm
from .home import researcher_home, staff_home


@bp.get("/")
@login_required
def home():
    """Show the signed-in user's home page; a participant's is their schedule."""
    if current_user.role == Role.PARTICIPANT:
        return render_home()
    context = {}
    if current_user.role == Role.STAFF:
        context["staff"] = staff_home(current_user)
    elif current_user.role == Role.RESEARCHER:
        context["research"] = researcher_home(current_user)
    return render_template("main/home.html", **context)


@bp.post("/language")
def set_language_view():
    """Switch the interface language, remembered for the user."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            set_language(current_user, form.lang.data)
            db.session.commit()
    return redirect(safe_next_url(request.form.get("next")))


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # any database failure means unhealthy
        current_app.logger.warning("health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error"), 503
    return jsonify(status="ok")
