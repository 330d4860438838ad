"""Reports for staff and the programme: subsidy claim, exposure against limits, guarantees by state."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from hozen.api.deps import CompanyPolicy, CurrentActor, ReadUow, Today
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Day
from hozen.contract.concentration import DEFAULT_TOP, MAX_TOP, ConcentrationOutput, Dimension
from hozen.documents.journal_files import journal_csv, yayoi_csv
from hozen.domain.codes.risk import ConcentrationBy
from hozen.domain.states import Entity
from hozen.services import concentration, reports
from hozen.services import journal as journal_service

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1/reports", tags=["reports"])
Format = Literal["json", "csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render(table: reports.Table, fmt: Format, filename: str, body: Any) -> Any:
    if fmt == "csv":
        return Response(
            table.csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    if fmt == "xlsx":
        return Response(
            table.xlsx(), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'}
        )
    return body


@router.get("/subsidy-claim", response_model=None)
def subsidy_claim(actor: CurrentActor, uow: ReadUow, start: Day, end: Day, format: Format = "json") -> Any:
    """One row per guarantee (and priced frame change) booked in the period, reversals included, with totals."""
    claim, table = reports.subsidy_claim(uow, actor, start, end)
    body = {
        "start": start,
        "end": end,
        "total_subsidy": claim.total,
        "count": len(claim.rows),
        "rows": [
            {
                "reference": r.reference,
                "customer": r.customer,
                "debtor": r.debtor,
                "product": r.product,
                "amount": r.amount,
                "gross_rate": r.gross_rate,
                "subsidy_rate": r.subsidy_rate,
                "days": r.days,
                "subsidy": r.subsidy,
                "booked_on": r.booked_on,
                "reversal": r.reversal,
            }
            for r in claim.rows
        ],
    }
    return render(table, format, f"subsidy-claim-{start.isoformat()}-{end.isoformat()}", body)


@router.get("/exposure", response_model=None)
def exposure(
    actor: CurrentActor,
    uow: ReadUow,
    today: Today,
    policy: CompanyPolicy,
    by: Literal["debtor", "customer"] = "debtor",
    format: Format = "json",
) -> Any:
    """Exposure against limits, by debtor or by customer."""
    rows = (reports.exposure_by_debtor if by == "debtor" else reports.exposure_by_customer)(uow, actor, policy, today)
    table = reports.exposure_table(Entity(by), rows)
    body = [
        {"id": r.id, "name": r.name, "exposure": r.exposure, "limit": r.limit, "headroom": r.headroom} for r in rows
    ]
    return render(table, format, f"exposure-by-{by}", body)


@router.get(
    "/concentration",
    response_model=ConcentrationOutput,
    responses={200: {"content": {"text/csv": {}, XLSX: {}}, "description": "JSON, or CSV / Excel with ?format="}},
)
def concentration_report(
    actor: CurrentActor,
    uow: ReadUow,
    today: Today,
    policy: CompanyPolicy,
    by: Dimension | None = None,
    top: Annotated[int, Query(ge=1, le=MAX_TOP)] = DEFAULT_TOP,
    format: Format = "json",
) -> Any:
    """Concentration of the live exposure (SPEC §19) by debtor, corporate group, prefecture and trade (all four,
    or only ``by``): each key's share, the top-``top`` share and the Herfindahl–Hirschman index; and the
    utilisation of every debtor and customer limit. Shares in percent with two decimals, HHI in points."""
    result = concentration.report(uow, actor, policy, today, by=ConcentrationBy(by) if by else None, top_n=top)
    return render(concentration.table(result), format, f"concentration-{today.isoformat()}", result)


@router.get("/guarantees", response_model=None)
def guarantees_by_state(actor: CurrentActor, uow: ReadUow, format: Format = "json") -> Any:
    rows = reports.guarantees_by_state(uow, actor)
    body = [{"product": r.product, "state": r.state, "count": r.count, "amount": r.amount} for r in rows]
    return render(reports.state_table(rows), format, "guarantees-by-state", body)


@router.get("/claims", response_model=None)
def claims_and_recoveries(actor: CurrentActor, uow: ReadUow, format: Format = "json") -> Any:
    """Claims and recoveries: payouts (cash or set-off), recoveries, net losses."""
    table = reports.claims_table(uow, actor)
    body = [
        dict(
            zip(
                (
                    "id",
                    "certificate_number",
                    "trigger",
                    "event_date",
                    "state",
                    "payable",
                    "paid_amount",
                    "recovered",
                    "net_loss",
                ),
                row,
                strict=True,
            )
        )
        for row in table.rows[:-1]
    ]
    return render(table, format, "claims", body)


@router.get("/journal", response_model=None)
def journal(
    actor: CurrentActor,
    uow: ReadUow,
    start: Annotated[dt.date, Query(alias="from")],
    end: Annotated[dt.date, Query(alias="to")],
    format: Literal["json", "csv", "yayoi"] = "json",
) -> Any:
    """The accounting journal of a period (SPEC §18): balanced entries, as JSON, a plain CSV or 弥生会計's
    journal import file (CP932)."""
    found = journal_service.entries(uow, actor, start, end)
    filename = f"journal-{start.isoformat()}-{end.isoformat()}"
    if format == "csv":
        return Response(
            journal_csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    if format == "yayoi":
        return Response(
            yayoi_csv(found),
            media_type="text/csv; charset=Shift_JIS",
            headers={"Content-Disposition": f'attachment; filename="{filename}-yayoi.csv"'},
        )
    return [
        {
            "date": entry.date.isoformat(),
            "event": entry.event.value,
            "label_ja": entry.event.label,
            "reference": entry.reference,
            "postings": [
                {"side": p.side.value, "account": p.account.value, "account_ja": p.account.label, "amount": p.amount}
                for p in entry.postings
            ],
        }
        for entry in found
    ]
