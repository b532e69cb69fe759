"""What an alert says is missing, in words."""

from flask_babel import gettext as _
from flask_babel import ngettext

from ..attendance.completion import Missing
from ..i18n import N_, TranslatedLabels
from ..referrals.queries import money

MISSING_LABELS = TranslatedLabels(
    {
        "screening": N_("screening"),
        "review": N_("the coordinator's decision"),
        "consent": N_("consent"),
        "admission": N_("the prosecutor's admission"),
        "enrollment": N_("enrollment in a cohort"),
        "seat": N_("a seat (on the waitlist)"),
        "module": N_("a required module"),
        "individual": N_("individual sessions"),
        "fee": N_("the fee"),
    }
)


def missing_label(missing: Missing) -> str:
    """One missing requirement as a page shows it."""
    if missing.kind == "module":
        return _("module %(code)s", code=missing.code)
    if missing.kind == "individual":
        return ngettext("%(num)d individual session", "%(num)d individual sessions", missing.count)
    if missing.kind == "fee" and missing.amount is not None:
        return _("the fee (%(amount)s to pay)", amount=money(missing.amount))
    return MISSING_LABELS.get(missing.kind, missing.kind)
