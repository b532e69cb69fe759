"""Statistics over the de-identified store: SQL GROUP BY, then suppression and perturbation.

Rows are never loaded one by one: each figure is one aggregate query whose result has
one row per cell, with the cell's count and the sum of its records' cell keys. Every
published count goes through the cell-key method (perturbation.py): its value depends on
the people counted alone, so the same people give the same number in every table, period
and filter, and overlapping populations give no fresh views of anyone. Which populations
may be asked about, and how often, is decided by releases.py.
"""

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..referrals.models import CASE_STATES, SOURCES
from ..referrals.settings import program_settings
from ..sites.models import Site
from .models import ResearchAnswer, ResearchRecord
from .perturbation import perturbed
from .regions import REGIONS
from .store import AGE_BANDS
from .suppression import Table, build_grid, suppress_small_cells

RECORD_DIMENSIONS = (
    "age_band",
    "region",
    "site",
    "language",
    "referral_source",
    "outcome",
    "year",
)
FINISHED = ("completed", "failed", "withdrawn")
NULLABLE = ("age_band", "region")  # unknown birth date or postal code
FIXED_CATEGORIES = {
    "age_band": [f"{low}-{high}" for low, high in AGE_BANDS] + ["65+"],
    "region": REGIONS,
    "language": ["fr", "en"],
    "referral_source": list(SOURCES),
    "outcome": list(CASE_STATES),
}
MAX_DIMENSIONS = 2
# The ledger's atoms (releases.py): what every population is a union of.
ATOM_COLUMNS = ("year", "language", "referral_source", "site")
# One query may give a table and the atoms together when it multiplies the atoms by at most
# this many categories: more groups would cost more than the second scan they save.
FOLD_LIMIT = 12


class UnknownDimension(ValueError):
    """A dimension that is neither a record column nor a profile item of the store."""


@dataclass(frozen=True)
class Filters:
    """Who a query is about: a period of whole years, a language, a referral source, a site."""

    year_from: int | None = None
    year_to: int | None = None
    language: str | None = None
    referral_source: str | None = None
    site: str | None = None  # a site's code

    def year_clauses(self) -> list:
        """The WHERE clauses of the year range."""
        clauses = []
        if self.year_from is not None:
            clauses.append(ResearchRecord.year >= self.year_from)
        if self.year_to is not None:
            clauses.append(ResearchRecord.year <= self.year_to)
        return clauses

    def clauses(self) -> list:
        """The WHERE clauses on research_record."""
        clauses = self.year_clauses()
        if self.language:
            clauses.append(ResearchRecord.language == self.language)
        if self.referral_source:
            clauses.append(ResearchRecord.referral_source == self.referral_source)
        if self.site:
            clauses.append(ResearchRecord.site == self.site)
        return clauses

    def admits(self, year: int, language: str, referral_source: str, site: str | None) -> bool:
        """Tell whether records of this year, language, source and site are in the population."""
        return (
            (self.year_from is None or year >= self.year_from)
            and (self.year_to is None or year <= self.year_to)
            and self.language in (None, language)
            and self.referral_source in (None, referral_source)
            and self.site in (None, site)
        )

    def as_dict(self) -> dict:
        """The filters set, for the audit log and for links."""
        return {name: value for name, value in vars(self).items() if value not in (None, "")}


def site_codes() -> list[str]:
    """The codes of the program's sites, in code order: the categories of the site dimension."""
    return list(db.session.scalars(select(Site.code).order_by(Site.code)))


def research_k() -> int:
    """The smallest count published, from the program settings."""
    return program_settings().research_k


def item_dimensions() -> list[str]:
    """The profile item codes the store holds answers for."""
    return list(
        db.session.scalars(select(ResearchAnswer.item_code).distinct().order_by("item_code"))
    )


def check_dimensions(names: list[str], items: list[str] | None = None) -> list[str]:
    """Refuse an empty list, more than two dimensions, a repeated or an unknown one."""
    items = item_dimensions() if items is None else items
    if not 1 <= len(names) <= MAX_DIMENSIONS or len(set(names)) != len(names):
        raise UnknownDimension("one or two different dimensions")
    unknown = [name for name in names if name not in RECORD_DIMENSIONS and name not in items]
    if unknown:
        raise UnknownDimension(", ".join(unknown))
    return names


def _column(name: str, index: int, query):
    """The column of a dimension, joining the profile answer it needs; return both."""
    if name in RECORD_DIMENSIONS:
        return getattr(ResearchRecord, name), query
    answer = aliased(ResearchAnswer, name=f"answer_{index}")
    query = query.outerjoin(
        answer, and_(answer.record_id == ResearchRecord.id, answer.item_code == name)
    )
    return answer.value, query


