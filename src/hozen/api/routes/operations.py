"""Operations: the daily run and the business date ("as of")."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.deps import CurrentActor, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.operations import BusinessDateInput, DailyRunOut
from hozen.services import guarantees, portfolio, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/daily-runs")
def run_daily(actor: CurrentActor, uow: WriteUow, today: Today) -> DailyRunOut:
    return presenters.daily_run_out(guarantees.run_daily(uow, actor, today=today))


@router.get("/business-date")
def read_business_date(actor: CurrentActor, today: Today) -> BusinessDateInput:
    return BusinessDateInput(today=today)


@router.put("/business-date")
def put_business_date(data: BusinessDateInput, actor: CurrentActor, uow: WriteUow) -> BusinessDateInput:
    return BusinessDateInput(today=portfolio.set_today(uow, actor, data.today))
