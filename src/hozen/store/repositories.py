"""Queries and row locks used by the services. Database-specific locking lives here only."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple, TypeVar, cast

import psycopg
from sqlalchemy import (
    ARRAY,
    JSON,
    Boolean,
    Column,
    ColumnElement,
    FromClause,
    Insert,
    Select,
    Table,
    Text,
    Update,
    any_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import NoResultFound
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import (
    Mapper,
    QueryableAttribute,
    Session,
    class_mapper,
    make_transient_to_detached,
)
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.sql.visitors import InternalTraversal

from hozen.domain.codes import Labelled
from hozen.store import audit_chain
from hozen.store.audit_chain import HistoryRow
from hozen.store.bulk import insert_into_tables, recordset, recordset_insert
from hozen.store.models import Base, BusinessDate, Customer, Debtor, ReceivableKeyHold, Reservation

Locked = TypeVar("Locked", Debtor, Customer)
Model = TypeVar("Model", bound=Base)


class ListedIn(ColumnElement[bool]):
    """``column IN (:parameter)``, the parameter given as a list, in a statement built once: on
    PostgreSQL ``column = ANY(:parameter)``, one array, so that the statement's text — and the
    statement psycopg prepares — is the same whatever the list's length, and nothing is spliced into
    the text as it runs (an expanding ``IN`` is rewritten on every execution, a tenth of the time of
    a short statement); elsewhere an expanding ``IN``."""

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's own declaration: a list on the class)
        ("column", InternalTraversal.dp_clauseelement),
        ("parameter", InternalTraversal.dp_string),
    ]

    def __init__(self, column: ColumnElement[Any] | QueryableAttribute[Any], parameter: str) -> None:
        self.column: ColumnElement[Any] = coercions.expect(roles.ExpressionElementRole, column)
        self.parameter = parameter
        self.type = Boolean()

    def self_group(self, against: OperatorType | None = None) -> ListedIn:
        """A comparison already, as ``IN`` is: not made one with ``= 1`` where booleans are numbers."""
        return self


@compiles(ListedIn)
def _expanding_in(element: ListedIn, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(element.parameter, expanding=True)), **kw)


@compiles(ListedIn, "postgresql")
def _equal_to_any(element: ListedIn, compiler: SQLCompiler, **kw: Any) -> str:
    listed = bindparam(element.parameter, type_=ARRAY(element.column.type))
    return f"{compiler.process(element.column, **kw)} = ANY ({compiler.process(listed, **kw)})"


RESERVED = "reserved"
RELEASED = "released"


def lock_limit_rows(session: Session, debtor_ids: Iterable[int], customer_id: int) -> tuple[list[Debtor], Customer]:
    """:func:`lock_limit_rows_of` for one customer."""
    debtors, [customer] = lock_limit_rows_of(session, debtor_ids, [customer_id])
    return debtors, customer


def lock_limit_rows_of(
    session: Session, debtor_ids: Iterable[int], customer_ids: Iterable[int]
) -> tuple[list[Debtor], list[Customer]]:
    """The one lock order of every write that depends on a limit: the debtors' rows (by id), then
    the customers' (by id). Two reservations therefore never wait for each other in a cycle.

    PostgreSQL takes ``FOR NO KEY UPDATE`` row locks and re-reads the rows, one statement for the
    debtors and one for the customers, each locking its rows in the order of their ids. That lock
    serialises reservations on the same debtor or customer, yet does not conflict with the
    ``KEY SHARE`` locks that inserting rows which refer to them takes (a review request and its
    lines, customer first, then debtors): a plain ``FOR UPDATE`` here deadlocked against a review
    being submitted. SQLite ignores the clause; its write lock is already held by the write unit of
    work.
    """
    return _locked(session, Debtor, debtor_ids), _locked(session, Customer, customer_ids)


def _locked(session: Session, model: type[Locked], row_ids: Iterable[int]) -> list[Locked]:
    wanted = sorted(set(row_ids))
    found: list[Locked] = list(session.scalars(_LOCKING[model], {"ids": wanted}))
    if len(found) != len(wanted):
        raise NoResultFound(f"{model.__tablename__}: no row for some of {wanted}")
    return found


_LOCKING = {
    model: select(model)
    .where(model.id.in_(bindparam("ids", expanding=True)))
    .order_by(model.id)
    .with_for_update(key_share=True)
    .execution_options(populate_existing=True)
    for model in (Debtor, Customer)
}


class LimitRow(NamedTuple):
    """What a limit depends on in a debtor's or a customer's row (a customer has no net assets)."""

    id: int
    net_assets: int | None
    own_limit: int | None


@dataclass(frozen=True, slots=True)
class LimitRows:
    debtors: dict[int, LimitRow]
    customers: dict[int, LimitRow]


def lock_limits(session: Session, debtor_ids: Iterable[int], customer_ids: Iterable[int]) -> LimitRows:
    """:func:`lock_limit_rows_of` in one statement and without ORM objects, for a write that needs
    only the limits: the same locks in the same order — the debtors' rows by id, then the customers'
    (each a ``WITH`` query, which PostgreSQL runs whole before the next) — and their limit columns."""
    wanted = {"debtors": sorted(set(debtor_ids)), "customers": sorted(set(customer_ids))}
    found: dict[str, dict[int, LimitRow]] = {party: {} for party in wanted}
    for party, *row in session.execute(_LOCK_LIMITS, wanted):  # each row names its parameter
        found[party][row[0]] = LimitRow(*row)
    for party, ids in wanted.items():
        if len(found[party]) != len(ids):
            raise NoResultFound(f"{party}: no row for some of {ids}")
    return LimitRows(found["debtors"], found["customers"])


def _locking_limits(table: Table, parameter: str, net_assets: Any) -> Select[Any]:
    locked = (
        select(table.c.id, net_assets.label("net_assets"), table.c.own_limit)
        .where(ListedIn(table.c.id, parameter))
        .order_by(table.c.id)
        .with_for_update(key_share=True)
        .cte(f"locked_{parameter}")
    )
    return select(literal(parameter), locked.c.id, locked.c.net_assets, locked.c.own_limit)


# the hot statements of a reservation are built on the tables, not the mapped classes: a statement
# naming a mapped attribute runs through the ORM's compile and result steps although it loads no
# object (the chain head's lock took 0.21 ms of Python so, 0.14 ms on its table)
_DEBTORS, _CUSTOMERS, _RESERVATIONS = (cast(Table, model.__table__) for model in (Debtor, Customer, Reservation))
_LOCK_LIMITS = union_all(
    _locking_limits(_DEBTORS, "debtors", _DEBTORS.c.net_assets),
    _locking_limits(_CUSTOMERS, "customers", null().cast(_DEBTORS.c.net_assets.type)),
)


def debtor_exposure(session: Session, debtor_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(Reservation.amount), 0)).where(
            Reservation.debtor_id == debtor_id, Reservation.state == RESERVED
        )
    )
    return int(total or 0)


def customer_exposure(session: Session, customer_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(Reservation.amount), 0)).where(
            Reservation.customer_id == customer_id, Reservation.state == RESERVED
        )
    )
    return int(total or 0)


@dataclass(slots=True)
class Exposures:
    """The reserved sums of some debtors and customers, by id (one with nothing reserved is absent)."""

    debtors: dict[int, int]
    customers: dict[int, int]


def reserved_sums(session: Session, debtor_ids: Sequence[int], customer_ids: Sequence[int]) -> Exposures:
    """:func:`debtor_exposure` of each debtor and :func:`customer_exposure` of each customer, in one
    query (a reservation reads them under the limit rows' locks)."""
    rows = session.execute(_RESERVED_SUMS, {"debtors": list(debtor_ids), "customers": list(customer_ids)}).all()
    sums: dict[str, dict[int, int]] = {"debtor": {}, "customer": {}}
    for party, party_id, amount in rows:
        sums[party][int(party_id)] = int(amount)
    return Exposures(sums["debtor"], sums["customer"])


def _reserved_by(party: str, column: Column[int]) -> Select[str, int, int]:
    wanted = ListedIn(column, f"{party}s")
    live = _RESERVATIONS.c.state == RESERVED
    return select(literal(party), column, func.sum(_RESERVATIONS.c.amount)).where(wanted, live).group_by(column)


_RESERVED_SUMS = union_all(
    _reserved_by("debtor", _RESERVATIONS.c.debtor_id), _reserved_by("customer", _RESERVATIONS.c.customer_id)
)


def record_transition(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    from_state: str | None,
    to_state: str,
    actor_id: int | None,
    business_date: dt.date,
    reason: str = "",
) -> None:
    audit_chain.write(session, [HistoryRow(entity, entity_id, from_state, to_state, actor_id, business_date, reason)])


DecisionValue = int | str | bool | dt.date | None
"""A field's value as a decision records it: a code is recorded by the label people read."""


class FieldChange(NamedTuple):
    """One field a decision changed: its name (a ``DecisionField``) and its values before and after."""

    field: str
    before: DecisionValue
    after: DecisionValue


def record_decision(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    decision: str,
    changes: Sequence[FieldChange],
    actor_id: int | None,
    business_date: dt.date,
    reason: str = "",
) -> None:
    """A decision on an object (a limit, a role, the business date…): who, when, why, and each field
    before → after, in the history and therefore in its hash chain."""
    recorded = [[change.field, _recorded(change.before), _recorded(change.after)] for change in changes]
    changed = json.dumps(recorded, ensure_ascii=False, separators=(",", ":"))
    audit_chain.write(
        session, [HistoryRow(entity, entity_id, None, decision, actor_id, business_date, reason, changed)]
    )


def _recorded(value: DecisionValue) -> int | str | bool | None:
    if isinstance(value, Labelled):
        return value.label
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_transitions(session: Session, rows: Sequence[HistoryRow]) -> None:
    """The history rows of a bulk path: inserted with every other row of the transaction, sealed, by one
    executemany when it commits (:func:`hozen.store.audit_chain.seal`)."""
    audit_chain.write(session, rows)


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Many rows into ``table`` (each naming the same columns in the same order), nothing read back. PostgreSQL copies
    them in (``COPY … FROM STDIN``: a third of the time of an executemany, whose every row the server
    executes on its own); SQLite gets one executemany. A column a row leaves out takes its default."""
    if not rows:
        return
    omitted = [column for column in table.columns if column.key not in rows[0] and column.default is not None]
    defaults = [column.default for column in omitted if isinstance(column.default, ScalarElementColumnDefault)]
    connection = session.connection().connection.driver_connection
    if not isinstance(connection, psycopg.Connection) or len(defaults) < len(omitted):
        session.execute(insert(table), rows)
        return
    session.flush()  # the rows may refer to objects still pending in the session
    quote = session.get_bind().dialect.identifier_preparer
    names = ", ".join(quote.quote(column.name) for column in [*(table.c[key] for key in rows[0]), *omitted])
    values = tuple(default.arg for default in defaults)
    with connection.cursor().copy(f"COPY {quote.format_table(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row.values(), *values))


IN_LIST_SIZE = 1_000  # ids per IN (...) list: well under SQLite's limit on bound parameters


Batched = TypeVar("Batched", int, str)


def take_ids(session: Session, counts: Mapping[Table, int]) -> dict[Table, list[int]]:
    """``counts[table]`` new ids for each table, in ascending order, for rows inserted by
    :func:`insert_new`. PostgreSQL: from the tables' sequences, every table's in one statement. SQLite:
    the ids after each table's largest, which no one else can take, since a write unit of work holds
    the database's write lock (``BEGIN IMMEDIATE``) until it commits."""
    wanted = {table: count for table, count in counts.items() if count}
    if not wanted:
        return {}
    if session.get_bind().dialect.name != "postgresql":
        tops = session.execute(select(*(select(func.max(table.c.id)).scalar_subquery() for table in wanted))).one()
        return {
            table: list(range((top or 0) + 1, (top or 0) + 1 + count))
            for (table, count), top in zip(wanted.items(), tops, strict=True)
        }
    taken = session.execute(_TAKE_IDS, {"tables": [table.name for table in wanted], "counts": list(wanted.values())})
    ids = {name: sorted(numbers) for name, numbers in taken}
    return {table: ids[table.name] for table in wanted}


_TAKE_IDS = text(
    """
    SELECT wanted.name, array_agg(nextval(wanted.sequence))
    FROM (
        SELECT name, count, pg_get_serial_sequence(name, 'id') AS sequence
        FROM unnest(CAST(:tables AS text[]), CAST(:counts AS integer[])) AS listed(name, count)
    ) AS wanted, generate_series(1, wanted.count)
    GROUP BY wanted.name
    """
)


def new_row(model: type[Model], values: Mapping[str, Any]) -> Model:
    """A new ``model`` object holding ``values`` (its columns'), built as the ORM builds a row it
    loads: the values put in place, without the attribute event the constructor fires for each of
    them (the constructors were a sixth of the instructions of applying, docs/performance.md). For
    rows written by :func:`insert_new`, which reads the values as they are, or added to a session,
    whose insert does too; a relationship is given with ``set_committed_value``. A name that is not
    a column of the model is refused, as the constructor refuses an unknown one."""
    unknown = values.keys() - _new_rows_of(class_mapper(model)).keys
    if unknown:
        raise TypeError(f"{model.__name__} has no column {sorted(unknown)}")
    row: Model = manager_of_class(model).new_instance()
    vars(row).update(values)
    return row


def insert_new(
    session: Session, objects: Sequence[Any], setting: Mapping[Table, Sequence[Mapping[str, Any]]] | None = None
) -> None:
    """New ORM objects (their ids set, from :func:`take_ids`) inserted with Core, without the session's
    unit of work (the objects never enter it): on PostgreSQL one statement for every table, on SQLite
    one executemany per table, tables in the order of their first object. Every column the object
    does not set takes its default, on the object too, so that nothing is left to load: once its
    changes are done, :func:`detach_new` makes it a detached row that a session can take without a
    query. ``setting``: rows of other tables whose columns are then set, each on the row its ``id``
    names — on PostgreSQL in the same statement, on SQLite one executemany per table after the inserts."""
    by_table: dict[Table, list[dict[str, Any]]] = {}
    for new in objects:
        shape = _new_rows_of(new.__mapper__)
        values = vars(new)  # read and completed without the attributes' instrumentation: a new row
        for key in shape.keys - values.keys():
            values[key] = shape.defaults[key]()
        by_table.setdefault(shape.table, []).append({column: values[key] for key, column in shape.columns})
    changes = [(table, rows) for table, rows in (setting or {}).items() if rows]
    if not by_table:
        if changes:
            raise ValueError("insert_new sets columns only beside rows it inserts")
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(*insert_into_tables(list(by_table.items()), changes))
        return
    for table, rows in by_table.items():
        session.execute(_insert(table), rows)
    for table, changed in changes:  # the id names the row: it is not a column to set
        named = [{"row_id": row["id"]} | {key: value for key, value in row.items() if key != "id"} for row in changed]
        session.execute(_setting(table), named)


@dataclass(frozen=True, slots=True)
class _RowShape:
    """A model's table, each column's attribute and column name, and each attribute's default."""

    table: Table
    columns: tuple[tuple[str, str], ...]
    keys: frozenset[str]
    defaults: dict[str, Callable[[], Any]]


@functools.cache
def _new_rows_of(mapper: Mapper[Any]) -> _RowShape:
    """The shape of a model's new rows (the defaults from :func:`_default`)."""
    columns, defaults = [], {}
    for prop in mapper.column_attrs:
        [column] = prop.columns
        columns.append((prop.key, column.key))
        defaults[prop.key] = _default(column)
    return _RowShape(cast(Table, mapper.local_table), tuple(columns), frozenset(defaults), defaults)


@functools.cache
def _insert(table: Table) -> Insert:
    return insert(table)


@functools.cache
def _setting(table: Table) -> Update:
    """The columns of each row's parameters set on the row ``row_id`` names (SQLite's executemany)."""
    return update(table).where(table.c.id == bindparam("row_id"))


def _default(column: Any) -> Callable[[], Any]:
    """What gives a column the object leaves unset the value the ORM would give it (its Python-side
    default); one the database computes cannot be known before the insert, so it is refused."""
    default = column.default
    if default is None and column.server_default is None:
        return lambda: None
    if default is None or not (default.is_scalar or default.is_callable):

        def unknown() -> Any:
            raise TypeError(f"{column}: a default computed by the database cannot be known before the insert")

        return unknown
    if default.is_callable:
        return functools.partial(default.arg, None)
    value = default.arg
    return lambda: value


def detach_new(objects: Iterable[Any]) -> None:
    """Objects written by :func:`insert_new` made detached rows, as if loaded: a session then takes
    them (``session.add``, which cascades to their loaded relationships) as persistent, with no query."""
    for new in objects:
        make_transient_to_detached(new)


def id_batches(ids: Iterable[Batched]) -> Iterator[tuple[Batched, ...]]:
    """``ids`` (or keys) in batches small enough for one ``IN (...)`` list on every supported database."""
    remaining = iter(ids)
    while batch := tuple(islice(remaining, IN_LIST_SIZE)):
        yield batch


def values_table(
    session: Session, name: str, columns: Sequence[ColumnClause[Any]], rows: Sequence[Sequence[Any]]
) -> FromClause:
    """``rows`` (at most ``IN_LIST_SIZE``) as a table ``name`` of ``columns`` to join in one statement.

    On PostgreSQL the rows are one JSON document (``json_to_recordset``): the statement is the same
    whatever the rows, so it is compiled once; a ``VALUES`` list of a bound parameter per value was
    compiled anew for every batch. On SQLite, ``SELECT column1 AS …, column2 AS … FROM (VALUES …)``:
    SQLite takes no column names after the alias of a ``VALUES`` list, and names its columns
    ``column1``, ``column2``…
    """
    if session.get_bind().dialect.name == "postgresql":
        names = [column.name for column in columns]
        [(key, document)] = recordset([dict(zip(names, row, strict=True)) for row in rows], f"{name}_rows").items()
        source = sql_cast(bindparam(key, document, type_=Text()), JSON)
        return func.json_to_recordset(source).table_valued(*columns).render_derived(name=name, with_types=True)
    parameters = [
        bindparam(f"{name}_{row_number}_{place}", value, type_=columns[place].type)
        for row_number, row in enumerate(rows)
        for place, value in enumerate(row)
    ]
    width = len(columns)
    tuples = ", ".join(
        "(" + ", ".join(f":{parameter.key}" for parameter in parameters[start : start + width]) + ")"
        for start in range(0, len(parameters), width)
    )
    names_as = ", ".join(f"listed.column{place} AS {column.name}" for place, column in enumerate(columns, start=1))
    listed = text(f"SELECT {names_as} FROM (VALUES {tuples}) AS listed").bindparams(*parameters)
    return listed.columns(*columns).subquery(name)


def one_of(
    session: Session, column: QueryableAttribute[Any], values: Sequence[Batched]
) -> Iterator[ColumnElement[bool]]:
    """Conditions, one per query, that together select the rows whose ``column`` holds one of ``values``.
    PostgreSQL gets them all as one array (``= ANY``): it parses and plans each long ``IN (...)`` list
    anew, ten lists of 1,000 keys taking four times as long as one array; SQLite gets ``IN`` lists
    of :data:`IN_LIST_SIZE`."""
    if session.get_bind().dialect.name != "postgresql":
        yield from (column.in_(batch) for batch in id_batches(values))
    elif values:
        yield column == any_(literal(list(values), ARRAY(column.type)))


_POLICIES_IN_USE = text(
    """
    WITH RECURSIVE used(policy) AS (
        SELECT MIN(policy) FROM review_requests
        UNION ALL
        SELECT (SELECT MIN(policy) FROM review_requests WHERE policy > used.policy) FROM used
        WHERE used.policy IS NOT NULL
    )
    SELECT policy FROM used WHERE policy IS NOT NULL
    """
)


def policies_in_use(session: Session) -> list[str]:
    """The distinct policies reviews were made under: one index probe per policy (a loose index
    scan), not a scan of every review."""
    return list(session.scalars(_POLICIES_IN_USE))


def hold_receivable_keys(session: Session, holders: dict[str, int]) -> set[str]:
    """Insert the keys (each with the review line taking it up) that no one holds; the keys inserted.

    One ``INSERT … ON CONFLICT DO NOTHING``: a key another transaction is inserting waits for it, and
    is left alone if that transaction commits — no savepoint, no look-up before. On PostgreSQL the
    keys go as one JSON document (the same statement whatever their number)."""
    rows = [{"key": key, "review_line_id": line_id} for key, line_id in holders.items()]
    if session.get_bind().dialect.name == "postgresql":
        return set(session.scalars(_HOLD_KEYS, recordset(rows)))
    statement = sqlite.insert(ReceivableKeyHold).on_conflict_do_nothing(index_elements=["key"])
    return set(session.scalars(statement.returning(ReceivableKeyHold.key), rows))


_RECEIVABLE_KEYS = cast(Table, ReceivableKeyHold.__table__)
_HOLD_KEYS = (
    recordset_insert(_RECEIVABLE_KEYS, ("key", "review_line_id"))
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(ReceivableKeyHold.key)
)


def release_receivable_keys(session: Session, *review_line_ids: int) -> None:
    """The guarantees or purchases of these lines have ended: their receivables may be taken up again
    (SPEC §4.3)."""
    for chosen in one_of(session, ReceivableKeyHold.review_line_id, review_line_ids):
        session.execute(delete(ReceivableKeyHold).where(chosen))


def business_date(session: Session, calendar_today: dt.date) -> dt.date:
    """The settable business date, or the calendar date when none is set."""
    row = session.get(BusinessDate, 1)
    return row.today if row is not None else calendar_today


def set_business_date(session: Session, today: dt.date) -> None:
    row = session.get(BusinessDate, 1)
    if row is None:
        session.add(BusinessDate(id=1, today=today))
    else:
        row.today = today


def release_reservation(
    session: Session, at: dt.datetime, guarantee_id: int | None = None, *, purchase_id: int | None = None
) -> None:
    """Release the exposure a guarantee or purchased note holds (ended, paid out, settled or cancelled)."""
    holder = (
        Reservation.guarantee_id == guarantee_id if guarantee_id is not None else Reservation.purchase_id == purchase_id
    )
    reservation = session.scalars(select(Reservation).where(holder)).first()
    if reservation is not None and reservation.state == RESERVED:
        reservation.state = RELEASED
        reservation.released_at = at


def release_reservations(session: Session, at: dt.datetime, guarantee_ids: Sequence[int]) -> None:
    """:func:`release_reservation` for many guarantees at once: one UPDATE (one per batch of ids on
    SQLite)."""
    for chosen in one_of(session, Reservation.guarantee_id, guarantee_ids):
        session.execute(
            update(Reservation)
            .where(chosen, Reservation.state == RESERVED)
            .values(state=RELEASED, released_at=at)
            .execution_options(synchronize_session=synchronize(session, Reservation))
        )


def synchronize(session: Session, model: type[Any]) -> str | bool:
    """How a bulk UPDATE of ``model`` rows brings the session's copies up to date: by fetching the
    rows it changed, only when the session holds some (the nightly run moves thousands of rows it
    never loaded, and fetching walked each of them)."""
    return "fetch" if any(isinstance(obj, model) for obj in session.identity_map.values()) else False
