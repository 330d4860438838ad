"""Importing a receivable list: CSV or Excel, Japanese headings, all or nothing."""

import contextlib
import datetime as dt
import gc
import io

import pytest
from openpyxl import Workbook

from hozen.domain.errors import DomainError
from hozen.services.imports import parse_receivable_lines

HEADER = ["種別", "債務者法人番号", "債権番号", "金額", "振出日・発生日", "支払期日", "裏書", "契約書"]
GOOD_ROWS = [
    ["約束手形", "1234567890123", "A-001", "2,000,000", "2026/10/01", "2027/01/29", "×", "○"],
    ["売掛金", "1234567890123", "INV-9", 1500000, dt.datetime(2026, 10, 20), dt.datetime(2026, 12, 31), None, "はい"],
]


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    return "\n".join(",".join(f'"{c}"' if c is not None else "" for c in row) for row in rows).encode(encoding)


def test_excel_with_japanese_headings() -> None:
    lines = parse_receivable_lines(xlsx([HEADER, *GOOD_ROWS]), "リスト.xlsx")
    assert [(line.kind.value, line.amount) for line in lines] == [("note", 2_000_000), ("ar", 1_500_000)]
    assert lines[0].issue_date == dt.date(2026, 10, 1) and lines[1].due_date == dt.date(2026, 12, 31)
    assert lines[0].endorsed is False and lines[1].has_contract is True


@pytest.mark.parametrize("rows", [[HEADER, *GOOD_ROWS], [HEADER, ["小切手", *GOOD_ROWS[0][1:]]]])
def test_an_import_leaves_the_garbage_collector_running(rows: list[list[object]]) -> None:
    """The collector is paused while the rows are read, and running again afterwards, refused or not."""
    with contextlib.suppress(DomainError):
        parse_receivable_lines(xlsx(rows), "list.xlsx")
    assert gc.isenabled()


def test_shift_jis_csv() -> None:
    cells = [c.date().isoformat() if isinstance(c, dt.datetime) else "" if c is None else str(c) for c in GOOD_ROWS[1]]
    rows = [HEADER, cells]
    lines = parse_receivable_lines(csv_bytes(rows, "cp932"), "list.csv")
    assert lines[0].kind.value == "ar" and lines[0].reference == "INV-9"


def test_every_bad_row_is_reported_and_nothing_imported() -> None:
    bad = [
        HEADER,
        GOOD_ROWS[0],
        ["約束手形", "12345", "A-002", "abc", "2026/10/01", "2027/01/29", "×", "○"],
        ["小切手", "1234567890123", "A-003", "100", "2026/10/01", "not a date", "×", "○"],
    ]
    with pytest.raises(DomainError) as caught:
        parse_receivable_lines(xlsx(bad), "list.xlsx")
    error = caught.value
    assert error.code == "IMPORT_ROWS_INVALID"
    rows = {r["row"]: {e["field"] for e in r["errors"]} for r in error.context["rows"]}
    assert rows == {3: {"debtor_corporate_number", "amount"}, 4: {"kind", "due_date"}}
    assert "3行目" in error.message_ja and "row(s)" in error.message_en


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "list.csv"),
        (csv_bytes([["種別", "謎の列"]]), "list.csv"),
        (b"PK\x03\x04broken", "list.xlsx"),
        (b"x", "list.pdf"),
        (csv_bytes([HEADER]), "list.csv"),
    ],
)
def test_unusable_files_are_refused(content: bytes, name: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_receivable_lines(content, name)
    assert caught.value.code == "IMPORT_ROWS_INVALID"


def test_the_streamed_sheet_reads_every_cell_as_openpyxl_does() -> None:
    """The import reads the sheet's XML itself; each value must be what openpyxl's read-only reader
    gives: shared and inline strings, numbers, dates, times, booleans, formulas' cached values, errors,
    gaps within a row and whole rows missing (numbered rows stay numbered)."""
    from openpyxl import load_workbook

    from hozen.services.imports import _sheet_rows

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["種別", "amount", None, "note"])
    sheet.append(["約束手形", 2_000_000, 1.5, dt.datetime(2026, 10, 1), dt.date(2027, 1, 29), True, False])
    sheet["B5"] = "行が抜けた後"
    sheet["E5"] = dt.time(12, 30)
    sheet["A6"] = "=1+1"
    sheet["C6"] = "#N/A"
    sheet["D7"] = -3
    sheet["A8"] = dt.timedelta(days=2)
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    sheet_read = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    expected = [list(row) for row in sheet_read.iter_rows(values_only=True)]

    def trimmed(row: list[object]) -> list[object]:  # openpyxl pads every row to the sheet's width
        while row and row[-1] is None:
            row = row[:-1]
        return row

    assert [trimmed(row) for row in _sheet_rows(content)] == [trimmed(row) for row in expected]
    assert len(expected) == 8
