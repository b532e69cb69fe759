"""The roll call's lines as HTML: a fieldset a person, written in Python.

The roll call is the app's longest form, opened at the door while people queue: four
choices, minutes and a note for each of thirty to sixty people. Written by Jinja, most
of its time went to escaping the same labels and ids hundreds of times over. Here the
labels are escaped once per page, the ids are numbers, and every value that comes from
the database or the form (a name, typed minutes, a note, an error) goes through
escape() where it is written. The rest of the page stays in attendance/roll_call.html.
"""

from typing import NamedTuple

from flask import url_for
from markupsafe import Markup, escape

from ..i18n import request_translations
from ..permissions import Role
from .forms import STATUS_LABELS
from .queries import RosterLine

# The errors of a line's own fields, shown under them; a wrong status shows under the choices.
FIELD_ERRORS = ("enrollment_id", "minutes_late", "note")
MAKE_UP_STATUSES = ("absent", "excused")  # a missed module: offer to book a make-up


class Words(NamedTuple):
    """What every line repeats, translated and escaped once per page."""

    choices: tuple[tuple[str, Markup], ...]  # (status, its label)
    make_up: Markup
    unmarked: Markup
    minutes: Markup
    note: Markup
    book: Markup

    @classmethod
    def of_this_request(cls) -> "Words":
        """The words in the request's language."""
        labels, _ = STATUS_LABELS.translated(), request_translations().ugettext
        return cls(
            choices=tuple((status, escape(label)) for status, label in labels.items()),
            make_up=escape(_("Make-up")),
            unmarked=escape(_("unmarked")),
            minutes=escape(_("Minutes late")),
            note=escape(_("Note")),
            book=escape(_("Book a make-up")),
        )


def roll_call_lines(lines: list[RosterLine], typed: dict, errors: dict, role: str) -> Markup:
    """Every line of the roster, nothing checked that was not recorded or typed.

    typed holds what each line shows (by enrollment id: status, minutes, note); errors,
    the messages of the lines that were refused (by enrollment id, then field). Staff
    and the coordinator also get a link to book a make-up for whoever missed the session.
    """
    words = Words.of_this_request()
    books_make_ups = role in (Role.STAFF, Role.ADMIN)
    html = []
    for line in lines:
        key = line.enrollment_id
        html.append(_line(line, typed[key], errors.get(key), words, books_make_ups))
    return Markup("".join(html))


def _line(line: RosterLine, mine: dict, wrong: dict | None, words: Words, books: bool) -> str:
    """One person: the name, the four choices, minutes and note, errors, the make-up link."""
    key, marked = int(line.enrollment_id), mine["status"]
    wrong = wrong or {}
    classes = "person" + (" has-error" if wrong else "") + ("" if marked else " is-unmarked")
    html = [f'  <fieldset class="{classes}">\n    <legend>{escape(line.name)}']
    if line.is_make_up:
        html.append(f' <span class="tag">{words.make_up}</span>')
    if not marked:
        html.append(f' <span class="muted">({words.unmarked})</span>')
    html.append('</legend>\n    <div class="choices">\n')
    for status, label in words.choices:
        checked = " checked" if marked == status else ""
        html.append(
            f'      <label class="choice"><input type="radio" name="status-{key}"'
            f' value="{status}"{checked}> {label}</label>\n'
        )
    html.append("    </div>\n")
    if wrong.get("status"):
        html.append(_error(wrong["status"]))
    html.append(
        f'    <div class="details">\n      <label>{words.minutes} <input type="text"'
        f' inputmode="numeric" name="minutes-{key}" value="{escape(mine["minutes"])}" size="4"'
        f' autocomplete="off"{_invalid(wrong, "minutes_late")}></label>\n'
        f'      <label>{words.note} <input type="text" name="note-{key}"'
        f' value="{escape(mine["note"])}" maxlength="500"'
        f' autocomplete="off"{_invalid(wrong, "note")}></label>\n    </div>\n'
    )
    html.extend(_error(wrong[name]) for name in FIELD_ERRORS if wrong.get(name))
    if books and marked in MAKE_UP_STATUSES:
        link = escape(url_for("attendance.make_ups", enrollment_id=key))
        html.append(f'    <p><a href="{link}">{words.book}</a></p>\n')
    html.append("  </fieldset>\n")
    return "".join(html)


def _invalid(wrong: dict, field: str) -> str:
    """The attribute that tells a screen reader the field was refused."""
    return ' aria-invalid="true"' if wrong.get(field) else ""


def _error(message) -> str:
    """An error message under the field it is about."""
    return f'    <p class="errors">{escape(message)}</p>\n'
