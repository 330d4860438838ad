"""Portfolio and programme reports (SPEC §11): the subsidy claim, exposure against limits, guarantees by state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from hozen.documents.tables import Cell, to_csv, to_xlsx
from hozen.domain.limits import creditor_limit, debtor_limit
from hozen.domain.policy import Policy, Product, Trigger
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import ClaimState, Entity, GuaranteeState
from hozen.domain.subsidies import SubsidyClaim
from hozen.policies import programme
from hozen.services import presenters, subsidies
from hozen.services.common import UnitOfWork
from hozen.store.models import Customer, Debtor, Guarantee, Reservation
from hozen.store.repositories import RESERVED


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[list[Cell]]

    def csv(self) -> bytes:
        return to_csv(self.headers, self.rows)

    def xlsx(self) -> bytes:
        return to_xlsx(self.title, self.headers, self.rows)


SUBSIDY_HEADERS = (
    "証書番号",
    "お客様",
    "注文者",
    "商品",
    "保証金額",
    "保証料率(%)",
    "助成率(%)",
    "日数",
    "助成金",
    "計上日",
    "区分",
)


def subsidy_claim(uow: UnitOfWork, actor: Actor, start: dt.date, end: dt.date) -> tuple[SubsidyClaim, Table]:
    claim = subsidies.claim(uow, actor, start, end)
    rows: list[list[Cell]] = [
        [
            r.reference,
            r.customer,
            r.debtor,
            Product.label_of(r.product),
            r.amount,
            r.gross_rate,
            r.subsidy_rate,
            r.days,
            r.subsidy,
            r.booked_on.isoformat(),
            "取消" if r.reversal else "計上",
        ]
        for r in claim.rows
    ]
    rows.append(["合計", None, None, None, None, None, None, None, claim.total, None, f"{len(claim.rows)}件"])
    return claim, Table(f"助成金請求 {start.isoformat()}〜{end.isoformat()}", SUBSIDY_HEADERS, rows)


@dataclass(frozen=True, slots=True)
class ExposureRow:
    id: int
    name: str
    exposure: int
    limit: int

    @property
    def headroom(self) -> int:
        return self.limit - self.exposure


def _exposures(uow: UnitOfWork, column: InstrumentedAttribute[int]) -> dict[int, int]:
    query = select(column, func.sum(Reservation.amount)).where(Reservation.state == RESERVED).group_by(column)
    return {int(key): int(total) for key, total in uow.session.execute(query).all()}


def exposure_by_debtor(uow: UnitOfWork, actor: Actor, policy: Policy, today: dt.date) -> list[ExposureRow]:
    actor.require(Permission.VIEW_PORTFOLIO)
    rules = programme().in_force(today)
    used = _exposures(uow, Reservation.debtor_id)
    return [
        ExposureRow(d.id, d.name, used.get(d.id, 0), debtor_limit(rules, policy, d.net_assets, d.own_limit))
        for d in uow.session.scalars(select(Debtor).order_by(Debtor.id))
    ]


def exposure_by_customer(uow: UnitOfWork, actor: Actor, policy: Policy, today: dt.date) -> list[ExposureRow]:
    actor.require(Permission.VIEW_PORTFOLIO)
    rules = programme().in_force(today)
    used = _exposures(uow, Reservation.customer_id)
    return [
        ExposureRow(c.id, c.name, used.get(c.id, 0), creditor_limit(rules, policy, c.own_limit))
        for c in uow.session.scalars(select(Customer).order_by(Customer.id))
    ]


def exposure_table(by: Entity, rows: list[ExposureRow]) -> Table:
    """Exposure against limits by debtor or by customer (``by``)."""
    return Table(
        f"保証残高（{by.label}別）",
        ("ID", "名称", "保証残高", "限度額", "余力", "使用率(%)"),
        [
            [r.id, r.name, r.exposure, r.limit, r.headroom, f"{r.exposure * 100 // r.limit}" if r.limit else "—"]
            for r in rows
        ],
    )


@dataclass(frozen=True, slots=True)
class StateRow:
    product: str
    state: str
    count: int
    amount: int


def guarantees_by_state(uow: UnitOfWork, actor: Actor) -> list[StateRow]:
    actor.require(Permission.VIEW_PORTFOLIO)
    query = (
        select(Guarantee.product, Guarantee.state, func.count(), func.sum(Guarantee.amount))
        .group_by(Guarantee.product, Guarantee.state)
        .order_by(Guarantee.product, Guarantee.state)
    )
    return [StateRow(p, s, int(n), int(a)) for p, s, n, a in uow.session.execute(query).all()]


def state_table(rows: list[StateRow]) -> Table:
    return Table(
        "保証の状態別集計",
        ("商品", "状態", "件数", "保証金額"),
        [[Product.label_of(r.product), GuaranteeState.label_of(r.state), r.count, r.amount] for r in rows],
    )


def claims_table(uow: UnitOfWork, actor: Actor) -> Table:
    """Claims and recoveries: every claim with its payout (cash or set-off), recoveries and net loss."""
    from hozen.services import portfolio

    actor.require(Permission.VIEW_PORTFOLIO)
    rows: list[list[Cell]] = []
    for claim in portfolio.claims(uow, actor):
        shown = presenters.claim_out(claim)
        rows.append(
            [
                shown.id,
                claim.guarantee.certificate_number,
                Trigger.label_of(shown.trigger),
                shown.event_date.isoformat(),
                ClaimState.label_of(shown.state),
                shown.payable,
                shown.paid_amount,
                shown.recovered,
                shown.net_loss,
            ]
        )
    paid = [r for r in rows if isinstance(r[6], int)]
    rows.append(
        [
            "合計",
            None,
            None,
            None,
            f"{len(rows)}件",
            None,
            sum(int(r[6] or 0) for r in paid),
            sum(int(r[7] or 0) for r in rows),
            sum(int(r[8] or 0) for r in paid),
        ]
    )
    return Table(
        "保証履行と回収",
        ("請求ID", "証書番号", "保証事由", "発生日", "状態", "支払対象額", "支払額", "回収額", "純損失"),
        rows,
    )
