"""Reports whose totals are checked against the ledger by independent sums (SPEC §11)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import load_workbook
from sqlalchemy import select

from hozen.domain.roles import Actor, Role
from hozen.policies import load_policy
from hozen.services import guarantees, reports
from hozen.services.demo import seed
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, Purchase

D = dt.date
ADMIN = Actor(0, Role.ADMIN)
SEPTEMBER, NOVEMBER = (D(2026, 9, 1), D(2026, 9, 30)), (D(2026, 11, 1), D(2026, 11, 30))


@dataclass(frozen=True)
class Row:
    debtor_id: int
    customer_id: int
    amount: int
    subsidy: int
    state: str


def snapshot(found: Iterable[Guarantee]) -> list[Row]:
    return [Row(g.debtor_id, g.customer_id, g.amount, g.subsidy, g.state) for g in found]


def live_guarantees(database: Database) -> list[Row]:
    """Guarantees whose application reserved limits (not held, not declined), summed independently."""
    with database.unit_of_work(write=False) as uow:
        return snapshot(
            uow.session.scalars(
                select(Guarantee)
                .join(Application, Application.id == Guarantee.application_id)
                .where(Application.state.in_(["reserved", "paid"]))
            )
        )


def bought_notes(database: Database) -> list[Row]:
    """Purchased notes not yet collected or dishonoured, as rows of their face value."""
    with database.unit_of_work(write=False) as uow:
        found = uow.session.scalars(
            select(Purchase).where(Purchase.state.in_(["awaiting_papers", "papers_received", "executed"]))
        )
        return [Row(p.debtor_id, p.customer_id, p.face, 0, p.state) for p in found]


def test_subsidy_claim_and_its_reversal(database: Database) -> None:
    seed(database, past_work=False)
    booked = live_guarantees(database)
    with database.unit_of_work(write=False) as uow:
        september, table = reports.subsidy_claim(uow, ADMIN, *SEPTEMBER)
        november, _ = reports.subsidy_claim(uow, ADMIN, *NOVEMBER)
    assert september.total + november.total == sum(g.subsidy for g in booked)
    assert table.rows[-1][0] == "合計" and table.rows[-1][8] == september.total
    assert all(not row.reversal for row in [*september.rows, *november.rows])

    # the unpaid, reserved applications (of 11-06 and 11-20) lapse 30 days after their start: their
    # subsidy is reversed then
    with database.unit_of_work() as uow:
        report = guarantees.run_daily(uow, None, today=D(2026, 12, 27))
    assert len(report.lapsed) == 2
    with database.unit_of_work(write=False) as uow:
        december, _ = reports.subsidy_claim(uow, ADMIN, D(2026, 12, 1), D(2026, 12, 31))
        lapsed = snapshot(uow.session.scalars(select(Guarantee).where(Guarantee.application_id.in_(report.lapsed))))
    assert sorted((r.subsidy, r.reversal) for r in december.rows) == sorted((-g.subsidy, True) for g in lapsed)
    with database.unit_of_work(write=False) as uow:
        whole, _ = reports.subsidy_claim(uow, ADMIN, SEPTEMBER[0], D(2026, 12, 31))
    assert whole.total == sum(g.subsidy for g in booked) - sum(g.subsidy for g in lapsed)


def test_exposure_reports_match_live_guarantees(database: Database) -> None:
    seed(database)
    with database.unit_of_work(write=False) as uow:
        policy, today = load_policy("default"), D(2026, 11, 20)
        by_debtor = {r.id: r for r in reports.exposure_by_debtor(uow, ADMIN, policy, today)}
        by_customer = {r.id: r for r in reports.exposure_by_customer(uow, ADMIN, policy, today)}
        states = reports.guarantees_by_state(uow, ADMIN)
        everything = snapshot(uow.session.scalars(select(Guarantee)))
    live = [g for g in live_guarantees(database) if g.state not in ("ended", "cancelled", "paid_out")]
    live += bought_notes(database)  # a purchased note counts against the limits until it is settled
    for debtor_id, row in by_debtor.items():
        assert row.exposure == sum(g.amount for g in live if g.debtor_id == debtor_id)
        assert row.exposure <= row.limit
    for customer_id, row in by_customer.items():
        assert row.exposure == sum(g.amount for g in live if g.customer_id == customer_id)
    assert by_debtor[4].limit == 5_000_000  # net assets cap
    assert sum(r.count for r in states) == len(everything)
    assert sum(r.amount for r in states) == sum(g.amount for g in everything)


def test_reports_over_http(client, database: Database, make_user) -> None:  # type: ignore[no-untyped-def]
    from tests.support import bearer

    seed(database)
    make_user(Role.OPERATIONS, login="report-reader")
    headers = bearer(client, "report-reader")
    body = client.get(
        "/api/v1/reports/subsidy-claim", params={"start": "2026-09-01", "end": "2026-11-30"}, headers=headers
    ).json()
    assert body["total_subsidy"] == sum(row["subsidy"] for row in body["rows"]) > 0
    sheet = client.get(
        "/api/v1/reports/subsidy-claim",
        params={"start": "2026-09-01", "end": "2026-11-30", "format": "xlsx"},
        headers=headers,
    )
    assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][0] == "証書番号" and rows[-1][0] == "合計" and rows[-1][8] == body["total_subsidy"]
    text = client.get("/api/v1/reports/exposure", params={"by": "customer", "format": "csv"}, headers=headers)
    assert text.content.startswith("\ufeffID,名称,保証残高".encode())
    customer_headers = bearer(client, "kou", "hozen-demo-2026")
    assert client.get("/api/v1/reports/guarantees", headers=customer_headers).status_code == 403
