"""Words for what a page shows of certificates: the requirements still missing."""

from flask_babel import gettext as _

from ..attendance.completion import Missing
from ..i18n import N_, TranslatedLabels
from ..referrals.queries import money

DISCIPLINE_LABELS = TranslatedLabels(
    {
        "law": N_("Law"),
        "police": N_("Police"),
        "health": N_("Public health"),
        "sexology": N_("Sexology"),
        "survivor": N_("Survivor"),
        "community": N_("Community"),
    }
)


def describe_missing(item: Missing) -> str:
    """Say in a sentence what one missing requirement is."""
    if item.kind == "module":
        return _("Module %(code)s not attended.", code=item.code)
    if item.kind == "individual":
        discipline = DISCIPLINE_LABELS.get(item.code, item.code)
        return _(
            "Individual sessions still to attend (%(discipline)s): %(count)d.",
            discipline=discipline,
            count=item.count,
        )
    if item.kind == "fee":
        return _("Fee not settled: %(amount)s still to pay.", amount=money(item.amount))
    return _("The deadline passed on %(day)s.", day=item.day.isoformat() if item.day else "")
