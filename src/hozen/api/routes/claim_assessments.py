"""The claim assessment calculator: no login, nothing stored (SPEC §14.4, §14.6)."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.responses import INVALID_INPUT
from hozen.api.retry import RetryingRoute
from hozen.contract.claim_assessments import ClaimAssessmentInput, ClaimAssessmentOutput
from hozen.services.claim_assessment import assess

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["calculators"])


@router.post("/claim-assessments", responses=INVALID_INPUT, summary="Assess a claim under a guarantee")
def create_claim_assessment(data: ClaimAssessmentInput) -> ClaimAssessmentOutput:
    return assess(data, allow_policy_paths=False)
