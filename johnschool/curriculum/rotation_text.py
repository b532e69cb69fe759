"""The rotation's explanations and warnings, in the reader's language."""

import json
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from ..clock import program_date
from ..i18n import N_
from ..templating import local_datetime
from . import rotation
from .rotation_services import DOUBLE_BOOKED, INACTIVE, MANUAL, UNAVAILABLE, UNQUALIFIED

NOBODY = {
    rotation.NO_DISCIPLINE: N_("Nobody has this discipline."),
    rotation.ALL_UNAVAILABLE: N_("Everyone with this discipline is unavailable that day."),
    rotation.ALL_BOOKED: N_("Everyone available teaches another session at that time."),
    rotation.NO_OTHER_QUALIFIED: N_("Nobody else has this discipline."),
}
# A choice made by hand, as the stored note lists its warnings.
OVERRIDDEN = {
    UNQUALIFIED: N_("not qualified"),
    UNAVAILABLE: N_("unavailable that day"),
    DOUBLE_BOOKED: N_("booked at that time"),
    INACTIVE: N_("inactive"),
}
# A warning shown before a choice made by hand goes through.
WARNINGS = {
    UNQUALIFIED: N_("%(name)s does not have this session's discipline."),
    UNAVAILABLE: N_("%(name)s is unavailable that day."),
    DOUBLE_BOOKED: N_("%(name)s already teaches another session at that time (%(when)s)."),
    INACTIVE: N_("%(name)s is no longer active."),
}


def _day(iso: str | None) -> str:
    """The program-zone date of a stored UTC moment, or "never"."""
    if not iso:
        return _("never")
    return program_date(datetime.fromisoformat(iso)).isoformat()


def _chosen(code: str, params: dict) -> str:
    """Why a professional was chosen."""
    load, when, tied = params.get("load", 0), _day(params.get("last_taught")), params.get("tied")
    if code == rotation.ONLY_CANDIDATE:
        return ngettext(
            "Only one qualified, available and free; %(num)d session in the 90 days before.",
            "Only one qualified, available and free; %(num)d sessions in the 90 days before.",
            load,
        )
    if code == rotation.LEAST_LOADED:
        return ngettext(
            "Least loaded of %(count)d: %(num)d session in the 90 days before (next: %(next)d).",
            "Least loaded of %(count)d: %(num)d sessions in the 90 days before (next: %(next)d).",
            load,
            count=params.get("candidates", 0),
            next=params.get("next_load", 0),
        )
    if code == rotation.LONGEST_AGO:
        return ngettext(
            "%(tied)d tied at %(num)d session; taught longest ago (last: %(when)s).",
            "%(tied)d tied at %(num)d sessions; taught longest ago (last: %(when)s).",
            load,
            tied=tied,
            when=when,
        )
    return ngettext(
        "%(tied)d tied at %(num)d session and last taught %(when)s; first in list order.",
        "%(tied)d tied at %(num)d sessions and last taught %(when)s; first in list order.",
        load,
        tied=tied,
        when=when,
    )


def reason_text(part: dict | None) -> str:
    """The explanation of one choice of a stored note: main or backup."""
    if not part:
        return ""
    code, params = part.get("code"), part.get("params") or {}
    if code in NOBODY:
        return _(NOBODY[code])
    if code == MANUAL:
        overridden = [_(OVERRIDDEN[w]) for w in params.get("warnings") or [] if w in OVERRIDDEN]
        if not overridden:
            return _("Chosen by the coordinator.")
        return _("Chosen by the coordinator despite: %(warnings)s.", warnings=", ".join(overridden))
    return _chosen(code, params)


def _parts(note: str | None) -> dict:
    """The stored note of a session, read."""
    return json.loads(note) if note else {}


def note_texts(note: str | None) -> tuple[str, str]:
    """The explanations of a session's stored note: (main, backup)."""
    parts = _parts(note)
    return reason_text(parts.get("main")), reason_text(parts.get("backup"))


def flag_text(note: str | None) -> str | None:
    """Why nobody fitted as main professional, when the stored note says so."""
    code = (_parts(note).get("main") or {}).get("code")
    return _(NOBODY[code]) if code in NOBODY else None


def warning_text(warning, name: str) -> str:
    """A warning about a choice made by hand, naming the professional."""
    when = warning.params.get("starts_at")
    when = local_datetime(datetime.fromisoformat(when)) if when else ""
    return _(WARNINGS[warning.code], name=name, when=when)
