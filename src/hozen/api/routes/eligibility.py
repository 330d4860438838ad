"""The eligibility calculator: no login, nothing stored (SPEC §14.3, §14.6)."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.responses import INVALID_INPUT
from hozen.api.retry import RetryingRoute
from hozen.contract.eligibility import EligibilityInput, EligibilityOutput
from hozen.services.eligibility import check

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["calculators"])


@router.post("/eligibility-checks", responses=INVALID_INPUT, summary="Check eligibility (all failures at once)")
def create_eligibility_check(data: EligibilityInput) -> EligibilityOutput:
    return check(data, allow_policy_paths=False)
