"""Pages with the attributes of Flask-SQLAlchemy's pagination: of a select's rows, or of a list."""

from collections.abc import Callable

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db


class RowPagination(Pagination):
    """A page of a select's rows (named tuples), counted by a function of the caller's."""

    def _query_items(self):
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(db.session.execute(query))

    def _query_count(self):
        return self._query_args["counter"]()


def paginate_rows(query: Select, count: Callable[[], int], page: int, per_page: int):
    """One page of query's rows with the total from count(); a page out of range is empty."""
    return RowPagination(
        page=max(page, 1), per_page=per_page, error_out=False, select=query, counter=count
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
