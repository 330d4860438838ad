"""The staff console (/staff) and the customer portal (/portal): server-rendered, over the services.

Every page needs a login (else the login page); every form carries the session's CSRF token; what a
service refuses comes back as a message on the page, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from hozen.contract.claims import ClaimDocumentInput, ClaimFilingInput
from hozen.contract.errors import field_errors
from hozen.contract.frame_simulations import FrameSimulationInput, FrameSimulationOutput
from hozen.contract.reviews import LineDecisionInput, PaymentInput, ReasonInput, ReceivableLineInput
from hozen.domain.errors import DomainError
from hozen.domain.policy import Trigger
from hozen.domain.roles import Actor, Role
from hozen.policies import load_policy
from hozen.services import (
    applications,
    claims,
    frame_simulation,
    guarantees,
    portfolio,
    reports,
    reviews,
)
from hozen.services.common import UnitOfWork
from hozen.services.eligibility_facts import debtor_status
from hozen.services.imports import parse_receivable_lines
from hozen.web.common import Command, act, business_today, database, flash, render, templates
from hozen.web.security import checked_form, page_actor

router = APIRouter(include_in_schema=False)
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


# --- staff console -------------------------------------------------------------------------------


@router.get("/staff", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        today = business_today(uow, request)
        policy = load_policy(request.app.state.settings.policy)
        context = {
            "queues": portfolio.work_queues(uow, actor, today),
            "debtors": reports.exposure_by_debtor(uow, actor, policy, today),
            "customers": reports.exposure_by_customer(uow, actor, policy, today),
            "debtor_status": {d.id: debtor_status(d, policy, today) for d in portfolio.debtors(uow, actor)},
        }
        return render(request, "staff/dashboard.html", context)


@router.get("/staff/guarantees", response_class=HTMLResponse)
def guarantee_list(request: Request, state: str | None = None) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        found = portfolio.guarantees_of(uow, actor, state or None)
        return render(request, "staff/guarantees.html", {"guarantees": found, "state": state or ""})


@router.get("/staff/claims", response_class=HTMLResponse)
def claim_list(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        found = [claims.claim_out(c) for c in portfolio.claims(uow, actor)]
        return render(request, "staff/claims.html", {"claims": found})


@router.get("/staff/purchases", response_class=HTMLResponse)
def purchase_list(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        return render(request, "staff/purchases.html", {"purchases": portfolio.purchases_of(uow, actor)})


@router.get("/staff/reviews/{review_id}", response_class=HTMLResponse)
def review_screen(request: Request, review_id: int) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        review = reviews.review_out(reviews.get_review(uow, actor, review_id))
        return render(request, "staff/review.html", {"review": review})


@router.get("/staff/reviews/{review_id}/lines/{line_id}/fee", response_class=HTMLResponse)
def live_fee(request: Request, review_id: int, line_id: int, rate: str = "", amount: str = "") -> HTMLResponse:
    """HTMX: the fee of a line at the rate being typed, as if applied today."""
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        review = reviews.get_review(uow, actor, review_id)
        line = next((candidate for candidate in review.lines if candidate.id == line_id), None)
        context: dict[str, Any] = {"quote": None, "error": ""}
        if line is not None and rate.strip():
            try:
                policy = load_policy(review.policy)
                today = business_today(uow, request)
                chosen = int(amount.replace(",", "")) if amount.strip() else reviews.max_guaranteed_amount(line, today)
                start = reviews.planned_start(line, policy, today, review.product == reviews.PURCHASE)
                context["quote"] = reviews.price_line(policy, line, chosen, rate.strip(), start, today)
            except (DomainError, ValueError) as error:
                context["error"] = (
                    error.message_ja if isinstance(error, DomainError) else "金額は数字で入力してください。"
                )
        return templates.TemplateResponse(request, "staff/_fee.html", context)


@router.post("/staff/reviews/{review_id}/start")
async def start_review(request: Request, review_id: int) -> Response:
    return await act(
        request,
        f"/staff/reviews/{review_id}",
        lambda uow, actor, today, form: reviews.start_review(uow, actor, review_id, today=today),
        "審査を開始しました。",
    )


@router.post("/staff/reviews/{review_id}/lines/{line_id}")
async def decide_line(request: Request, review_id: int, line_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> None:
        accept = form.get("decision") == "accept"
        amount = str(form.get("guaranteed_amount", "")).replace(",", "").strip()
        data = LineDecisionInput(
            accept=accept,
            rate=str(form.get("rate", "")).strip() or None,
            guaranteed_amount=int(amount) if amount.isdigit() else None,
            reason=str(form.get("reason", "")),
        )
        reviews.decide_line(uow, actor, review_id, line_id, data, today=today)

    return await act(request, f"/staff/reviews/{review_id}", work, "明細の判断を保存しました。")


@router.post("/staff/reviews/{review_id}/{action}")
async def review_action(request: Request, review_id: int, action: str) -> Response:
    commands: dict[str, tuple[Command, str]] = {
        "submit": (lambda uow, a, t, f: reviews.submit_for_approval(uow, a, review_id, today=t), "決裁に回しました。"),
        "approve": (lambda uow, a, t, f: reviews.approve_review(uow, a, review_id, today=t), "承認しました。"),
        "return": (
            lambda uow, a, t, f: reviews.return_review(
                uow, a, review_id, ReasonInput(reason=str(f.get("reason", ""))).reason, today=t
            ),
            "差し戻しました。",
        ),
    }
    if action not in commands:
        return Response(status_code=404)
    work, done = commands[action]
    return await act(request, f"/staff/reviews/{review_id}", work, done)


@router.post("/staff/applications/{application_id}/{action}")
async def held_decision(request: Request, application_id: int, action: str) -> Response:
    if action == "release":
        return await act(
            request,
            "/staff",
            lambda uow, a, t, f: applications.release_held(uow, a, application_id, today=t),
            "保留中の申込を確保しました。",
        )
    if action == "decline":
        return await act(
            request,
            "/staff",
            lambda uow, a, t, f: applications.decline_held(uow, a, application_id, str(f.get("reason", "")), today=t),
            "保留中の申込を謝絶しました。",
        )
    return Response(status_code=404)


@router.get("/staff/invoices", response_class=HTMLResponse)
def invoices_page(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        found = [i for i in portfolio.invoices_of(uow, actor) if i.state == "open"]
        return render(request, "staff/invoices.html", {"invoices": found, "key": secrets.token_urlsafe(12)})


@router.post("/staff/invoices/{invoice_id}/payment")
async def record_payment(request: Request, invoice_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> None:
        amount = str(form.get("amount", "")).replace(",", "").strip()
        data = PaymentInput.model_validate(
            {
                "invoice_id": invoice_id,
                "amount": int(amount) if amount.isdigit() else -1,
                "received_on": form.get("received_on") or "",
                "idempotency_key": form.get("idempotency_key", ""),
            }
        )
        guarantees.record_payment(uow, actor, data, today=today)

    return await act(request, "/staff/invoices", work, "入金を記録しました。")


@router.post("/staff/daily")
async def daily_run(request: Request) -> Response:
    return await act(
        request, "/staff", lambda uow, a, t, f: guarantees.run_daily(uow, a, today=t), "日次処理を実行しました。"
    )


@router.get("/staff/claims/{claim_id}", response_class=HTMLResponse)
def staff_claim(request: Request, claim_id: int) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        claim = claims.claim_out(claims.get_claim(uow, actor, claim_id))
        return render(request, "claim.html", {"claim": claim, "staff": True, "trigger_ja": _trigger_ja(claim.trigger)})


@router.post("/staff/claims/{claim_id}/{action}")
async def claim_action(request: Request, claim_id: int, action: str) -> Response:
    commands: dict[str, Command] = {
        "assess": lambda uow, a, t, f: claims.assess(uow, a, claim_id, today=t),
        "decide": lambda uow, a, t, f: claims.decide(uow, a, claim_id, today=t),
        "payout": lambda uow, a, t, f: claims.pay(uow, a, claim_id, t, today=t),
    }
    if action not in commands:
        return Response(status_code=404)
    return await act(request, f"/staff/claims/{claim_id}", commands[action])


# --- customer portal ------------------------------------------------------------------------------


@router.get("/portal", response_class=HTMLResponse)
def portal_home(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        context = {
            "reviews": [reviews.review_out(r) for r in portfolio.review_requests(uow, actor)],
            "invoices": portfolio.invoices_of(uow, actor),
            "guarantees": portfolio.guarantees_of(uow, actor),
            "claims": [claims.claim_out(c) for c in portfolio.claims(uow, actor)],
        }
        return render(request, "portal/home.html", context)


@router.get("/portal/reviews/new", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    page_actor(request)
    return render(request, "portal/upload.html", {"rows": [], "fields": {}, "form": {}})


@router.post("/portal/reviews/new", response_class=HTMLResponse, response_model=None)
async def upload(request: Request) -> Response:
    """A review request from a spreadsheet (or the one-line form); bad rows are shown row by row and
    nothing is imported."""
    form = await checked_form(request)
    actor = page_actor(request)
    upload_file = form.get("file")
    purchase = form.get("purchase") == "on"
    try:
        if isinstance(upload_file, UploadFile) and upload_file.filename:
            lines = parse_receivable_lines(await upload_file.read(), upload_file.filename)
        else:
            lines = [_typed_line(form)]
        customer_id = actor.customer_id if actor.role is Role.CUSTOMER else int(str(form.get("customer_id", "0")))

        def submit() -> int:
            with database(request).unit_of_work() as uow:
                review = reviews.submit_review_request(
                    uow,
                    actor,
                    customer_id or 0,
                    lines,
                    today=business_today(uow, request),
                    policy_name=request.app.state.settings.policy,
                    purchase=purchase,
                )
                return review.id

        review_id = await run_in_threadpool(submit)
    except DomainError as error:
        return render(
            request,
            "portal/upload.html",
            {"error": f"{error.message_ja}", "rows": error.context.get("rows", [])},
            status_code=422,
        )
    except ValidationError as error:
        fields = {problem["field"]: problem["message_ja"] for problem in field_errors(list(error.errors()))}
        context = {"error": "入力を確認してください。", "rows": [], "fields": fields, "form": dict(form)}
        return render(request, "portal/upload.html", context, status_code=422)
    flash(request, "審査依頼を受け付けました。")
    return RedirectResponse(f"/portal/reviews/{review_id}", status_code=303)


def _typed_line(form: Any) -> ReceivableLineInput:
    amount = str(form.get("amount", "")).replace(",", "")
    return ReceivableLineInput.model_validate(
        {
            "kind": form.get("kind", ""),
            "debtor_corporate_number": form.get("debtor_corporate_number", ""),
            "reference": form.get("reference", ""),
            "amount": int(amount) if amount.isdigit() else amount,
            "issue_date": form.get("issue_date", ""),
            "due_date": form.get("due_date", ""),
        }
    )


@router.get("/portal/reviews/{review_id}", response_class=HTMLResponse)
def portal_review(request: Request, review_id: int) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        review = reviews.review_out(reviews.get_review(uow, actor, review_id))
        return render(request, "portal/review.html", {"review": review})


@router.post("/portal/reviews/{review_id}/apply")
async def portal_apply(request: Request, review_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        chosen = [int(value) for value in form.getlist("line_ids")]
        if not chosen:
            raise DomainError("NO_LINES_CHOSEN", "お申込みする明細を選んでください。", "Choose at least one line.")
        applications.apply(uow, actor, review_id, chosen, today=today, idempotency_key=str(form.get("key", "")) or None)
        return "/portal"

    return await act(
        request, f"/portal/reviews/{review_id}", work, "お申込みを受け付けました。請求書をご確認ください。"
    )


CHART_WIDTH, CHART_HEIGHT, MARGIN = 720, 260, 48


def balance_chart(result: FrameSimulationOutput) -> dict[str, Any]:
    """An SVG step chart of the end-of-day balance, with the recommended limit as a dashed line."""
    start, end = result.period.start, result.period.end
    span = max((end - start).days, 1)
    top = max(result.recommended_limit, 1)

    def x(day: dt.date) -> float:
        return MARGIN + (day - start).days / span * (CHART_WIDTH - 2 * MARGIN)

    def y(amount: int) -> float:
        return CHART_HEIGHT - MARGIN + 0 - amount / top * (CHART_HEIGHT - 2 * MARGIN)

    path, balance = [f"M{x(start):.1f},{y(0):.1f}"], 0
    for point in result.timeline:
        path.append(f"H{x(point.date):.1f}")
        balance = point.balance
        path.append(f"V{y(balance):.1f}")
    path.append(f"H{x(end):.1f}")
    months = sorted({(p.date.year, p.date.month) for p in result.timeline})
    ticks = [
        {"x": x(dt.date(year, month, 1)), "label": f"{month}月"}
        for year, month in months
        if dt.date(year, month, 1) >= start
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "path": "".join(path),
        "limit_y": y(result.recommended_limit),
        "base_y": y(0),
        "left": MARGIN,
        "right": CHART_WIDTH - MARGIN,
        "ticks": ticks,
    }


def _number_or_text(value: object) -> int | str:
    """A whole number as typed, or the text itself for the validation to name."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else text


