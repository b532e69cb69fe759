"""Pages with the attributes of Flask-SQLAlchemy's pagination: of a select's rows, or of a list."""

from collections.abc import Callable

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db


class RowPagination(Pagination):
    """A page of a select's rows (named tuples), counted by a function of the caller's.

    Given the select of the rows' keys, the page is first cut from the keys alone, then
    only its rows are read: the rows skipped on a far page are never joined nor their
    columns computed.
    """

    def _query_items(self):
        query, keys = self._query_args["select"], self._query_args["keys"]
        if keys is None:
            return list(db.session.execute(self._window(query)))
        key = keys.selected_columns[0]
        page_keys = self._window(keys).scalar_subquery()
        return list(db.session.execute(query.where(key.in_(page_keys))))

    def _window(self, query: Select) -> Select:
        """The query cut to this page."""
        return query.limit(self.per_page).offset(self._query_offset)

    def _query_count(self):
        return self._query_args["counter"]()


def paginate_rows(
    query: Select,
    count: Callable[[], int],
    page: int,
    per_page: int,
    *,
    keys: Select | None = None,
) -> Pagination:
    """One page of query's rows with the total from count(); a page out of range is empty.

    keys: the select of one unique column of query's rows, filtered and ordered like them
    but with as few joins as the filters allow; the page is cut from it first.
    """
    return RowPagination(
        page=max(page, 1),
        per_page=per_page,
        error_out=False,
        select=query,
        counter=count,
        keys=keys,
    )


class ListPagination(Pagination):
    """A page of a Python list, with the attributes of Flask-SQLAlchemy's pagination."""

    def _query_items(self):
        items = self._query_args["items"]
        return items[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self):
        return len(self._query_args["items"])


def paginate_list(items: list, page: int, per_page: int = 50) -> Pagination:
    """Cut a list into pages; a page out of range is empty."""
    return ListPagination(page=max(page, 1), per_page=per_page, error_out=False, items=items)
