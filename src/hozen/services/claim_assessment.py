"""The claim assessment calculator (SPEC §9, §14.4); stored claims are judged by it too."""

from __future__ import annotations

from typing import Any

from hozen.contract.claim_assessments import ClaimAssessmentInput, ClaimAssessmentOutput, LineOut
from hozen.domain import claims
from hozen.domain.policy import Product
from hozen.policies import load_policy


def assess(data: ClaimAssessmentInput, *, allow_policy_paths: bool = True) -> ClaimAssessmentOutput:
    policy = load_policy(data.policy, allow_paths=allow_policy_paths)
    g = data.guarantee
    amount = g.limit if g.type == "frame" else g.amount
    assert amount is not None  # checked by the wire model
    result = claims.assess(
        claims.Cover(frame=g.type == "frame", amount=amount, start=g.start, end=g.end),
        data.event.code,
        data.event.date,
        data.claim_date,
        [claims.ClaimedReceivable(kind=Product(r.kind), **r.model_dump(exclude={"kind"})) for r in data.receivables],
        policy,
    )
    return ClaimAssessmentOutput(
        payable=result.payable,
        accepted=result.accepted,
        reasons=list(result.reasons),
        lines=[LineOut(id=line.id, counted=line.counted, reasons=list(line.reasons)) for line in result.lines],
    )


def assess_input(raw: dict[str, Any]) -> dict[str, Any]:
    """The calculator on a §14.4 input given as plain data; the answer as plain data."""
    return assess(ClaimAssessmentInput.model_validate(raw)).model_dump(mode="json")