@router.get("/portal/simulate", response_class=HTMLResponse)
def simulate_page(request: Request) -> HTMLResponse:
    page_actor(request)
    example = {
        "months": ["2026-06", "2026-07", "2026-08", "2026-09", "", ""],
        "amounts": ["2000000", "5000000", "3000000", "2000000", "", ""],
    }
    return render(request, "portal/simulate.html", {"result": None, "form": {}, **example})


@router.post("/portal/simulate", response_class=HTMLResponse)
async def simulate(request: Request) -> HTMLResponse:
    form = await checked_form(request)
    progress = [
        {"month": str(month), "amount": int(str(amount).replace(",", ""))}
        for month, amount in zip(form.getlist("month"), form.getlist("amount"), strict=False)
        if str(month) and str(amount).replace(",", "").isdigit()
    ]
    raw = {
        "work_start": form.get("work_start"),
        "progress": progress,
        "closing_day": _number_or_text(form.get("closing_day")),
        "payment_month_offset": _number_or_text(form.get("payment_month_offset")),
        "payment_day": _number_or_text(form.get("payment_day")),
        "cash_ratio": str(form.get("cash_ratio") or ""),
        "note_site_days": _number_or_text(form.get("note_site_days")),
        "rate": str(form.get("rate") or "") or None,
        "policy": request.app.state.settings.policy,
    }
    context: dict[str, Any] = {
        "form": dict(form),
        "result": None,
        "months": [str(m) for m in form.getlist("month")],
        "amounts": [str(a) for a in form.getlist("amount")],
    }
    try:
        context["result"] = frame_simulation.simulate(
            FrameSimulationInput.model_validate(raw), allow_policy_paths=False
        )
        context["chart"] = balance_chart(context["result"])
    except ValidationError as error:
        context["error"] = "入力を確認してください: " + "、".join(
            f"{e['field']}: {e['message_ja']}" for e in field_errors(list(error.errors()))
        )
    except DomainError as error:
        context["error"] = error.message_ja
    return render(request, "portal/simulate.html", context, status_code=422 if "error" in context else 200)


