"""Importing a customer's receivable list from CSV or Excel (.xlsx).

All or nothing: every row is validated first; if any row is bad, nothing is imported and the error
lists each bad row with its fields (``IMPORT_ROWS_INVALID``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, TypeVar
from xml.etree.ElementTree import iterparse

from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number
from pydantic import ValidationError

from hozen.contract.base import whole_number
from hozen.contract.errors import FieldError, field_errors
from hozen.contract.reviews import ReceivableLineInput
from hozen.domain.codes import Code, InputCode, WorkflowCode
from hozen.domain.errors import DomainError
from hozen.services.common import collector_paused

T = TypeVar("T")
MAX_ROWS = 10_000
MAX_FILE_BYTES = 5 * 1024 * 1024
"""A list of 10,000 rows is well under 2 MB; a larger file is refused before it is read."""
MAX_CELL_CHARACTERS = 1000
"""Longer cells (and CSV fields beyond the csv module's own limit) are refused on their row."""
# Header cells accepted for each field, Japanese first.
HEADERS: Mapping[str, tuple[str, ...]] = {
    "kind": ("種別", "kind"),
    "debtor_corporate_number": ("債務者法人番号", "注文者法人番号", "debtor_corporate_number"),
    "reference": ("債権番号", "手形番号", "reference"),
    "amount": ("金額", "額面", "amount"),
    "issue_date": ("振出日・発生日", "振出日", "発生日", "請求日", "issue_date"),
    "due_date": ("支払期日", "決済日", "due_date"),
    "notified": ("支払通知", "notified"),
    "endorsed": ("裏書", "endorsed"),
    "bill_of_exchange": ("為替手形", "bill_of_exchange"),
    "transferred": ("譲渡記録", "transferred"),
    "has_contract": ("契約書", "has_contract"),
    "has_amount_document": ("金額確認書類", "has_amount_document"),
}
KINDS = {"売掛金": "ar", "約束手形": "note", "手形": "note", "電子記録債権": "erecord", "でんさい": "erecord"}
TRUE = {"true", "1", "yes", "y", "はい", "有", "あり", "○", "〇"}
FALSE = {"false", "0", "no", "n", "いいえ", "無", "なし", "×", ""}
ALIASES = {alias.strip().lower(): field for field, aliases in HEADERS.items() for alias in aliases}


def import_error(variant: str, rows: list[dict[str, Any]] | None = None, **context: Any) -> DomainError:
    """``IMPORT_ROWS_INVALID`` in one of its variants (``""``: rows that fail, listed)."""
    return DomainError(WorkflowCode.IMPORT_ROWS_INVALID, {"variant": variant, "rows": rows or [], **context})


def _cell(field: str, value: Any) -> Any:
    """Spreadsheet cell → wire value (dates, yen with separators, ○/×, 種別 in Japanese)."""
    if value is None:
        return None
    if isinstance(value, str):
        return _TEXT_CELLS.get(field, _same)(value.strip())
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(text: str) -> str:
    return text


def _flag(text: str) -> bool | str:
    lowered = text.lower()
    return True if lowered in TRUE else False if lowered in FALSE else text


_TEXT_CELLS: Mapping[str, Callable[[str], Any]] = {
    "kind": lambda text: KINDS.get(text, text.lower()),
    "amount": whole_number,
    **dict.fromkeys(("issue_date", "due_date"), lambda text: text.replace("/", "-")),
    **dict.fromkeys(
        ("notified", "endorsed", "bill_of_exchange", "transferred", "has_contract", "has_amount_document"), _flag
    ),
}
"""How a text cell of each field is read (a field not listed: as it is, stripped)."""


def _rows(cells: Iterable[Iterable[Any]]) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    iterator = iter(cells)
    try:
        header = [str(c).strip().lower() if c is not None else "" for c in next(iterator)]
    except StopIteration:
        raise import_error("empty") from None
    unknown = [h for h in header if h and h not in ALIASES]
    if unknown:
        raise import_error("unknown_headings", headings=unknown)
    fields = [ALIASES.get(h, "") for h in header]
    body = []
    for number, row in enumerate(iterator, start=2):
        values = list(row)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        body.append((number, values))
    return fields, body


@collector_paused()
def parse_receivable_lines(content: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> list[ReceivableLineInput]:
    """Every line of the list, or an error naming each bad row and field. ``max_rows``: the upload's
    limit (a larger one for a caller that is not an upload, such as the import benchmark)."""
    name = filename.lower()
    if len(content) > MAX_FILE_BYTES * max(1, max_rows // MAX_ROWS):
        raise import_error("too_large", maximum=MAX_FILE_BYTES // (1024 * 1024))
    if name.endswith(".xlsx"):
        try:
            fields, body = _rows(_sheet_rows(content))
        except DomainError:
            raise
        except Exception as error:  # openpyxl and the XML parser raise many kinds for a damaged file
            raise import_error("unreadable_excel", error=str(error)) from None
    elif name.endswith(".csv"):
        fields, body = _rows(csv_rows(decode_csv(content)))
    else:
        raise import_error("file_type")

    def read(number: int, values: list[Any]) -> tuple[ReceivableLineInput | None, list[FieldError]]:
        record = {f: _cell(f, v) for f, v in zip(fields, values, strict=False) if f}
        record = {k: v for k, v in record.items() if v is not None}
        try:
            return ReceivableLineInput.model_validate(record), []
        except ValidationError as error:
            return None, field_errors(list(error.errors()))

    lines, problems = read_rows(body, read, max_rows=max_rows)
    if problems:
        raise rows_invalid(problems)
    return lines


_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE = f"{_SHEET}row", f"{_SHEET}c", f"{_SHEET}v", f"{_SHEET}is"
_STRING, _TEXT, _RUN = f"{_SHEET}si", f"{_SHEET}t", f"{_SHEET}r"


def _sheet_rows(content: bytes) -> Iterator[list[Any]]:
    """The first sheet's rows as cell values, as openpyxl's read-only ``iter_rows(values_only=True)``
    gives them (missing rows as empty ones), but streamed straight from the XML with the standard
    library's ``iterparse``: openpyxl reads the workbook's parts and date styles; its per-cell and
    per-string objects, several times slower than the XML parse itself, are skipped."""
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    book = reader.wb
    strings: list[str] = []
    table = reader.package.find(SHARED_STRINGS)
    if table is not None:
        with reader.archive.open(table.PartName[1:]) as source:
            strings = list(_shared_strings(source))
    _, first = next(iter(reader.parser.find_sheets()))
    value = _cell_reader(strings, book._date_formats, book._timedelta_formats, book.epoch)
    columns: dict[str, int] = {}  # a reference's letters → its column number
    expected = 1
    with reader.archive.open(first.target) as source:
        for _, element in iterparse(source):
            if element.tag != _ROW:
                continue
            number = int(element.get("r") or expected)
            for _ in range(expected, number):
                yield []
            expected = number + 1
            row: list[Any] = []
            for cell in element.iter(_CELL):
                reference = cell.get("r")
                if reference:
                    letters = reference.rstrip(_DIGITS)
                    column = columns.get(letters) or columns.setdefault(letters, _column(letters))
                    if column > len(row) + 1:
                        row.extend([None] * (column - 1 - len(row)))
                row.append(value(cell))
            element.clear()
            yield row


def _shared_strings(source: IO[bytes]) -> Iterator[str]:
    """The workbook's shared strings, read as openpyxl reads them (plain text and rich-text runs;
    phonetic guides left out)."""
    for _, element in iterparse(source):
        if element.tag == _STRING:
            text = _text(element).replace("x005F_", "")
            element.clear()
            yield text


def _text(element: Any) -> str:
    """A string item's text: its plain text and the text of its rich-text runs (``Text.content``)."""
    if len(element) == 1 and element[0].tag == _TEXT:  # plain text alone, as most strings are
        return element[0].text or ""
    plain = element.findtext(_TEXT) or ""
    return plain + "".join(run.findtext(_TEXT) or "" for run in element.iterfind(_RUN))


_DIGITS = "0123456789"


def _column(letters: str) -> int:
    """The column number of a cell reference's letters (``"AB"`` → 28)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _cell_reader(strings: list[str], dates: Any, durations: Any, epoch: dt.datetime) -> Callable[[Any], Any]:
    """What reads one cell's value, converted as openpyxl's sheet reader converts it. A list's dates
    repeat: each serial is converted once."""
    serials: dict[tuple[str, int], Any] = {}

    def value(cell: Any) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return None if inline is None else _text(inline)
        text = cell.findtext(_VALUE) or None
        if text is None:
            return None
        if kind == "n":
            style = int(cell.get("s", 0))
            if style not in dates:
                return _cast_number(text)
            converted = serials.get((text, style))
            if converted is None:
                number = _cast_number(text)
                try:
                    converted = from_excel(number, epoch, timedelta=style in durations)
                except (OverflowError, ValueError):
                    converted = "#VALUE!"  # a serial beyond the dates Excel can show: openpyxl reads this error
                serials[(text, style)] = converted
            return converted
        if kind == "s":
            return strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text) and "e" (an error such as #N/A) read as their text

    return value


def read_rows(
    body: Sequence[tuple[int, list[Any]]],
    read: Callable[[int, list[Any]], tuple[T | None, list[FieldError]]],
    *,
    max_rows: int = MAX_ROWS,
) -> tuple[list[T], list[dict[str, Any]]]:
    """Each numbered row read by ``read`` (a value, or the row's errors) once the rows are within the limits
    of their number and of a cell's length; the values, and the bad rows as ``{"row", "errors"}``."""
    if len(body) > max_rows:
        raise import_error("too_many_rows", maximum=max_rows)
    if not body:
        raise import_error("no_rows")
    values: list[T] = []
    problems: list[dict[str, Any]] = []
    for number, row in body:
        if any(map(too_long, row)):
            problems.append({"row": number, "errors": [cell_too_long()]})
            continue
        value, errors = read(number, row)
        if errors:
            problems.append({"row": number, "errors": errors})
        elif value is not None:
            values.append(value)
    return values, problems


def rows_invalid(problems: list[dict[str, Any]]) -> DomainError:
    """``IMPORT_ROWS_INVALID`` listing each bad row (``{"row": n, "errors": [FieldError, …]}``), first 20 in
    the message and all of them in the context."""

    def listing(row_label: str, language: str) -> str:
        return "; ".join(
            row_label.format(p["row"]) + ", ".join(f"{e['field']}: {e[language]}" for e in p["errors"])
            for p in problems[:20]
        )

    return import_error(
        "",
        problems,
        count=len(problems),
        listing_ja=listing("{}行目 ", "message_ja"),
        listing_en=listing("row {}: ", "message_en"),
    )


def cell_error(field: str, code: Code, context: Mapping[str, Any] | None = None) -> FieldError:
    """One bad cell of a row: ``field`` is the column as the file names it."""
    english = code.message_en(context)
    return FieldError(
        field=field,
        label=field,
        code=code.value,
        message=english,
        message_ja=code.message_ja(context),
        message_en=english,
    )


def cell_too_long() -> FieldError:
    return cell_error("(row)", InputCode.TEXT_TOO_LONG, {"limit": MAX_CELL_CHARACTERS})


class _OverlongField:
    """Stands for a CSV field beyond the csv module's own limit (131,072 characters)."""


def too_long(value: Any) -> bool:
    return isinstance(value, _OverlongField) or (isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS)


def csv_rows(text: str) -> Iterator[list[Any]]:
    """The CSV's rows. The csv module stops at a field beyond its limit: that row is reported as too long
    (the import refuses it like any long cell) and the rows after it are not read."""
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            row: list[Any] = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield [_OverlongField()]
            return
        yield row


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) or Shift_JIS (cp932), as Japanese spreadsheets save it."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise import_error("encoding")
