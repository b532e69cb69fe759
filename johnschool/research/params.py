"""Read a statistics query from a request's arguments: the pages, the CSV and the API share it.

A query covers the whole store, one year, or one fixed period of PERIOD_YEARS years
(2015-2019, 2020-2024…), never an arbitrary range: ranges that overlap in any way would
let tables be subtracted down to a handful of people.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..referrals.models import SOURCES
from .models import ResearchRecord
from .statistics import RECORD_DIMENSIONS, Filters, UnknownDimension, check_dimensions, site_codes

YEAR_RANGE = (1990, 2100)
LANGUAGES = ("fr", "en")
PERIOD_YEARS = 5


def fixed_period(year: int) -> tuple[int, int]:
    """The fixed period a year falls in: 2017 → (2015, 2019)."""
    first = year - year % PERIOD_YEARS
    return first, first + PERIOD_YEARS - 1


def period_text(year_from: int | None, year_to: int | None) -> str:
    """A period as the page's period field writes it: "", "2016" or "2015-2019"."""
    if year_from is None:
        return ""
    return str(year_from) if year_from == year_to else f"{year_from}-{year_to}"


def is_allowed_period(year_from: int | None, year_to: int | None) -> bool:
    """Tell whether a year range is the whole store, one year, or one fixed period."""
    if year_from is None and year_to is None:
        return True
    if year_from is None or year_to is None:
        return False
    return year_from == year_to or fixed_period(year_from) == (year_from, year_to)


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


def _period(args, errors: dict) -> tuple[int | None, int | None]:
    """The years of the arguments, "period" (2016, 2015-2019) or "from" and "to"; checked."""
    text = (args.get("period") or "").strip()
    if text:
        first, _dash, last = text.partition("-")
        name, faults = "period", {}
        years = (_year({"y": first}, "y", faults), _year({"y": last or first}, "y", faults))
    else:
        years = (_year(args, "from", errors), _year(args, "to", errors))
        name, faults = ("to" if years[0] is not None else "from"), errors
    if faults or not is_allowed_period(*years):
        errors.setdefault(name, _period_message())
        return None, None
    return years


def _period_message() -> str:
    """What a refused period is told."""
    first, last = fixed_period(2015)
    return str(
        _l(
            "Choose every year, one year, or one period of %(years)d years"
            " (%(first)d to %(last)d, %(next_first)d to %(next_last)d…).",
            years=PERIOD_YEARS,
            first=first,
            last=last,
            next_first=first + PERIOD_YEARS,
            next_last=last + PERIOD_YEARS,
        )
    )


def period_choices() -> list[tuple[str, str]]:
    """The periods the page offers, as (value, label): every year, fixed periods, single years."""
    years = list(
        db.session.scalars(select(ResearchRecord.year).distinct().order_by(ResearchRecord.year))
    )
    periods = sorted({fixed_period(year) for year in years})
    return [
        ("", str(_l("Every year"))),
        *((f"{first}-{last}", f"{first}–{last}") for first, last in periods),
        *((str(year), str(year)) for year in years),
    ]


def read_filters(args, errors: dict) -> Filters:
    """The period, language, referral source and site of the arguments."""
    year_from, year_to = _period(args, errors)
    return Filters(
        year_from=year_from,
        year_to=year_to,
        language=_choice(args, "language", LANGUAGES, errors),
        referral_source=_choice(args, "source", SOURCES, errors),
        site=_choice(args, "site", site_codes(), errors) if args.get("site") else None,
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
