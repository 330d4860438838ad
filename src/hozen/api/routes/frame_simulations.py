"""The frame need simulation: no login, nothing stored (SPEC §14.2, §14.6)."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.responses import INVALID_INPUT
from hozen.api.retry import RetryingRoute
from hozen.contract.frame_simulations import FrameSimulationInput, FrameSimulationOutput
from hozen.services.frame_simulation import simulate

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["calculators"])


@router.post("/frame-simulations", responses=INVALID_INPUT, summary="Simulate the need for a frame guarantee")
def create_frame_simulation(data: FrameSimulationInput) -> FrameSimulationOutput:
    return simulate(data, allow_policy_paths=False)
