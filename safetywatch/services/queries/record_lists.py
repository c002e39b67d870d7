"""The skeleton shared by the big record lists (hazards, 三违): a filtered, sorted id query and display rows by id.

A list never loads whole tables (architecture.md §6): one SQL query returns the matching ids in display order
(an ``array`` of 8-byte ints), and display rows are fetched by id in blocks as the user scrolls. A list is
declared as a :class:`ListQuery`: its table, display columns, the joins its display needs, the sort keys that
need no join, and how its filter becomes a WHERE clause (built with :class:`Where`).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from safetywatch.db import models
from safetywatch.services.core import sql

F = TypeVar("F")

#: A display column: (key, English header, SQL expression).
Column = tuple[str, str, str]
#: Rows fetched per statement: well under SQLite's bound-parameter limit.
_CHUNK = 500


def ids_of(conn: Connection, query: str, params: Sequence[Any], limit: int | None = None) -> array[int]:
    """The ids an id query returns, in its order (the first *limit* of them if given)."""
    if limit is not None:
        query += f" LIMIT {int(limit)}"
    # Straight from the sqlite3 handle: SQLAlchemy's Row objects tripled the time for 350k ids. Iterating the
    # cursor with tuple unpacking is the bare SQL's own loop; fetchmany batches and r[0] added ~20 %.
    return array("q", [row_id for (row_id,) in sql.execute(conn, query, tuple(params))])


class Where:
    """The WHERE clause of a list query and its bound parameters, built one filter field at a time."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def equal(self, values: Mapping[str, object | None]) -> None:
        """``column = value`` for each column of *values* whose value is not None (None: not filtered)."""
        for column, value in values.items():
            if value is not None:
                self.add(f"{column} = ?", value)

    def one_of(self, column: str, values: Collection[str]) -> None:
        if values:
            self.add(f"{column} IN ({', '.join('?' * len(values))})", *sorted(values))

    def days(self, column: str, first: dt.date | None, last: dt.date | None) -> None:
        """An ISO date column from *first* to *last*, both included; None leaves that end open."""
        if first:
            self.add(f"{column} >= ?", first.isoformat())
        if last:
            self.add(f"{column} <= ?", last.isoformat())

    def text(self, columns: Sequence[str], text: str) -> None:
        """*text* anywhere in one of *columns*: instr() matches literally (no LIKE wildcards % _ \\ to escape)."""
        text = text.strip()
        if text:
            self.add("(" + " OR ".join(f"instr({c}, ?) > 0" for c in columns) + ")", *[text] * len(columns))

    def sql(self) -> tuple[str, list[Any]]:
        return (" AND ".join(self.clauses) or "1=1"), self.params


@dataclass(frozen=True)
class ListQuery(Generic[F]):
    """One record list: ``FROM table alias``, its display columns, and its filter ``F`` as SQL.

    *where(filter, today)* returns the WHERE clause and its parameters over the table's own columns (the
    count and the id query of the default sort then need no join); *today* is for filters that depend on
    the day (overdue).
    """

    table: str
    alias: str
    columns: tuple[Column, ...]
    joins: str
    own_columns: frozenset[str]  # sort keys on the table's own columns: the id query needs no join
    where: Callable[[F, dt.date], tuple[str, list[Any]]]
    default_sort: str = "found_date"

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _, _ in self.columns)

    def ids_sql(self, flt: F, sort_key: str, descending: bool, today: dt.date) -> tuple[str, list[Any]]:
        """The SQL (and parameters) that returns the matching ids in display order; ties by id."""
        expressions = {key: expr for key, _, expr in self.columns}
        if sort_key not in expressions:
            raise ValueError(f"unknown sort column {sort_key!r}")
        where, params = self.where(flt, today)
        direction = "DESC" if descending else "ASC"
        joins = "" if sort_key in self.own_columns else self.joins
        expression = expressions[sort_key]
        order = f"{expression} {direction}{self._nulls(expression, descending)}, {self.alias}.id {direction}"
        return f"SELECT {self.alias}.id FROM {self.table} {self.alias} {joins} WHERE {where} ORDER BY {order}", params

    def _nulls(self, expression: str, descending: bool) -> str:
        """Where NULLs go, spelt out as SQLite puts them (the smallest value; PostgreSQL: the largest), for a
        column that may hold them. A NOT NULL column of the table gets no clause: PostgreSQL reads
        ``DESC NULLS LAST`` from no ascending index, so the newest-first list would sort the whole table."""
        alias, _, name = expression.partition(".")
        column = models.metadata.tables[self.table].c.get(name) if alias == self.alias else None
        if column is not None and not column.nullable:
            return ""
        return " NULLS LAST" if descending else " NULLS FIRST"

    def query_ids(
        self,
        conn: Connection,
        flt: F,
        sort_key: str | None = None,
        descending: bool = True,
        today: dt.date | None = None,
        limit: int | None = None,
    ) -> array[int]:
        """Ids of the matching records, sorted; ``limit`` gives a quick first page."""
        query, params = self.ids_sql(flt, sort_key or self.default_sort, descending, today or dt.date.today())
        return ids_of(conn, query, params, limit)

    def count(self, conn: Connection, flt: F, today: dt.date | None = None) -> int:
        where, params = self.where(flt, today or dt.date.today())
        return int(sql.scalar(conn, f"SELECT count(*) FROM {self.table} {self.alias} WHERE {where}", tuple(params)))

    def fetch_rows(self, conn: Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        """Display rows for a block of ids: ``{id: (value per column..., voided)}``."""
        a = self.alias
        expressions = ", ".join(expr for _, _, expr in self.columns)
        result: dict[int, tuple[Any, ...]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            rows = sql.execute(
                conn,
                f"SELECT {a}.id, {expressions}, {a}.voided FROM {self.table} {a} {self.joins} "
                f"WHERE {a}.id IN ({', '.join('?' * len(chunk))})",
                tuple(chunk),
            )
            for row in rows:
                result[row[0]] = tuple(row[1:])
        return result
