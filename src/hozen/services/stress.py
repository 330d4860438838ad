"""Stress tests (SPEC §19): load the live holdings on a date set-based and run :mod:`hozen.domain.stress`.

The portfolio is read as columns (one SQL query per product, straight from the driver's cursor into
NumPy: no ORM object and no ``Row`` per guarantee). A holding's
amount is its live reservation (SPEC §5): an individual guarantee's amount, a frame's limit after its
approved changes, a purchased note's face. Frames store no need simulation, so a frame pays its live limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Executable, case, literal, select, union_all
from sqlalchemy.orm import Session

from hozen.contract.stress import (
    CustomerLossOut,
    DebtorLossOut,
    LossOut,
    ScenarioOut,
    StressTestInput,
    StressTestOutput,
)
from hozen.documents.tables import Cell
from hozen.domain.codes import LossKind, RiskCode
from hozen.domain.errors import DomainError
from hozen.domain.money import format_rate
from hozen.domain.policy import Policy, Product
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import GuaranteeState, PurchaseState
from hozen.domain.stress import KIND_NUMBERS, Exposure, Loss, StressTerms, each_debtor_fails, parse_share, stress
from hozen.policies import programme
from hozen.services.common import UnitOfWork
from hozen.services.reports import Table
from hozen.store.models import Customer, Debtor, Guarantee, Purchase, Reservation
from hozen.store.repositories import RESERVED

IN_FORCE = (GuaranteeState.AWAITING_START.value, GuaranteeState.ACTIVE.value)


@dataclass(frozen=True, slots=True)
class Holdings:
    """The live holdings on a date as columns, one row per holding (kinds are :data:`KIND_NUMBERS`)."""

    debtor_ids: np.ndarray
    customer_ids: np.ndarray
    kinds: np.ndarray
    amounts: np.ndarray

    def exposures(self) -> list[Exposure]:
        kinds = list(KIND_NUMBERS)
        return [
            Exposure(int(d), int(c), kinds[int(k)], int(a))
            for d, c, k, a in zip(self.debtor_ids, self.customer_ids, self.kinds, self.amounts, strict=True)
        ]


def holdings(session: Session, day: dt.date, debtor_ids: Sequence[int] | None = None) -> Holdings:
    """Guarantees in force whose period contains ``day`` and purchased notes bought by ``day`` and not yet due."""
    individual, frame, purchase = (KIND_NUMBERS[k] for k in (LossKind.INDIVIDUAL, LossKind.FRAME, LossKind.PURCHASE))
    kind = case((Guarantee.product == Product.FRAME.value, frame), else_=individual)
    guarantees = (
        select(Guarantee.debtor_id, Guarantee.customer_id, kind, Reservation.amount)
        .join(Reservation, Reservation.guarantee_id == Guarantee.id)
        .where(
            Reservation.state == RESERVED,
            Guarantee.state.in_(IN_FORCE),
            Guarantee.start_date <= day,
            Guarantee.end_date >= day,
        )
    )
    notes = select(Purchase.debtor_id, Purchase.customer_id, literal(purchase), Purchase.face).where(
        Purchase.state == PurchaseState.EXECUTED.value, Purchase.purchase_date <= day, Purchase.due_date >= day
    )
    if debtor_ids is not None:
        guarantees = guarantees.where(Guarantee.debtor_id.in_(debtor_ids))
        notes = notes.where(Purchase.debtor_id.in_(debtor_ids))
    columns = int_columns(session, union_all(guarantees, notes), 4)
    return Holdings(*columns.T)


CHUNK_ROWS = 65_536


def int_columns(session: Session, statement: Executable, width: int) -> np.ndarray:
    """The rows of ``statement`` (``width`` integer columns) as an int64 matrix, read in chunks straight
    from the driver's cursor into NumPy: no ORM object and no SQLAlchemy ``Row`` per row, which is what
    reading a million guarantees used to spend its time on (docs/performance.md)."""
    result = session.connection().execute(statement)  # not streamed: a streamed result buffers rows ahead
    chunks = [np.empty((0, width), dtype=np.int64)]
    try:
        cursor = result.cursor  # the DBAPI cursor of a Core execution
        while rows := cursor.fetchmany(CHUNK_ROWS):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, width))
    finally:
        result.close()
    return np.concatenate(chunks)


def terms(policy: Policy, day: dt.date, unpaid_share: str = "1") -> StressTerms:
    """The unpaid share asked for, the policy's recovery ratio, the programme's compensation ratio on ``day``."""
    ratio = programme().in_force(day).loss_compensation_ratio
    return StressTerms(parse_share(unpaid_share), policy.recovery_ratio, ratio)


def _loss_out(loss: Loss) -> dict[str, int]:
    return {
        "individual": loss.individual,
        "frame": loss.frame,
        "purchase": loss.purchase,
        "payouts": loss.payouts,
        "recoveries": loss.recoveries,
        "compensation": loss.compensation,
        "net_loss": loss.net_loss,
    }


def _names(session: Session, model: type[Customer] | type[Debtor], ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {int(i): name for i, name in session.execute(select(model.id, model.name).where(model.id.in_(ids)))}


def run(uow: UnitOfWork, actor: Actor, data: StressTestInput, policy: Policy) -> StressTestOutput:
    """Every scenario side by side, and each debtor failing alone when asked (the ``top`` largest net losses)."""
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session
    stress_terms = terms(policy, data.date, data.unpaid_share)
    named = {d for scenario in data.scenarios for d in scenario.debtor_ids}
    debtor_names = _names(session, Debtor, named)
    unknown = sorted(named - debtor_names.keys())
    if unknown:
        raise DomainError(RiskCode.STRESS_UNKNOWN_DEBTOR, {"debtor_id": unknown[0]})
    exposures = holdings(session, data.date, sorted(named)).exposures() if named else []
    results = [stress(exposures, scenario.debtor_ids, stress_terms) for scenario in data.scenarios]
    ranked: list[tuple[int, Loss]] | None = None
    if data.each_debtor:
        portfolio = holdings(session, data.date)
        ranked = each_debtor_fails(
            portfolio.debtor_ids, portfolio.customer_ids, portfolio.kinds, portfolio.amounts, stress_terms
        ).rows()[: data.top]
        debtor_names |= _names(session, Debtor, {debtor for debtor, _ in ranked} - debtor_names.keys())
    customer_names = _names(session, Customer, {c for result in results for c in result.by_customer})
    return StressTestOutput(
        date=data.date,
        unpaid_share=format_rate(stress_terms.unpaid_share),
        recovery_ratio=format_rate(stress_terms.recovery_ratio),
        compensation_ratio=format_rate(stress_terms.compensation_ratio),
        scenarios=[
            ScenarioOut(
                debtor_ids=sorted(set(scenario.debtor_ids)),
                by_customer=[
                    CustomerLossOut(customer_id=c, customer=customer_names[c], **_loss_out(loss))
                    for c, loss in result.by_customer.items()
                ],
                by_debtor=[
                    DebtorLossOut(debtor_id=d, debtor=debtor_names[d], **_loss_out(loss))
                    for d, loss in result.by_debtor.items()
                ],
                total=LossOut(**_loss_out(result.total)),
            )
            for scenario, result in zip(data.scenarios, results, strict=True)
        ],
        each_debtor=None
        if ranked is None
        else [DebtorLossOut(debtor_id=d, debtor=debtor_names[d], **_loss_out(loss)) for d, loss in ranked],
    )


LOSS_HEADERS = ("個別保証", "枠保証", "買取手形", "支払額", "回収見込", "損失補償", "純損失")


def table(result: StressTestOutput) -> Table:
    """The result as one sheet: every scenario by customer with its total, then the debtors ranked."""
    rows: list[list[Cell]] = []
    for number, scenario in enumerate(result.scenarios, start=1):
        label = f"シナリオ{number}（注文者 {', '.join(str(d) for d in scenario.debtor_ids)}）"
        rows.extend([label, "お客様", line.customer, *line.amounts()] for line in scenario.by_customer)
        rows.append([label, "合計", None, *scenario.total.amounts()])
    rows.extend(
        ["単独破綻", f"{rank}位", line.debtor, *line.amounts()] for rank, line in enumerate(result.each_debtor or [], 1)
    )
    return Table(
        f"ストレステスト {result.date.isoformat()}（未回収割合 {result.unpaid_share}・回収率 {result.recovery_ratio}・"
        f"補償率 {result.compensation_ratio}）",
        ("区分", "集計", "名称", *LOSS_HEADERS),
        rows,
    )
