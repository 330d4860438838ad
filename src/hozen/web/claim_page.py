"""The page of one guarantee claim, the same for staff and for the customer who filed it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from hozen.services import claims, presenters, records
from hozen.web.common import render
from hozen.web.security import page_actor, page_uow


def claim_page(
    request: Request, claim_id: int, *, staff: bool, extra: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """The claim as the viewer may see it (the service refuses another customer's claim); ``extra``:
    a refused upload's message by its document."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        claim = presenters.claim_out(claims.get_claim(uow, actor, claim_id))
        receivers = {r.received_by for d in claim.documents for r in d.receipts if r.received_by is not None}
        context = {"claim": claim, "staff": staff, "people": records.people(uow, actor, receivers), **(extra or {})}
        return render(request, "claim.html", context, status_code=status_code)
