"""Rows inserted as one JSON document on PostgreSQL: one statement, one bound parameter, whatever the
number of rows — and the same statement every time, so it is built, compiled and prepared once."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table, Text, bindparam, column, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql


@functools.cache
def recordset_insert(table: Table, names: tuple[str, ...]) -> postgresql.Insert:
    """``INSERT INTO table (names) SELECT … FROM json_to_recordset(:rows)``, built once for each table
    and columns; executed with :func:`recordset` of rows that have exactly those keys."""
    source = (
        func.json_to_recordset(sql_cast(bindparam("rows", type_=Text()), JSON))
        .table_valued(*(column(name, table.c[name].type) for name in names))
        .render_derived(with_types=True)
    )
    return postgresql.insert(table).from_select(list(names), select(*(source.c[name] for name in names)))


def recordset(rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The parameter of a :func:`recordset_insert`: the rows as one JSON document."""
    return {"rows": json.dumps(rows, default=_json_default, ensure_ascii=False, separators=(",", ":"))}


def _json_default(value: object) -> str:
    """Dates and aware timestamps in ISO form; a naive timestamp is refused, as ``UtcDateTime`` does."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware timestamp (UTC)")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no JSON form here")
