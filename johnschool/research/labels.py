"""Readable labels of dimensions and their values, in the reader's language."""

from flask_babel import get_locale
from sqlalchemy import select

from ..extensions import db
from ..i18n import N_, TranslatedLabels
from ..questionnaires.models import ItemChoice, QuestionItem
from ..referrals.forms import SOURCE_LABELS
from ..referrals.queries import STATE_LABELS
from ..sites.services import all_sites
from ..templating import LANGUAGE_LABELS
from .regions import region_name

DIMENSION_LABELS = TranslatedLabels(
    {
        "age_band": N_("Age band"),
        "region": N_("Region"),
        "site": N_("Site"),
        "language": N_("Language"),
        "referral_source": N_("Referral source"),
        "outcome": N_("Outcome"),
        "year": N_("Year"),
    }
)
RATE_LABELS = TranslatedLabels(
    {
        "completion": N_("Completion (of finished cases)"),
        "reoffended_6": N_("New charge at 6 months"),
        "reoffended_12": N_("New charge at 12 months"),
        "reoffended_24": N_("New charge at 24 months"),
    }
)

CHANNEL_LABELS = TranslatedLabels({"page": N_("Page"), "export": N_("CSV file"), "api": N_("API")})


def item_labels(codes: list[str]) -> dict[str, str]:
    """The questionnaire items' texts in the reader's language, by code (latest wording wins)."""
    if not codes:
        return {}
    english = str(get_locale()) == "en"
    rows = db.session.execute(
        select(QuestionItem.code, QuestionItem.text_en, QuestionItem.text_fr)
        .where(QuestionItem.code.in_(codes))
        .order_by(QuestionItem.id)
    )
    return {code: text_en if english else text_fr for code, text_en, text_fr in rows}


def dimension_labels(names: list[str]) -> dict[str, str]:
    """Each dimension's name for people: its label, the item's text, or at worst its code."""
    items = item_labels([name for name in names if name not in DIMENSION_LABELS])
    return {
        name: DIMENSION_LABELS[name] if name in DIMENSION_LABELS else items.get(name, name)
        for name in names
    }


def _choice_labels(codes: list[str]) -> dict[str, dict[str, str]]:
    """The choices' labels of the profile items with these codes (latest wording wins)."""
    english = str(get_locale()) == "en"
    rows = db.session.execute(
        select(QuestionItem.code, ItemChoice.code, ItemChoice.label_en, ItemChoice.label_fr)
        .join(ItemChoice, ItemChoice.item_id == QuestionItem.id)
        .where(QuestionItem.code.in_(codes))
        .order_by(QuestionItem.id)
    )
    labels: dict[str, dict[str, str]] = {code: {} for code in codes}
    for item, choice, label_en, label_fr in rows:
        labels[item][choice] = label_en if english else label_fr
    return labels


def site_labels() -> dict[str, str]:
    """Each site's name in the reader's language, by code, in code order."""
    language = "en" if str(get_locale()) == "en" else "fr"
    return {site.code: site.name(language) for site in all_sites()}


def value_labels(names: list[str]) -> dict[str, dict]:
    """For each dimension, a mapping of its values to labels (missing ones show as is)."""
    fixed = {
        "outcome": STATE_LABELS.translated(),
        "referral_source": SOURCE_LABELS.translated(),
        "language": LANGUAGE_LABELS,
    }
    if "site" in names:
        fixed["site"] = site_labels()
    items = [name for name in names if name not in DIMENSION_LABELS]
    labels = _choice_labels(items) if items else {}
    return {name: fixed.get(name) or labels.get(name) or {} for name in names}


def value_label(labels: dict, name: str, value) -> str:
    """The label of one value of a dimension; regions by name, unknown as a dash."""
    if value is None:
        return "—"
    if name == "region":
        return region_name(value)
    return labels.get(name, {}).get(value, str(value))
