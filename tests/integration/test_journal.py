"""The journal of the demonstration's year reconciles with the invoices and the subsidy claim (SPEC §18)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.contract.claims import DiscountInput
from hozen.contract.companies import DocumentInput
from hozen.domain.errors import DomainError
from hozen.domain.journal import Account, JournalEvent, Side
from hozen.domain.roles import Actor, Role
from hozen.services import discounts, guarantees, journal, registration, subsidies
from hozen.services.demo import seed
from hozen.store.db import Database
from hozen.store.models import Invoice, Payment

D = dt.date
START, END = D(2026, 4, 1), D(2027, 3, 31)
OPERATIONS = Actor(5, Role.OPERATIONS)  # 事務 三郎 in the demonstration


def seeded_with_a_discount(database: Database) -> None:
    """The demonstration, and guarantee 1's note discounted on 11-20 and collected at maturity."""
    seed(database, past_work=False)
    for kind in ("loan_agreement", "special_terms"):
        with database.unit_of_work() as uow:
            registration.add_document(uow, OPERATIONS, 1, DocumentInput(kind=kind, received_on=D(2026, 11, 19)))
    with database.unit_of_work() as uow:
        discounts.execute(
            uow,
            OPERATIONS,
            DiscountInput(
                guarantee_id=1, discount_date=D(2026, 11, 20), discount_rate="2.0", note_received_on=D(2026, 11, 20)
            ),
            today=D(2026, 11, 20),
        )
    with database.unit_of_work() as uow:
        guarantees.confirm_paid(uow, OPERATIONS, 1, D(2026, 12, 25), today=D(2026, 12, 26))


def total(entries: list[journal.j.JournalEntry], events: set[JournalEvent], account: Account, side: Side) -> int:
    return sum(
        p.amount for e in entries if e.event in events for p in e.postings if p.account is account and p.side is side
    )


def test_the_journal_balances_and_reconciles_with_the_reports(database: Database) -> None:
    seeded_with_a_discount(database)
    with database.unit_of_work(write=False) as uow:
        entries = journal.entries(uow, OPERATIONS, START, END)
        claim = subsidies.claim(uow, OPERATIONS, START, END)
        invoiced = uow.session.scalar(
            select(func.sum(Invoice.amount)).where(Invoice.issued_on >= START, Invoice.issued_on <= END)
        )
        received = uow.session.scalar(
            select(func.sum(Payment.amount)).where(Payment.received_on >= START, Payment.received_on <= END)
        )
    assert entries and all(e.debits == e.credits > 0 for e in entries)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    events = {e.event for e in entries}
    assert {JournalEvent.FEE_INVOICED, JournalEvent.FEE_RECEIVED, JournalEvent.SUBSIDY_BOOKED} <= events
    assert {JournalEvent.DISCOUNT_ADVANCED, JournalEvent.DISCOUNT_COLLECTED} <= events

    # the subsidy income equals the subsidy claim of the same period
    subsidy_events = {JournalEvent.SUBSIDY_BOOKED, JournalEvent.SUBSIDY_REVERSED}
    booked = total(entries, subsidy_events, Account.SUBSIDY_RECEIVABLE, Side.DEBIT)
    reversed_ = total(entries, subsidy_events, Account.SUBSIDY_RECEIVABLE, Side.CREDIT)
    assert claim.total > 0 and booked - reversed_ == claim.total
    # the receivables invoiced equal the invoices issued; what was received, the payments
    assert invoiced and total(entries, {JournalEvent.FEE_INVOICED}, Account.FEES_RECEIVABLE, Side.DEBIT) == invoiced
    assert received and total(entries, {JournalEvent.FEE_RECEIVED}, Account.CASH, Side.DEBIT) == received
    # each invoice's office fee is ¥1,100 or ¥3,300: its tax is ¥100 a ¥1,100
    office = total(entries, {JournalEvent.FEE_INVOICED}, Account.OFFICE_FEE_INCOME, Side.CREDIT)
    assert total(entries, {JournalEvent.FEE_INVOICED}, Account.OUTPUT_TAX, Side.CREDIT) * 10 == office
    # the discounted note was advanced and collected: nothing is left on its account
    notes = [p for e in entries for p in e.postings if p.account is Account.DISCOUNTED_NOTES]
    assert sum(p.amount if p.side is Side.DEBIT else -p.amount for p in notes) == 0 and len(notes) == 2


@pytest.mark.parametrize(("start", "end"), [(D(2026, 12, 1), D(2026, 11, 30)), (D(2026, 1, 1), D(2027, 1, 2))])
def test_a_reversed_or_too_long_period_is_refused(database: Database, start: dt.date, end: dt.date) -> None:
    with database.unit_of_work(write=False) as uow, pytest.raises(DomainError) as refused:
        journal.entries(uow, OPERATIONS, start, end)
    assert refused.value.code == "INVALID_JOURNAL_PERIOD"


def test_the_journal_from_the_command_line(database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seeded_with_a_discount(database)
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    runner = CliRunner()
    plain = runner.invoke(cli_app, ["report", "journal", "--from", "2026-04-01", "--to", "2027-03-31"])
    assert plain.exit_code == 0, plain.output
    rows = list(csv.DictReader(io.StringIO(plain.stdout_bytes.decode("utf-8-sig"))))
    assert rows and sum(int(r["借方金額"] or 0) for r in rows) == sum(int(r["貸方金額"] or 0) for r in rows)
    yayoi = tmp_path / "yayoi.csv"
    args = ["report", "journal", "--from", "2026-04-01", "--to", "2027-03-31", "--format", "yayoi", "--output"]
    assert runner.invoke(cli_app, [*args, str(yayoi)]).exit_code == 0
    records = list(csv.reader(io.StringIO(yayoi.read_bytes().decode("cp932"), newline="")))
    assert {len(r) for r in records} == {25} and {r[0] for r in records} <= {"2000", "2110", "2100", "2101"}
    assert len({r[1] for r in records}) == len({r["伝票番号"] for r in rows})
    refused = runner.invoke(cli_app, ["report", "journal", "--from", "2027-01-01", "--to", "2026-01-01"])
    assert refused.exit_code == 2 and "INVALID_JOURNAL_PERIOD" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    wrong = runner.invoke(cli_app, ["report", "journal", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "x"])
    assert wrong.exit_code == 2
