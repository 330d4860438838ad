"""Concentration (SPEC §19): the live exposure by debtor, corporate group, prefecture and trade, and the
utilisation of every limit.

Each dimension is one grouped sum of the live reservations joined to their debtor (``GROUP BY`` in SQL,
not a row per guarantee); :mod:`hozen.domain.concentration` computes the shares, the top-N share and the
HHI exactly. Exposure is the exposure report's (``reports.exposure_by_*``): the reserved amounts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from sqlalchemy import case, func, select

from hozen.contract.concentration import (
    DEFAULT_TOP,
    ConcentrationOutput,
    DimensionOut,
    ShareOut,
    UtilisationOut,
)
from hozen.documents.tables import Cell
from hozen.domain.codes.risk import ConcentrationBy, Prefecture, Trade
from hozen.domain.concentration import concentration, index_points, percent_text, utilisation
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity
from hozen.services import reports
from hozen.services.common import UnitOfWork
from hozen.store.models import Debtor, Reservation
from hozen.store.repositories import RESERVED

NOT_SET = "未設定"
ID_DIGITS = 10  # ids up to 2³¹ − 1
OWN_GROUP = "debtor:"  # the key of a debtor in no group: its own group


def _grouped(
    uow: UnitOfWork, keys: Sequence[Any], name: Any, key: Callable[[Sequence[Any]], str] = lambda v: str(v[0])
) -> dict[str, tuple[str, int]]:
    """``key`` of the ``keys`` columns → (name, exposure): the reserved amounts summed by those columns."""
    query = (
        select(*keys, func.min(name), func.sum(Reservation.amount))
        .join(Debtor, Debtor.id == Reservation.debtor_id)
        .where(Reservation.state == RESERVED)
        .group_by(*keys)
    )
    return {key(values): (str(label), int(total)) for *values, label, total in uow.session.execute(query)}


def _by_debtor(uow: UnitOfWork) -> dict[str, tuple[str, int]]:
    return _grouped(uow, [Debtor.id], Debtor.name)


def _group_key(values: Sequence[Any]) -> str:
    code, own = values
    return str(code) if code is not None else f"{OWN_GROUP}{own}"


def _by_group(uow: UnitOfWork) -> dict[str, tuple[str, int]]:
    """A debtor in no group is its own group, keyed ``debtor:<id>`` and named by the debtor."""
    own = case((Debtor.group_code.is_(None), Debtor.id))
    return _grouped(uow, [Debtor.group_code, own], func.coalesce(Debtor.group_name, Debtor.name), _group_key)


def _by_code(uow: UnitOfWork, column: Any, labels: type[Prefecture] | type[Trade]) -> dict[str, tuple[str, int]]:
    """By prefecture or trade code; debtors without one are counted together under 未設定 (key "")."""
    found = _grouped(uow, [column], column, lambda v: "" if v[0] is None else str(v[0]))
    return {key: (labels.label_of(key) if key else NOT_SET, total) for key, (_, total) in found.items()}


def _dimension(by: ConcentrationBy, found: dict[str, tuple[str, int]], top_n: int) -> DimensionOut:
    """Keys of equal exposure are listed by key; debtor ids are compared as numbers (zero-padded)."""
    padded = {(key.zfill(ID_DIGITS) if by is ConcentrationBy.DEBTOR else key): key for key in found}
    result = concentration({sort_key: found[key][1] for sort_key, key in padded.items()}, top_n)
    return DimensionOut(
        by=by.value,
        label_ja=by.label,
        total=result.total,
        count=len(result.rows),
        top_n=top_n,
        top_share=percent_text(result.top_share),
        hhi=index_points(result.hhi),
        rows=[
            ShareOut(
                rank=rank,
                key=padded[row.key],
                name=found[padded[row.key]][0],
                exposure=row.exposure,
                share=percent_text(row.share),
            )
            for rank, row in enumerate(result.rows, start=1)
        ],
    )


def _readers(uow: UnitOfWork) -> dict[ConcentrationBy, Any]:
    return {
        ConcentrationBy.DEBTOR: lambda: _by_debtor(uow),
        ConcentrationBy.GROUP: lambda: _by_group(uow),
        ConcentrationBy.PREFECTURE: lambda: _by_code(uow, Debtor.prefecture, Prefecture),
        ConcentrationBy.TRADE: lambda: _by_code(uow, Debtor.trade, Trade),
    }


def _over_limit_first(row: UtilisationOut, used: Fraction | None) -> tuple[int, Fraction, int]:
    """Debtors before customers; the fullest first (a limit of 0 with exposure before all); then by id."""
    if used is None:
        used = Fraction(10**12) if row.exposure else Fraction(-1)
    return (0 if row.party == "debtor" else 1), -used, row.id


def _limits(uow: UnitOfWork, actor: Actor, policy: Policy, today: dt.date) -> list[UtilisationOut]:
    ranked: list[tuple[tuple[int, Fraction, int], UtilisationOut]] = []
    for party, rows in (
        ("debtor", reports.exposure_by_debtor(uow, actor, policy, today)),
        ("customer", reports.exposure_by_customer(uow, actor, policy, today)),
    ):
        for r in rows:
            used = utilisation(r.exposure, r.limit)
            line = UtilisationOut(
                party=party,
                id=r.id,
                name=r.name,
                exposure=r.exposure,
                limit=r.limit,
                utilisation=None if used is None else percent_text(used),
            )
            ranked.append((_over_limit_first(line, used), line))
    return [line for _, line in sorted(ranked, key=lambda pair: pair[0])]


def report(
    uow: UnitOfWork,
    actor: Actor,
    policy: Policy,
    today: dt.date,
    *,
    by: ConcentrationBy | None = None,
    top_n: int = DEFAULT_TOP,
) -> ConcentrationOutput:
    """Every dimension (or only ``by``) with its top-``top_n`` share and HHI, and every limit's utilisation."""
    actor.require(Permission.VIEW_PORTFOLIO)
    readers = _readers(uow)
    dimensions = [_dimension(d, readers[d](), top_n) for d in ([by] if by else list(ConcentrationBy))]
    total = dimensions[0].total
    return ConcentrationOutput(
        date=today, total_exposure=total, top_n=top_n, dimensions=dimensions, limits=_limits(uow, actor, policy, today)
    )


HEADERS = ("区分", "順位", "コード", "名称", "保証残高", "構成比・使用率(%)", "限度額")


def table(result: ConcentrationOutput) -> reports.Table:
    """One sheet: each dimension's summary (total, top-N, HHI) and its rows, then every limit."""
    rows: list[list[Cell]] = []
    for d in result.dimensions:
        top = sum(r.exposure for r in d.rows[: d.top_n])
        rows.append([d.label_ja, "合計", None, f"{d.count}件", d.total, "100.00" if d.total else "0.00", None])
        rows.append([d.label_ja, f"上位{d.top_n}", None, None, top, d.top_share, None])
        rows.append([d.label_ja, "HHI", None, "ハーフィンダール・ハーシュマン指数", None, str(d.hhi), None])
        rows.extend([d.label_ja, r.rank, r.key, r.name, r.exposure, r.share, None] for r in d.rows)
    for line in result.limits:
        label = f"{Entity(line.party).label}の限度額"
        rows.append([label, None, str(line.id), line.name, line.exposure, line.utilisation or "—", line.limit])
    return reports.Table(f"集中度 {result.date.isoformat()}（上位{result.top_n}）", HEADERS, rows)
