"""でんさい 開示 CSV → a review request (SPEC §17, docs/densai.md).

A bank's disclosure file lists e-receivables (電子記録債権) the customer holds. Each row becomes an
``erecord`` line whose reference is the 20-character 記録番号, through a column mapping (the shipped
``policies/densai.toml`` or the caller's TOML). As with the spreadsheet list (:mod:`hozen.services.imports`,
whose limits apply), it is all or nothing: if any row is bad, nothing is imported and
``IMPORT_ROWS_INVALID`` names each row, the column's heading and a coded message.

Not refused here, because they are findings of the review, shown on the line: a record the customer acquired
by a transfer record (``ERECEIVABLE_TRANSFERRED``) and a 記録番号 already on a live line, guarantee or purchase
(``RECEIVABLE_DUPLICATE``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select

from hozen.contract.base import whole_number
from hozen.contract.densai import DensaiMapping
from hozen.contract.errors import FieldError, field_errors
from hozen.contract.reviews import ReceivableKind, ReceivableLineInput
from hozen.domain import densai
from hozen.domain.codes import Code, CompanyCode, InputCode, WorkflowCode
from hozen.domain.errors import DomainError
from hozen.domain.identifiers import parse_corporate_number
from hozen.domain.roles import Actor, Permission
from hozen.policies import PRESET_DIR
from hozen.services import reviews
from hozen.services.common import UnitOfWork
from hozen.services.imports import (
    MAX_FILE_BYTES,
    cell_error,
    csv_rows,
    decode_csv,
    import_error,
    read_rows,
    rows_invalid,
    too_long,
)
from hozen.store.models import Debtor, ReviewRequest

DEFAULT_MAPPING = PRESET_DIR / "densai.toml"
HEADING_ROWS = 20
"""The heading row is the first of the file's first rows that holds the record-number heading."""
MAX_MAPPING_BYTES = 64 * 1024


def load_mapping(text: bytes | None = None) -> DensaiMapping:
    """The column mapping from TOML (UTF-8); ``None``: the shipped default."""
    content = DEFAULT_MAPPING.read_bytes() if text is None else text
    try:
        if len(content) > MAX_MAPPING_BYTES:
            raise ValueError(f"larger than {MAX_MAPPING_BYTES // 1024} KB")
        return DensaiMapping.model_validate(tomllib.loads(content.decode("utf-8")))
    except ValidationError as error:
        detail = "; ".join(f"{e['field']}: {e['message_en']}" for e in field_errors(list(error.errors())))
        raise DomainError(WorkflowCode.DENSAI_MAPPING_INVALID, {"detail": detail}) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
        raise DomainError(WorkflowCode.DENSAI_MAPPING_INVALID, {"detail": str(error)}) from None


@dataclass(frozen=True, slots=True)
class DensaiRecord:
    """One row of the file, read; the debtor is still only named."""

    row: int
    record_number: str
    issue_date: dt.date
    due_date: dt.date
    amount: str  # as written; the contract reads it as whole yen or refuses it with the column's name
    transferred: bool
    debtor_corporate_number: str | None
    debtor_user_number: str | None
    debtor_name: str


def import_densai(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    content: bytes,
    mapping: DensaiMapping,
    *,
    today: dt.date,
    policy_name: str,
    purchase: bool = False,
    filename: str = "densai.csv",
) -> ReviewRequest:
    """A review request of the file's e-receivables, or ``IMPORT_ROWS_INVALID`` naming every bad row."""
    actor.require(Permission.SUBMIT_REVIEW)
    actor.require_customer(customer_id)
    if not filename.lower().endswith(".csv"):
        raise import_error("densai_file_type")
    records, problems = parse_densai(content, mapping)
    lines, more = _lines(uow, records, mapping)
    problems = _merged([*problems, *more])
    if problems:
        raise rows_invalid(problems)
    return reviews.submit_review_request(
        uow, actor, customer_id, lines, today=today, policy_name=policy_name, purchase=purchase
    )


