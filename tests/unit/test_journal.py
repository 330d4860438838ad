"""Journal entries (SPEC §18): each money event balances; the files read back as written."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hozen.documents.journal_files import YAYOI_COLUMNS, journal_csv, yayoi_csv
from hozen.domain import journal as j
from hozen.domain.journal import Account, JournalEntry, Posting, Side

D = dt.date(2026, 11, 27)
yen = st.integers(min_value=0, max_value=1_000_000_000_000)


def test_an_unbalanced_entry_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        JournalEntry(
            D,
            j.JournalEvent.FEE_RECEIVED,
            "INV-1",
            (Posting(Side.DEBIT, Account.CASH, 1_000), Posting(Side.CREDIT, Account.FEES_RECEIVABLE, 999)),
        )


@given(fees=yen, office_fee=st.integers(min_value=0, max_value=1_000_000))
def test_an_invoice_balances_and_splits_the_office_fee_once(fees: int, office_fee: int) -> None:
    entry = j.fee_invoiced(D, "INV-1", fees + office_fee, office_fee)
    postings = {p.account: p.amount for p in entry.postings}
    assert entry.debits == entry.credits == fees + office_fee
    assert postings.get(Account.OUTPUT_TAX, 0) == office_fee * 10 // 110
    voided = j.fee_invoice_voided(D, "INV-1", fees + office_fee, office_fee)
    flipped = {Side.DEBIT: Side.CREDIT, Side.CREDIT: Side.DEBIT}
    assert sorted((p.account, p.amount, p.side) for p in voided.postings) == sorted(
        (p.account, p.amount, flipped[p.side]) for p in entry.postings
    )


@given(face=st.integers(min_value=1, max_value=1_000_000_000_000), fee=yen, transfer=st.integers(0, 10_000))
def test_every_other_event_balances(face: int, fee: int, transfer: int) -> None:
    fee = min(fee, face)
    transfer = min(transfer, face - fee)
    built = [
        j.fee_received(D, "r", face),
        j.subsidy_booked(D, "r", fee, purchase=False),
        j.subsidy_booked(D, "r", -fee, purchase=True),
        j.purchase_executed(D, "r", face, fee, transfer, face - fee - transfer),
        j.purchase_collected(D, "r", face),
        j.purchase_dishonoured(D, "r", face),
        j.discount_advanced(D, "r", face, fee, face - fee),
        j.discount_collected(D, "r", face),
        j.claim_paid(D, "r", face, set_off=False),
        j.claim_paid(D, "r", face, set_off=True),
        j.recovery_received(D, "r", face),
        j.loss_compensation_claimed(D, "r", face),
    ]
    for entry in built:
        assert entry.debits == entry.credits
        assert entry.debits == (fee if "subsidy" in entry.event else face)
        assert all(p.amount > 0 for p in entry.postings)  # zero postings are left out


def test_a_reversed_subsidy_is_booked_the_other_way() -> None:
    booked = j.subsidy_booked(D, "HZ-1", 2_630, purchase=True)
    reversed_ = j.subsidy_booked(D, "HZ-1", -2_630, purchase=True)
    assert [(p.side, p.account) for p in booked.postings] == [
        (Side.DEBIT, Account.SUBSIDY_RECEIVABLE),
        (Side.CREDIT, Account.PURCHASE_FEE_INCOME),
    ]
    assert [(p.side, p.account) for p in reversed_.postings] == [
        (Side.DEBIT, Account.PURCHASE_FEE_INCOME),
        (Side.CREDIT, Account.SUBSIDY_RECEIVABLE),
    ]
    assert reversed_.event is j.JournalEvent.SUBSIDY_REVERSED


ENTRIES = [
    j.fee_invoiced(D, "INV-2026-000001", 16_388, 1_100),  # three postings, one of them taxable
    j.fee_received(dt.date(2026, 11, 30), "INV-2026-000001", 16_388),
    j.purchase_executed(dt.date(2026, 12, 1), "P-2026-000001", 1_000_000, 6_137, 660, 993_203),
]


def test_the_plain_csv_lists_every_posting() -> None:
    rows = list(csv.DictReader(io.StringIO(journal_csv(ENTRIES).decode("utf-8-sig"))))
    assert len(rows) == sum(len(e.postings) for e in ENTRIES)
    first = rows[:4]
    assert [(r["伝票番号"], r["日付"], r["勘定科目"], r["借方金額"], r["貸方金額"]) for r in first] == [
        ("1", "2026-11-27", "売掛金", "16388", ""),
        ("1", "2026-11-27", "保証料収入", "", "15288"),
        ("1", "2026-11-27", "事務手数料収入", "", "1000"),
        ("1", "2026-11-27", "仮受消費税", "", "100"),
    ]
    for number in {r["伝票番号"] for r in rows}:
        entry_rows = [r for r in rows if r["伝票番号"] == number]
        assert sum(int(r["借方金額"] or 0) for r in entry_rows) == sum(int(r["貸方金額"] or 0) for r in entry_rows)


def test_the_yayoi_file_is_cp932_with_its_25_columns() -> None:
    content = yayoi_csv(ENTRIES)
    assert content.endswith(b"\r\n") and b"\r\n" in content
    rows = list(csv.reader(io.StringIO(content.decode("cp932"), newline="")))
    assert all(len(row) == YAYOI_COLUMNS for row in rows)
    # entry 1: three rows (first, middle, last); the office fee tax-included with its ¥100 tax
    assert [row[0] for row in rows] == ["2110", "2100", "2101", "2000", "2110", "2100", "2100", "2101"]
    assert [row[1] for row in rows] == ["1", "1", "1", "2", "3", "3", "3", "3"]
    assert rows[0][3:10] == ["2026/11/27", "売掛金", "", "", "対象外", "16388", "0"]
    assert rows[1][10:16] == ["保証料収入", "", "", "非課売上", "15288", "0"]
    assert rows[2][10:16] == ["事務手数料収入", "", "", "課税売上込10%", "1100", "100"]
    assert rows[3][4:16] == ["現金預金", "", "", "対象外", "16388", "0", "売掛金", "", "", "対象外", "16388", "0"]
    assert rows[7][10:16] == ["振込手数料収入", "", "", "課税売上込10%", "660", "60"]
    assert rows[0][16] == "保証料請求 INV-2026-000001" and rows[0][24] == "no"
    for number in ("1", "2", "3"):
        entry_rows = [row for row in rows if row[1] == number]
        assert sum(int(row[8] or 0) for row in entry_rows) == sum(int(row[14] or 0) for row in entry_rows)
