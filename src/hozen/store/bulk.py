"""Rows inserted as one JSON document on PostgreSQL: one statement, one bound parameter, whatever the
number of rows — and the same SQL text every time, so it is compiled and prepared once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table, bindparam, column, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql


def recordset_insert(table: Table, rows: Sequence[Mapping[str, Any]]) -> postgresql.Insert:
    """``INSERT INTO table (…) SELECT … FROM json_to_recordset(<rows>)``: every row has the same keys."""
    names = list(rows[0])
    document = json.dumps(rows, default=_json_default, ensure_ascii=False, separators=(",", ":"))
    source = (
        func.json_to_recordset(sql_cast(bindparam("rows", document), JSON))
        .table_valued(*(column(name, table.c[name].type) for name in names))
        .render_derived(with_types=True)
    )
    return postgresql.insert(table).from_select(names, select(*(source.c[name] for name in names)))


def _json_default(value: object) -> str:
    """Dates and aware timestamps in ISO form; a naive timestamp is refused, as ``UtcDateTime`` does."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware timestamp (UTC)")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no JSON form here")
