"""Stress tests (SPEC §19): staff with the portfolio permission; nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends

from hozen.api.deps import CompanyPolicy, ReadUow, require
from hozen.api.responses import FORBIDDEN, INVALID_INPUT, UNAUTHENTICATED
from hozen.api.retry import RetryingRoute
from hozen.api.routes.reports import render
from hozen.contract.stress import StressTestInput, StressTestOutput
from hozen.domain.roles import Actor, Permission
from hozen.services import stress

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["risk"])
PortfolioViewer = Annotated[Actor, Depends(require(Permission.VIEW_PORTFOLIO))]


@router.post(
    "/stress-tests",
    response_model=StressTestOutput,
    responses={**INVALID_INPUT, **UNAUTHENTICATED, **FORBIDDEN},
    summary="Debtors failing on a date: payouts, recoveries, compensation and net loss",
)
def create_stress_test(
    data: StressTestInput,
    actor: PortfolioViewer,
    uow: ReadUow,
    policy: CompanyPolicy,
    format: Literal["json", "xlsx"] = "json",
) -> Any:
    """Scenarios side by side, and each debtor failing alone when ``each_debtor`` is set; ``?format=xlsx`` for Excel."""
    result = stress.run(uow, actor, data, policy)
    return render(stress.table(result), format, f"stress-test-{data.date.isoformat()}", result)