def categories_of(name: str, filters: Filters) -> list:
    """Every value a dimension may take, whoever the filters keep; unknown (None) last.

    The list never depends on who is in the population asked about, so that two
    populations differing by one person get tables of the same shape.
    """
    if name in FIXED_CATEGORIES:
        return [*FIXED_CATEGORIES[name], *([None] if name in NULLABLE else [])]
    if name == "site":  # every record has its case's site: no unknown row
        return site_codes()
    if name == "year":
        in_range = [c for c in filters.clauses() if "year" in str(c)]
        years = (
            select(ResearchRecord.year).distinct().where(*in_range).order_by(ResearchRecord.year)
        )
        return list(db.session.scalars(years))
    values = (
        select(ResearchAnswer.value)
        .distinct()
        .where(ResearchAnswer.item_code == name)
        .order_by(ResearchAnswer.value)
    )
    return [*db.session.scalars(values), None]


def can_fold(names: list[str]) -> bool:
    """Tell whether a table and the atoms may be counted by one query (folded_counts)."""
    outside = [name for name in names if name not in ATOM_COLUMNS]
    if any(name not in FIXED_CATEGORIES for name in outside):
        return False
    product = 1
    for name in outside:
        product *= len(FIXED_CATEGORIES[name]) + (name in NULLABLE)
    return product <= FOLD_LIMIT


def folded_counts(names: list[str], filters: Filters) -> tuple[list[tuple], dict[tuple, int]]:
    """The rows of grouped_counts and the atoms' counts, from one scan of the whole store.

    The store is grouped by the dimensions and the atom columns; the table's rows are the
    groups whose atom the filters admit, summed over the atom columns.
    """
    order = [*names, *(name for name in ATOM_COLUMNS if name not in names)]
    columns = [getattr(ResearchRecord, name) for name in order]
    query = select(*columns, func.count(), func.sum(ResearchRecord.cell_key)).group_by(*columns)
    places = [order.index(name) for name in ATOM_COLUMNS]
    cells: dict[tuple, list[int]] = {}
    atoms: dict[tuple, int] = {}
    for row in db.session.execute(query):
        atom = tuple(row[place] for place in places)
        atoms[atom] = atoms.get(atom, 0) + row[-2]
        if filters.admits(*atom):
            cell = cells.setdefault(tuple(row[: len(names)]), [0, 0])
            cell[0] += row[-2]
            cell[1] += int(row[-1])
    return [(*key, count, key_sum) for key, (count, key_sum) in cells.items()], atoms


def grouped_counts(names: list[str], filters: Filters):
    """One row per combination of the dimensions: (values..., count, sum of cell keys)."""
    query = select().select_from(ResearchRecord).where(*filters.clauses())
    columns = []
    for index, name in enumerate(names):
        column, query = _column(name, index, query)
        columns.append(column)
    query = query.add_columns(*columns, func.count(), func.sum(ResearchRecord.cell_key)).group_by(
        *columns
    )
    return db.session.execute(query).all()


def published_count(count: int, key_sum: int, k: int) -> int | None:
    """A count as published: hidden under k (zero too), perturbed by its cell key otherwise."""
    return None if count < k else perturbed(count, key_sum)


@dataclass
class ProfileTable:
    """A published table, or none when the population is under k."""

    dimensions: list[str]
    k: int
    filters: Filters
    table: Table | None

    @property
    def is_too_small(self) -> bool:
        """Tell whether the filters left fewer than k people: nothing is published."""
        return self.table is None

    def cells(self) -> list[dict]:
        """The cells (totals left out), keyed by dimension name, as the API gives them."""
        if self.table is None:
            return []
        names = self.dimensions
        return [
            {names[0]: row, **({names[1]: column} if len(names) == 2 else {}), "count": count}
            for (row, column), count in (
                (position, self.table.values[position]) for position in self.table.inner_positions()
            )
        ]

    def percent(self, count: int | None) -> float | None:
        """A published count as a share of the published grand total."""
        total = self.table.grand_total if self.table else None
        if count is None or not total:
            return None
        return round(100 * count / total, 1)


def profile_table(
    names: list[str], filters: Filters, *, k: int | None = None, rows=None
) -> ProfileTable:
    """Count the store by one or two dimensions, suppressed and perturbed.

    rows: the grouped counts when the caller has them already (grouped_counts' form).
    """
    k = research_k() if k is None else k
    rows = grouped_counts(names, filters) if rows is None else rows
    population = sum(row[-2] for row in rows)
    if population < k:
        return ProfileTable(names, k, filters, None)
    categories = tuple(categories_of(name, filters) for name in names)
    counts = {tuple(row[: len(names)]): row[-2] for row in rows}
    _rows, _columns, key_sums = build_grid(
        {tuple(row[: len(names)]): int(row[-1]) for row in rows}, categories
    )
    table = suppress_small_cells(
        counts, k, lambda position, value: perturbed(value, key_sums[position]), categories
    )
    return ProfileTable(names, k, filters, table)
