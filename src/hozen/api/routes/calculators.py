"""The stateless calculators: no login, nothing stored (SPEC §14.6)."""

from __future__ import annotations

from fastapi import APIRouter

from hozen.api.responses import INVALID_INPUT
from hozen.api.retry import RetryingRoute
from hozen.contract.quotes import QuoteInput, QuoteOutput
from hozen.services.quotes import price_quote, quote_output

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["calculators"])


@router.post("/quotes", response_model=QuoteOutput, responses=INVALID_INPUT, summary="Price a quote")
def create_quote(data: QuoteInput) -> QuoteOutput:
    return quote_output(price_quote(data, allow_policy_paths=False))