def parse_densai(content: bytes, mapping: DensaiMapping) -> tuple[list[DensaiRecord], list[dict[str, Any]]]:
    """The file's records, and its bad rows (``{"row", "errors"}``); file-level faults raise at once."""
    if len(content) > MAX_FILE_BYTES:
        raise import_error("too_large", maximum=MAX_FILE_BYTES // (1024 * 1024))
    rows = list(csv_rows(decode_csv(content)))
    columns = _columns(rows, mapping)
    body = [
        (number, row)
        for number, row in enumerate(rows[columns.heading_row + 1 :], start=columns.heading_row + 2)
        if any(too_long(cell) or (isinstance(cell, str) and cell.strip()) for cell in row)
    ]
    return read_rows(body, lambda number, row: _record(number, columns.reader(row), mapping))


@dataclass(frozen=True, slots=True)
class _Columns:
    heading_row: int
    index: dict[str, int]  # mapping field → column index, for the columns the file has

    def reader(self, row: Sequence[Any]) -> Callable[[str], str]:
        def cell(field: str) -> str:
            position = self.index.get(field)
            if position is None or position >= len(row):
                return ""
            return str(row[position]).strip()

        return cell


_REQUIRED = ("record_number", "issue_date", "due_date", "amount", "record_kind")
_DEBTOR = ("debtor_corporate_number", "debtor_user_number", "debtor_name")


def _columns(rows: list[list[Any]], mapping: DensaiMapping) -> _Columns:
    if not rows:
        raise import_error("empty")
    headings = mapping.columns.model_dump()
    wanted = densai.folded(headings["record_number"])
    heading_row = next(
        (n for n, row in enumerate(rows[:HEADING_ROWS]) if wanted in (densai.folded(str(c)) for c in row)), None
    )
    if heading_row is None:
        missing = [headings[field] for field in _REQUIRED]
        raise import_error("missing_columns", columns=missing, mapping=mapping.name)
    found = {densai.folded(str(cell)): n for n, cell in enumerate(rows[heading_row]) if isinstance(cell, str)}
    index = {field: found[densai.folded(title)] for field, title in headings.items() if densai.folded(title) in found}
    missing = [headings[field] for field in _REQUIRED if field not in index]
    if not any(field in index for field in _DEBTOR):
        missing.append(" / ".join(headings[field] for field in _DEBTOR if headings[field]))
    if missing:
        raise import_error("missing_columns", columns=missing, mapping=mapping.name)
    return _Columns(heading_row, index)


def _record(
    number: int, cell: Callable[[str], str], mapping: DensaiMapping
) -> tuple[DensaiRecord | None, list[FieldError]]:
    headings = mapping.columns
    errors: list[FieldError] = []

    def required(field: str) -> str | None:
        value = cell(field)
        if not value:
            errors.append(cell_error(getattr(headings, field), InputCode.FIELD_REQUIRED))
            return None
        return value

    def checked(field: str, parse: Callable[[str], Any], code: Code) -> Any:
        value = required(field)
        if value is None:
            return None
        parsed = parse(value)
        if parsed is None:
            errors.append(cell_error(getattr(headings, field), code, {"value": value}))
        return parsed

    record_number = checked("record_number", densai.record_number, WorkflowCode.DENSAI_RECORD_NUMBER_INVALID)
    issue_date = checked("issue_date", densai.parse_date, WorkflowCode.DENSAI_DATE_INVALID)
    due_date = checked("due_date", densai.parse_date, WorkflowCode.DENSAI_DATE_INVALID)
    amount = required("amount")
    transferred = _transferred(required("record_kind"), mapping, errors)
    corporate_number = _corporate_number(cell("debtor_corporate_number"), headings.debtor_corporate_number, errors)
    typed_user_number = cell("debtor_user_number")
    user_number = densai.user_number(typed_user_number) if typed_user_number else None
    name = cell("debtor_name")
    if typed_user_number and user_number is None:
        errors.append(cell_error(headings.debtor_user_number, InputCode.TEXT_FORMAT_INVALID))
    if not (cell("debtor_corporate_number") or typed_user_number or name):
        debtor_heading = next(getattr(headings, f) for f in reversed(_DEBTOR) if getattr(headings, f))
        errors.append(cell_error(debtor_heading, InputCode.FIELD_REQUIRED))
    if (
        errors
        or record_number is None
        or issue_date is None
        or due_date is None
        or amount is None
        or transferred is None
    ):
        return None, errors
    return (
        DensaiRecord(
            row=number,
            record_number=record_number,
            issue_date=issue_date,
            due_date=due_date,
            amount=amount,
            transferred=transferred,
            debtor_corporate_number=corporate_number,
            debtor_user_number=user_number,
            debtor_name=name,
        ),
        [],
    )


def _transferred(value: str | None, mapping: DensaiMapping, errors: list[FieldError]) -> bool | None:
    if value is None:
        return None
    kinds = mapping.record_kind
    key = densai.folded(value)
    if key in {densai.folded(v) for v in kinds.transfer}:
        return True
    if key in {densai.folded(v) for v in kinds.issuance}:
        return False
    context = {"value": value, "issuance": list(kinds.issuance), "transfer": list(kinds.transfer)}
    errors.append(cell_error(mapping.columns.record_kind, WorkflowCode.DENSAI_RECORD_KIND_UNKNOWN, context))
    return None


def _corporate_number(value: str, heading: str, errors: list[FieldError]) -> str | None:
    if not value:
        return None
    try:
        return parse_corporate_number(densai.folded(value), field=heading)
    except DomainError as error:
        errors.append(cell_error(heading, error.code, error.context))
        return None


def _lines(
    uow: UnitOfWork, records: Sequence[DensaiRecord], mapping: DensaiMapping
) -> tuple[list[ReceivableLineInput], list[dict[str, Any]]]:
    """Each record as a receivable line of its debtor; unknown debtors and out-of-bounds values as row errors."""
    find = _debtor_finder(uow, records)
    headings = mapping.columns
    columns = {
        "amount": headings.amount,
        "issue_date": headings.issue_date,
        "due_date": headings.due_date,
        "reference": headings.record_number,
    }
    lines: list[ReceivableLineInput] = []
    problems: list[dict[str, Any]] = []
    for record in records:
        debtor = find(record)
        if debtor is None:
            field, named = next((f, getattr(record, f)) for f in _DEBTOR if getattr(record, f))
            context = {"variant": "row", "debtor": named}
            error = cell_error(getattr(headings, field), CompanyCode.UNKNOWN_DEBTOR, context)
            problems.append({"row": record.row, "errors": [error]})
            continue
        data = {
            "kind": ReceivableKind.ERECORD,
            "debtor_corporate_number": debtor.corporate_number,
            "reference": record.record_number,
            "amount": whole_number(record.amount),
            "issue_date": record.issue_date,
            "due_date": record.due_date,
            "transferred": record.transferred,
        }
        try:
            lines.append(ReceivableLineInput.model_validate(data))
        except ValidationError as invalid:
            errors = field_errors(list(invalid.errors()))
            for e in errors:
                e["field"] = columns.get(e["field"], e["field"])
            problems.append({"row": record.row, "errors": errors})
    return lines, problems


def _debtor_finder(uow: UnitOfWork, records: Sequence[DensaiRecord]) -> Callable[[DensaiRecord], Debtor | None]:
    """By corporate number if the row gives one; else by でんさい user number; else (or when no debtor has
    that user number yet) by name, if exactly one debtor has it."""
    session = uow.session
    corporate = sorted({r.debtor_corporate_number for r in records if r.debtor_corporate_number})
    users = sorted({r.debtor_user_number for r in records if r.debtor_user_number})
    known = list(
        session.scalars(
            select(Debtor).where(or_(Debtor.corporate_number.in_(corporate), Debtor.densai_user_number.in_(users)))
        )
    )
    by_corporate = {d.corporate_number: d for d in known}
    by_user: dict[str, list[Debtor]] = {}
    for debtor in known:
        if debtor.densai_user_number:
            by_user.setdefault(debtor.densai_user_number, []).append(debtor)
    by_name: dict[str, list[Debtor]] | None = None

    def find(record: DensaiRecord) -> Debtor | None:
        nonlocal by_name
        if record.debtor_corporate_number:
            return by_corporate.get(record.debtor_corporate_number)
        if record.debtor_user_number and record.debtor_user_number in by_user:
            holders = by_user[record.debtor_user_number]
            return holders[0] if len(holders) == 1 else None
        if not record.debtor_name:
            return None
        if by_name is None:
            by_name = {}
            for debtor in session.scalars(select(Debtor).order_by(Debtor.id)):
                by_name.setdefault(densai.name_key(debtor.name), []).append(debtor)
        named = by_name.get(densai.name_key(record.debtor_name), [])
        return named[0] if len(named) == 1 else None

    return find


def _merged(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per row, in row order."""
    rows: dict[int, list[FieldError]] = {}
    for problem in problems:
        rows.setdefault(problem["row"], []).extend(problem["errors"])
    return [{"row": row, "errors": rows[row]} for row in sorted(rows)]
