"""Read a statistics query from a request's arguments: the pages, the CSV and the API share it."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..referrals.models import SOURCES
from .statistics import RECORD_DIMENSIONS, Filters, UnknownDimension, check_dimensions

YEAR_RANGE = (1990, 2100)
LANGUAGES = ("fr", "en")


@dataclass
class StatisticsQuery:
    """The dimensions and filters asked for, with a message per faulty argument."""

    dimensions: list[str] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    errors: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The query's parameters, for the audit log (no person in them)."""
        return {"dimensions": self.dimensions, **self.filters.as_dict()}


def _year(args, name: str, errors: dict) -> int | None:
    """A year argument, or None when empty; a message in errors when not a year."""
    text = (args.get(name) or "").strip()
    if not text:
        return None
    low, high = YEAR_RANGE
    if not text.isdigit() or not low <= int(text) <= high:
        errors[name] = str(_l("Write a year from %(low)d to %(high)d.", low=low, high=high))
        return None
    return int(text)


def _choice(args, name: str, allowed, errors: dict) -> str | None:
    """An argument that must be one of allowed, or None when empty."""
    value = (args.get(name) or "").strip()
    if value and value not in allowed:
        errors[name] = str(_l("Choose one of the values offered."))
        return None
    return value or None


def read_filters(args, errors: dict) -> Filters:
    """The year range, language and referral source of the arguments."""
    year_from, year_to = _year(args, "from", errors), _year(args, "to", errors)
    if year_from and year_to and year_from > year_to:
        errors["to"] = str(_l("The last year comes after the first."))
    return Filters(
        year_from=year_from,
        year_to=year_to,
        language=_choice(args, "language", LANGUAGES, errors),
        referral_source=_choice(args, "source", SOURCES, errors),
    )


def read_query(names: list[str], args, items: list[str]) -> StatisticsQuery:
    """Check the dimension names against the store and read the filters."""
    query = StatisticsQuery(dimensions=names)
    query.filters = read_filters(args, query.errors)
    try:
        check_dimensions(names, items)
    except UnknownDimension:
        known = ", ".join([*RECORD_DIMENSIONS, *items])
        query.errors["dims"] = str(
            _l("Choose one or two different dimensions among: %(known)s.", known=known)
        )
    return query
