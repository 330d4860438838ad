"""The notification centre (/staff/notifications, /portal/notifications) and the webhook endpoints
an administrator manages (/staff/webhooks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hozen.clock import JAPAN
from hozen.contract.notifications import WebhookEndpointInput
from hozen.domain.codes import NoticeCode, NoticeKind
from hozen.domain.roles import Actor
from hozen.domain.states import ApplicationState
from hozen.services import portfolio, webhooks
from hozen.services.applications import HOLD_NOTICE
from hozen.services.common import UnitOfWork
from hozen.web.common import FormErrors, act, render, submit
from hozen.web.security import page_actor, page_uow

router = APIRouter(include_in_schema=False)
NEW_SECRET = "new_webhook_secret"


def _centre(request: Request, home: str) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        entries = portfolio.notifications(uow, actor, open_only=False)
        labels = {entry.notification.id: _kind_label(entry.notification.kind) for entry in entries}
        days = {entry.notification.id: entry.notification.created_at.astimezone(JAPAN).date() for entry in entries}
        context = {"entries": entries, "home": home, "labels": labels, "days": days}
        return render(request, "notifications.html", context)


def _kind_label(kind: str) -> str:
    return ApplicationState.HELD.label if kind == HOLD_NOTICE else NoticeKind.label_of(kind)


@router.get("/staff/notifications", response_class=HTMLResponse)
def staff_notifications(request: Request) -> HTMLResponse:
    return _centre(request, "/staff")


@router.get("/portal/notifications", response_class=HTMLResponse)
def portal_notifications(request: Request) -> HTMLResponse:
    return _centre(request, "/portal")


@router.post("/staff/notifications/{notification_id}/read")
@router.post("/portal/notifications/{notification_id}/read")
async def mark_read(request: Request, notification_id: int) -> Response:
    back = request.url.path.rsplit("/", 2)[0]
    return await act(
        request, back, lambda uow, a, t, f: portfolio.mark_read(uow, a, notification_id), "既読にしました。"
    )


@router.get("/staff/webhooks", response_class=HTMLResponse)
def webhook_endpoints(request: Request) -> HTMLResponse:
    return _endpoints(request)


def _endpoints(
    request: Request, values: dict[str, str] | None = None, errors: FormErrors | None = None
) -> HTMLResponse:
    """The endpoints and their deliveries; after a refused registration, the form with what was typed."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        endpoints = webhooks.endpoints(uow, actor)
        logs = {endpoint.id: webhooks.deliveries(uow, actor, endpoint.id)[:20] for endpoint in endpoints}
        secret = request.session.pop(NEW_SECRET, None)  # shown on this page once, never again
        context = {
            "endpoints": endpoints,
            "logs": logs,
            "secret": secret,
            "values": values or {},
            "errors": errors or {},
        }
        return render(request, "staff/webhooks.html", context, status_code=422 if errors else 200)


@router.post("/staff/webhooks")
async def create_webhook_endpoint(request: Request) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> None:
        data = WebhookEndpointInput.model_validate(
            {"url": str(form.get("url", "")).strip(), "description": str(form.get("description", ""))}
        )
        _, secret = webhooks.create(uow, actor, data)
        request.session[NEW_SECRET] = secret

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        return _endpoints(request, values, errors)

    return await submit(request, work, again, "送信先を登録しました。", "/staff/webhooks", WEBHOOK_FIELDS)


WEBHOOK_FIELDS: dict[str, str] = {NoticeCode.WEBHOOK_URL_INVALID: "url"}
"""The registration's refusals that concern its URL, shown beside it."""


@router.post("/staff/webhooks/{endpoint_id}/disable")
async def disable_webhook_endpoint(request: Request, endpoint_id: int) -> Response:
    return await act(
        request, "/staff/webhooks", lambda uow, a, t, f: webhooks.disable(uow, a, endpoint_id), "送信を停止しました。"
    )