@router.get("/portal/guarantees/{guarantee_id}", response_class=HTMLResponse)
def portal_guarantee(request: Request, guarantee_id: int) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        guarantee = applications.guarantee_out(guarantees.get_guarantee(uow, actor, guarantee_id))
        policy = load_policy(request.app.state.settings.policy)
        triggers = [(t.value, TRIGGER_LABELS[t]) for t in Trigger if t in policy.triggers]
        return render(request, "portal/guarantee.html", {"guarantee": guarantee, "triggers": triggers})


@router.post("/portal/guarantees/{guarantee_id}/claims")
async def file_claim(request: Request, guarantee_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        data = ClaimFilingInput.model_validate(
            {
                "guarantee_id": guarantee_id,
                "trigger": form.get("trigger", ""),
                "event_date": form.get("event_date") or "",
                "note": form.get("note", ""),
            }
        )
        return f"/portal/claims/{claims.file_claim(uow, actor, data, today=today).id}"

    return await act(request, f"/portal/guarantees/{guarantee_id}", work, "保証履行のご請求を受け付けました。")


@router.get("/portal/claims/{claim_id}", response_class=HTMLResponse)
def portal_claim(request: Request, claim_id: int) -> HTMLResponse:
    actor = page_actor(request)
    with database(request).unit_of_work(write=False) as uow:
        claim = claims.claim_out(claims.get_claim(uow, actor, claim_id))
        return render(request, "claim.html", {"claim": claim, "staff": False, "trigger_ja": _trigger_ja(claim.trigger)})


@router.post("/portal/claims/{claim_id}/documents")
async def claim_document(request: Request, claim_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> None:
        claims.add_document(uow, actor, claim_id, ClaimDocumentInput(kind=str(form.get("kind", "")), received_on=today))

    return await act(request, f"/portal/claims/{claim_id}", work, "書類の提出を記録しました。")


def install(app: FastAPI) -> None:
    app.include_router(router)
