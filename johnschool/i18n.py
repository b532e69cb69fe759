"""Language and time-zone selection, and fast translation in templates."""

from collections.abc import Mapping

from flask import current_app, g, has_request_context, request, session
from flask_babel import get_timezone, get_translations, lazy_gettext
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from .clock import program_zone, program_zone_name, site_zone_name, zone


def select_locale():
    """Pick the signed-in user's language, else the visitor's choice, else French.

    Every account holds the language chosen for it (at its creation or with the switch);
    a visitor's switch comes next. Pages are French first whatever the browser says; the
    API, whose clients have no switch, honours Accept-Language (French or English).
    """
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    asked = _accepted_language(languages) if _is_api_call() else None
    return asked or current_app.config["BABEL_DEFAULT_LOCALE"]


def _is_api_call() -> bool:
    """Tell whether the current request, if any, is for the JSON API."""
    return has_request_context() and request.path.startswith("/api/")


def _accepted_language(languages) -> str | None:
    """The first of languages that Accept-Language asks for, by quality ("en-CA" is en)."""
    for tag, _quality in request.accept_languages:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in languages:
            return primary
    return None


def select_timezone():
    """The reader's time zone: their site's, their case's site's, or the program's.

    Liaisons, session staff and site admins read times on their site's clock, and a
    participant on the clock of their case's site; province-wide admins, researchers
    and visitors on the program's. Flask-Babel keeps the answer on g for the request.
    """
    # Imported here: the portal's services reach this module through the models they load.
    from .portal.services import participant_site

    user = current_user
    if not (user and user.is_authenticated):
        return program_zone_name()
    if user.role == "participant":
        return site_zone_name(participant_site(user))
    if user.role == "researcher" or user.site_id is None:
        return program_zone_name()
    return site_zone_name(user.site)


def reader_zone():
    """The reader's time zone (see select_timezone), as a ZoneInfo."""
    chosen = get_timezone()
    return zone(str(chosen)) if chosen is not None else program_zone()


def request_translations():
    """The translations of this request's language, looked up once per request."""
    translations = g.get("_translations")
    if translations is None:
        translations = g._translations = get_translations()
    return translations


@pass_eval_context
def template_gettext(eval_ctx, message, **variables):
    """Translate a message in a template, as Jinja's new-style gettext does."""
    text = request_translations().ugettext(message)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


@pass_eval_context
def template_ngettext(eval_ctx, singular, plural, num, **variables):
    """Translate a message with a plural in a template; %(num)d is the count."""
    text = request_translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    variables.setdefault("num", num)
    return text % variables


def install_template_gettext(app):
    """Give templates gettext functions that reuse the request's translations.

    Flask-Babel's own look up the locale and the catalogue again for every string,
    and Jinja's wrappers add two indirections more; a page has dozens of strings.
    The behaviour is Jinja's "new style" gettext: autoescaped, %(name)s variables.
    """
    app.jinja_env.globals.update(
        _=template_gettext, gettext=template_gettext, ngettext=template_ngettext
    )


def N_(message):
    """Mark a message for extraction without translating it yet (gettext_noop)."""
    return message


class TranslatedLabels(Mapping):
    """Labels for coded values (roles, outcomes), translated when read in a request."""

    def __init__(self, messages):
        self._messages = dict(messages)

    def __getitem__(self, key):
        return request_translations().ugettext(self._messages[key])

    def __iter__(self):
        return iter(self._messages)

    def __len__(self):
        return len(self._messages)

    def translated(self) -> dict:
        """Every label translated at once: for a page that shows them row after row."""
        translate = request_translations().ugettext
        return {key: translate(message) for key, message in self._messages.items()}

    def lazy(self, key):
        """The label as a lazy string, for forms built outside a request."""
        return lazy_gettext(self._messages[key])
