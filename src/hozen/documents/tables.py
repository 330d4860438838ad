"""Tables for people and spreadsheets: CSV (UTF-8 with BOM, as Excel opens it) and Excel (.xlsx)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

Cell = str | int | None


def _spreadsheet_value(value: Cell) -> Cell:
    """Control characters cannot be written into an .xlsx cell: a name stored with one (from before the
    contract refused them) loses them in the spreadsheet rather than breaking the whole report."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """One sheet: a bold heading row, the rows; yen columns keep integers with a thousands format."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([_spreadsheet_value(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_spreadsheet_value(value) for value in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, len(header) * 2 + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
