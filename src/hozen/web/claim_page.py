"""The page of one guarantee claim, the same for staff and for the customer who filed it."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from hozen.services import claims, presenters
from hozen.web.common import render
from hozen.web.security import page_actor, page_uow


def claim_page(request: Request, claim_id: int, *, staff: bool) -> HTMLResponse:
    """The claim as the viewer may see it (the service refuses another customer's claim)."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        claim = presenters.claim_out(claims.get_claim(uow, actor, claim_id))
        return render(request, "claim.html", {"claim": claim, "staff": staff})
