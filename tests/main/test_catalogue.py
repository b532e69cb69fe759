"""The French catalogue is complete: every message of the app has a translation."""

from importlib import resources

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def french_catalogue():
    """Read the French .po file shipped with the app."""
    path = resources.files("johnschool") / "translations/fr/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale="fr")


def messages_in_code():
    """Every message marked for translation in the code and templates."""
    root = str(resources.files("johnschool"))
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        root, METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_french_catalogue_is_not_fuzzy():
    assert not french_catalogue().fuzzy


def test_every_message_of_the_app_has_a_french_translation():
    catalogue = french_catalogue()
    missing = sorted(
        message
        for message in messages_in_code()
        if not catalogue.get(message)
        or not all(
            catalogue.get(message).string
            if isinstance(catalogue.get(message).string, tuple)
            else [catalogue.get(message).string]
        )
    )
    assert missing == [], "translate these in messages.po (make extract-messages first)"
