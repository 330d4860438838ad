"""The page of one guarantee claim, the same for staff and for the customer who filed it, and the
Japanese labels of the events that trigger a claim."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from hozen.domain.policy import Trigger
from hozen.services import claims, presenters
from hozen.web.common import database, render
from hozen.web.security import page_actor

TRIGGER_LABELS = {
    Trigger.LEGAL_PROCEEDING: "法的整理の申立て（破産・民事再生等）",
    Trigger.TRADING_SUSPENSION: "取引停止処分",
    Trigger.PRIVATE_WORKOUT: "私的整理",
    Trigger.DISHONOUR: "不渡り・支払不能",
    Trigger.WHEREABOUTS_UNKNOWN: "代表者等の所在不明",
    Trigger.BUSINESS_CLOSURE: "事業の廃止",
}


def _trigger_ja(code: str) -> str:
    return TRIGGER_LABELS.get(Trigger(code), code) if code in Trigger.__members__ else code


def claim_page(request: Request, claim_id: int, *, staff: bool) -> HTMLResponse:
    """The claim as the viewer may see it (the service refuses another customer's claim)."""
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        claim = presenters.claim_out(claims.get_claim(uow, actor, claim_id))
        return render(request, "claim.html", {"claim": claim, "staff": staff, "trigger_ja": _trigger_ja(claim.trigger)})
