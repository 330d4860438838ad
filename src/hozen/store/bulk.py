"""Rows inserted (or columns set) as one JSON document on PostgreSQL: one statement, one bound
parameter, whatever the number of rows — and the same statement every time, so it is built, compiled
and prepared once."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    Table,
    TableValuedAlias,
    Text,
    Update,
    any_,
    bindparam,
    column,
    func,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql


@functools.cache
def recordset_insert(table: Table, names: tuple[str, ...], parameter: str = "rows") -> postgresql.Insert:
    """``INSERT INTO table (names) SELECT … FROM json_to_recordset(:rows)``, built once for each table
    and columns; executed with :func:`recordset` of rows that have exactly those keys."""
    source = _recordset(table, names, parameter)
    return postgresql.insert(table).from_select(list(names), select(*(source.c[name] for name in names)))


@functools.cache
def recordset_update(table: Table, names: tuple[str, ...], parameter: str = "rows") -> Update:
    """``UPDATE table SET … FROM json_to_recordset(:rows) WHERE table.id = rows.id``: each row's columns
    (``names``, ``id`` among them) set on the row its id names; executed as :func:`recordset_insert`.

    The rows' ids are also given as one array (``table.id = ANY(…)``, computed once): PostgreSQL
    estimates any ``json_to_recordset`` at 100 rows, and joined on that alone it scanned the whole
    table (a hash join) rather than look each row up by its primary key."""
    source = _recordset(table, names, parameter)
    ids = _recordset(table, ("id",), parameter)
    listed = sql_cast(select(func.array_agg(ids.c.id)).scalar_subquery(), ARRAY(table.c.id.type))
    changed = {name: source.c[name] for name in names if name != "id"}
    return update(table).where(table.c.id == any_(listed), table.c.id == source.c.id).values(changed)


def _recordset(table: Table, names: tuple[str, ...], parameter: str) -> TableValuedAlias:
    return (
        func.json_to_recordset(sql_cast(bindparam(parameter, type_=Text()), JSON))
        .table_valued(*(column(name, table.c[name].type) for name in names))
        .render_derived(with_types=True)
    )


def recordset(rows: Sequence[Mapping[str, Any]], parameter: str = "rows") -> dict[str, str]:
    """The parameter of a :func:`recordset_insert`: the rows as one JSON document. A value that is
    itself an object or a list goes into a text column as its JSON, written as :func:`compact_json`
    writes it (PostgreSQL keeps the text of a ``json`` value as it was sent)."""
    return {parameter: compact_json(rows)}


def compact_json(value: Any) -> str:
    """JSON without spaces, non-ASCII characters as they are, dates in ISO form."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


Rows = Sequence[tuple[Table, Sequence[Mapping[str, Any]]]]
"""Each table's rows (every row of a table with the same keys)."""


def insert_into_tables(tables: Rows, setting: Rows = ()) -> tuple[Any, dict[str, str]]:
    """One statement, and its parameters, inserting each table's rows, then setting the columns of
    ``setting``'s rows on the rows their ids name: all but the last insert as data-modifying ``WITH``
    queries. Their foreign keys are checked as the statement ends, so rows may refer to rows of a
    table inserted in the same statement."""
    shape = tuple((table, tuple(rows[0])) for table, rows in tables)
    changes = tuple((table, tuple(rows[0])) for table, rows in setting)
    parameters: dict[str, str] = {}
    for place, (_, rows) in enumerate([*tables, *setting]):
        parameters |= recordset(rows, f"rows_{place}")
    return _inserting(shape, changes), parameters


@functools.cache
def _inserting(
    shape: tuple[tuple[Table, tuple[str, ...]], ...], changes: tuple[tuple[Table, tuple[str, ...]], ...]
) -> postgresql.Insert:
    *firsts, (table, names) = shape
    statement = recordset_insert(table, names, f"rows_{len(firsts)}")
    for place, (first, first_names) in enumerate(firsts):
        statement = statement.add_cte(recordset_insert(first, first_names, f"rows_{place}").cte(f"inserted_{place}"))
    for place, (changed, changed_names) in enumerate(changes, start=len(shape)):
        statement = statement.add_cte(recordset_update(changed, changed_names, f"rows_{place}").cte(f"set_{place}"))
    return statement


def _json_default(value: object) -> str:
    """Dates and aware timestamps in ISO form; a naive timestamp is refused, as ``UtcDateTime`` does."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware timestamp (UTC)")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no JSON form here")
