"""The journal as files (SPEC §18): a plain CSV and 弥生会計's journal import format (docs/accounting.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from hozen.documents.tables import Cell, to_csv
from hozen.domain.journal import Account, JournalEntry, Posting, Side
from hozen.domain.tax import TaxCategory

JOURNAL_HEADERS = (
    "伝票番号",
    "日付",
    "取引コード",
    "取引",
    "参照",
    "借貸",
    "勘定科目コード",
    "勘定科目",
    "借方金額",
    "貸方金額",
)


def journal_csv(entries: Sequence[JournalEntry]) -> bytes:
    """One row per posting, entries numbered from 1 in order (UTF-8 with BOM, as the other reports)."""
    rows: list[list[Cell]] = []
    for number, entry in enumerate(entries, start=1):
        for posting in entry.postings:
            debit = posting.side is Side.DEBIT
            rows.append(
                [
                    number,
                    entry.date.isoformat(),
                    entry.event.value,
                    entry.event.label,
                    entry.reference,
                    posting.side.label,
                    posting.account.value,
                    posting.account.label,
                    posting.amount if debit else None,
                    None if debit else posting.amount,
                ]
            )
    return to_csv(JOURNAL_HEADERS, rows)


# 弥生会計 仕訳日記帳 import: 25 columns, no heading, CP932. The first column says whether a row is a
# one-row entry (2000) or the first (2110), a middle (2100) or the last (2101) row of a longer one.
YAYOI_COLUMNS = 25
YAYOI_SINGLE, YAYOI_FIRST, YAYOI_MIDDLE, YAYOI_LAST = "2000", "2110", "2100", "2101"
YAYOI_TAX = {None: "対象外", TaxCategory.EXEMPT: "非課売上", TaxCategory.STANDARD: "課税売上込10%"}


def _yayoi_postings(entry: JournalEntry) -> list[tuple[Posting, int]]:
    """The postings with their tax amount: 弥生 takes a taxable income tax-included with its tax
    (課税売上込), so the 仮受消費税 posting is folded into the income posting of the same side."""
    taxes = {p.side: p.amount for p in entry.postings if p.account is Account.OUTPUT_TAX}
    folded: list[tuple[Posting, int]] = []
    for p in entry.postings:
        if p.account is Account.OUTPUT_TAX:
            continue
        if p.account.tax_category is TaxCategory.STANDARD:
            tax = taxes.get(p.side, 0)
            folded.append((Posting(p.side, p.account, p.amount + tax), tax))
        else:
            folded.append((p, 0))
    return folded


def _side(posting: Posting | None, tax: int) -> list[str]:
    """Account, sub-account, department, tax category, amount, tax amount of one side."""
    if posting is None:
        return ["", "", "", "", "", ""]
    return [posting.account.label, "", "", YAYOI_TAX[posting.account.tax_category], str(posting.amount), str(tax)]


def _yayoi_row(flag: str, number: int, entry: JournalEntry, debit: list[str], credit: list[str]) -> list[str]:
    row = [
        flag,
        str(number),
        "",
        entry.date.strftime("%Y/%m/%d"),
        *debit,
        *credit,
        f"{entry.event.label} {entry.reference}",
        "",
        "",
        "0",
        "",
        "",
        "0",
        "0",
        "no",
    ]
    assert len(row) == YAYOI_COLUMNS
    return row


def yayoi_csv(entries: Sequence[JournalEntry]) -> bytes:
    """弥生会計's journal import file: CP932, CRLF, no heading row."""
    rows: list[list[str]] = []
    for number, entry in enumerate(entries, start=1):
        postings = _yayoi_postings(entry)
        debits = [(p, t) for p, t in postings if p.side is Side.DEBIT]
        credits = [(p, t) for p, t in postings if p.side is Side.CREDIT]
        if len(debits) == 1 and len(credits) == 1:
            rows.append(_yayoi_row(YAYOI_SINGLE, number, entry, _side(*debits[0]), _side(*credits[0])))
            continue
        for index, (posting, tax) in enumerate(postings):
            flag = YAYOI_FIRST if index == 0 else YAYOI_LAST if index == len(postings) - 1 else YAYOI_MIDDLE
            own, empty = _side(posting, tax), _side(None, 0)
            debit, credit = (own, empty) if posting.side is Side.DEBIT else (empty, own)
            rows.append(_yayoi_row(flag, number, entry, debit, credit))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp932")
