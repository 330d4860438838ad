"""The staff console (/staff): queues and exposure, reviews and their decisions, invoices, claims.

Every page needs a login (else the login page); what each role may see and do, the services decide.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from hozen.contract.base import whole_number
from hozen.contract.claims import ClaimDocumentInput
from hozen.contract.reviews import LineDecisionInput, PaymentInput, ReasonInput
from hozen.contract.stress import StressTestInput
from hozen.domain.codes import InputCode, PricingCode, RecordKind, WorkflowCode
from hozen.domain.codes.risk import ConcentrationBy
from hozen.domain.errors import DomainError
from hozen.domain.policy import Policy
from hozen.domain.roles import Actor
from hozen.domain.states import InvoiceState
from hozen.formatting import japanese_date, yen
from hozen.policies import load_policy
from hozen.services import (
    applications,
    claims,
    concentration,
    discounts,
    guarantees,
    limits,
    portfolio,
    presenters,
    records,
    reports,
    reviews,
    stress,
)
from hozen.services.common import UnitOfWork
from hozen.services.eligibility_facts import debtor_status
from hozen.web import charts
from hozen.web.claim_page import claim_page
from hozen.web.common import (
    Command,
    Confirmation,
    FormErrors,
    act,
    business_today,
    confirmation,
    refusal,
    render,
    review_page,
    submit,
    templates,
)
from hozen.web.security import checked_form, page_actor, page_uow

router = APIRouter(include_in_schema=False)
GUARANTEE, PURCHASE, CLAIM, INVOICE = RecordKind.GUARANTEE, RecordKind.PURCHASE, RecordKind.CLAIM, RecordKind.INVOICE


@router.get("/staff", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        today = business_today(uow, request)
        policy = load_policy(request.app.state.settings.policy)
        context = {
            "queues": portfolio.work_queues(uow, actor, today),
            "debtors": reports.exposure_by_debtor(uow, actor, policy, today),
            "customers": reports.exposure_by_customer(uow, actor, policy, today),
            "debtor_status": {d.id: debtor_status(d, policy, today) for d in portfolio.debtors(uow, actor)},
        }
        waiting = limits.pending(uow, actor)
        context["limit_changes"] = waiting
        context["limit_company_names"] = {change.id: limits.company_name(uow, change) for change in waiting}
        context |= _concentration(uow, actor, policy, today)
        return render(request, "staff/dashboard.html", context)


CHARTED = (ConcentrationBy.GROUP, ConcentrationBy.PREFECTURE)


def _concentration(uow: UnitOfWork, actor: Actor, policy: Policy, today: dt.date) -> dict[str, Any]:
    """The concentration figures and the bar charts of the largest shares by group and by prefecture."""
    result = concentration.report(uow, actor, policy, today)
    charted = [d for d in result.dimensions if d.by in CHARTED and d.total]
    return {"concentration": result, "share_charts": [charts.share_bars(d) for d in charted]}


@router.get("/staff/guarantees", response_class=HTMLResponse)
def guarantee_list(request: Request, state: str | None = None) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        found = portfolio.guarantees_of(uow, actor, state or None)
        context = {"guarantees": found, "state": state or "", "parties": records.parties(uow, actor, GUARANTEE, found)}
        return render(request, "staff/guarantees.html", context)


@router.get("/staff/claims", response_class=HTMLResponse)
def claim_list(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        listed = portfolio.claims(uow, actor)
        found = [presenters.claim_out(c) for c in listed]
        return render(
            request, "staff/claims.html", {"claims": found, "parties": records.parties(uow, actor, CLAIM, listed)}
        )


@router.get("/staff/purchases", response_class=HTMLResponse)
def purchase_list(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        found = portfolio.purchases_of(uow, actor)
        context = {"purchases": found, "parties": records.parties(uow, actor, PURCHASE, found)}
        return render(request, "staff/purchases.html", context)


@router.get("/staff/reviews/{review_id}", response_class=HTMLResponse)
def review_screen(request: Request, review_id: int, rate: str = "") -> HTMLResponse:
    return review_page(request, review_id, "staff/review.html", rate=rate)


@router.get("/staff/reviews/{review_id}/lines/{line_id}/fee", response_class=HTMLResponse)
def live_fee(
    request: Request, review_id: int, line_id: int, rate: str = "", guaranteed_amount: str = ""
) -> HTMLResponse:
    """HTMX: the fee of a line at the rate and guaranteed amount being typed (blank: the most the line
    allows), as if applied today."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        review = reviews.get_review(uow, actor, review_id)
        line = next((candidate for candidate in review.lines if candidate.id == line_id), None)
        context: dict[str, Any] = {"quote": None, "error": ""}
        if line is not None and rate.strip():
            try:
                policy = load_policy(review.policy)
                today = business_today(uow, request)
                amount = guaranteed_amount.strip()
                typed = LineDecisionInput.model_validate(
                    {"accept": True, "guaranteed_amount": whole_number(amount) if amount else None}
                ).guaranteed_amount  # refused as the decision would refuse it
                chosen = typed if typed is not None else reviews.max_guaranteed_amount(line, today)
                start = reviews.planned_start(line, policy, today, review.product == reviews.PURCHASE)
                context["quote"] = reviews.price_line(policy, line, chosen, rate.strip(), start, today)
            except (DomainError, ValidationError) as error:
                context["error"] = refusal(error)
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
        amount = str(form.get("guaranteed_amount", "")).strip()
        data = LineDecisionInput.model_validate(
            {
                "accept": form.get("decision") == "accept",
                "rate": str(form.get("rate", "")).strip() or None,
                "guaranteed_amount": whole_number(amount) if amount else None,  # blank: the most the line allows
                "reason": str(form.get("reason", "")),
            }
        )
        reviews.decide_line(uow, actor, review_id, line_id, data, today=today)

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        refused = {"refused_line": line_id, "line_values": values, "line_errors": errors}
        return review_page(request, review_id, "staff/review.html", refused, status_code=422)

    to = f"/staff/reviews/{review_id}"
    return await submit(request, work, again, "明細の判断を保存しました。", to, LINE_FIELDS)


LINE_FIELDS: dict[str, str] = {
    WorkflowCode.DECLINE_REASON_REQUIRED: "reason",
    WorkflowCode.RATE_REQUIRED: "rate",
    WorkflowCode.GUARANTEED_AMOUNT_TOO_HIGH: "guaranteed_amount",
    PricingCode.RATE_OUT_OF_POLICY_RANGE: "rate",
    PricingCode.INVALID_RATE: "rate",
}
"""The refusals of a line's decision that concern one field of its form, shown beside it."""


@router.post("/staff/reviews/{review_id}/return", response_model=None)
async def return_review(request: Request, review_id: int) -> Response:
    """Back to the underwriter; without a reason the page comes back with the message by the field."""
    reason = str((await checked_form(request)).get("reason", ""))
    if not reason.strip():
        extra = {"return_error": WorkflowCode.RETURN_REASON_REQUIRED.message_ja(), "return_reason": reason}
        return review_page(request, review_id, "staff/review.html", extra, status_code=422)
    return await act(
        request,
        f"/staff/reviews/{review_id}",
        lambda uow, a, t, f: reviews.return_review(uow, a, review_id, ReasonInput(reason=reason).reason, today=t),
        "差し戻しました。",
    )


@router.post("/staff/reviews/{review_id}/{action}")
async def review_action(request: Request, review_id: int, action: str) -> Response:
    commands: dict[str, tuple[Command, str]] = {
        "submit": (lambda uow, a, t, f: reviews.submit_for_approval(uow, a, review_id, today=t), "決裁に回しました。"),
        "approve": (lambda uow, a, t, f: reviews.approve_review(uow, a, review_id, today=t), "承認しました。"),
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
        reason = str((await checked_form(request)).get("reason", ""))
        if reason.strip():  # without a reason the refusal comes at once, not after a confirmation
            asked = await confirmation(
                request, lambda uow, actor, form: _decline_facts(uow, actor, application_id, reason)
            )
            if asked is not None:
                return asked
        return await act(
            request,
            "/staff",
            lambda uow, a, t, f: applications.decline_held(uow, a, application_id, str(f.get("reason", "")), today=t),
            "保留中の申込を謝絶しました。",
        )
    return Response(status_code=404)


def _decline_facts(uow: UnitOfWork, actor: Actor, application_id: int, reason: str) -> Confirmation:
    application = applications.get_application(uow, actor, application_id)
    names = records.parties(uow, actor, RecordKind.APPLICATION, [application])[application.id]
    return Confirmation(
        "保留中の申込の謝絶",
        [
            ("申込", f"申込 {application.id}"),
            ("お客様", names.customer),
            ("注文者", names.debtor),
            ("金額", yen(application.amount)),
            ("謝絶理由", reason),
        ],
        "謝絶する",
        "/staff",
        "謝絶すると確保していた限度額を解放し、お客様に理由をお知らせします。取り消せません。",
    )


@router.get("/staff/invoices", response_class=HTMLResponse)
def invoices_page(request: Request) -> HTMLResponse:
    return _invoices(request)


def _invoices(
    request: Request, refused: int | None = None, values: dict[str, str] | None = None, errors: FormErrors | None = None
) -> HTMLResponse:
    """The open invoices; after a refused payment, that invoice's form with what was typed and why."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        found = [i for i in portfolio.invoices_of(uow, actor) if i.state == InvoiceState.OPEN]
        payers = records.parties(uow, actor, INVOICE, found)
        context = {
            "invoices": found,
            "parties": payers,
            "key": secrets.token_urlsafe(12),
            "refused": refused,
            "values": values or {},
            "errors": errors or {},
        }
        return render(request, "staff/invoices.html", context, status_code=422 if errors else 200)


PAYMENT_FIELDS: dict[str, str] = {
    WorkflowCode.PAYMENT_AMOUNT_MISMATCH: "amount",
    WorkflowCode.PAYMENT_IN_FUTURE: "received_on",
}
"""The payment refusals that concern one field of the form, shown beside it."""


@router.post("/staff/invoices/{invoice_id}/payment")
async def record_payment(request: Request, invoice_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> None:
        amount = whole_number(str(form.get("amount", "")).replace(",", "").strip())
        data = PaymentInput.model_validate(
            {
                "invoice_id": invoice_id,
                "amount": amount,
                "received_on": form.get("received_on") or None,
                "idempotency_key": form.get("idempotency_key", ""),
            }
        )
        guarantees.record_payment(uow, actor, data, today=today)

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        return _invoices(request, invoice_id, values, errors)

    return await submit(request, work, again, "入金を記録しました。", "/staff/invoices", PAYMENT_FIELDS)


@router.get("/staff/business-date", response_class=HTMLResponse)
def business_date_page(request: Request) -> HTMLResponse:
    """The business date and every change of it (administrators)."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        return render(request, "staff/business_date.html", {"history": records.business_date_history(uow, actor)})


@router.post("/staff/daily")
async def daily_run(request: Request) -> Response:
    def facts(uow: UnitOfWork, actor: Actor, form: Any) -> Confirmation:
        today = business_today(uow, request)
        what = [("業務日", japanese_date(today)), ("処理", "保証の効力発生・満期・失効、支払期限の近い請求のお知らせ")]
        return Confirmation("日次処理の実行", what, "日次処理を実行する", "/staff")

    asked = await confirmation(request, facts)
    if asked is not None:
        return asked
    return await act(
        request, "/staff", lambda uow, a, t, f: guarantees.run_daily(uow, a, today=t), "日次処理を実行しました。"
    )


@router.get("/staff/claims/{claim_id}", response_class=HTMLResponse)
def staff_claim(request: Request, claim_id: int) -> HTMLResponse:
    return claim_page(request, claim_id, staff=True)


@router.post("/staff/claims/{claim_id}/documents/{kind}/paper")
async def paper_received(request: Request, claim_id: int, kind: str) -> Response:
    """Receipt of a paper copy, confirmed by the staff member who holds it."""
    return await act(
        request,
        f"/staff/claims/{claim_id}",
        lambda uow, a, t, f: claims.confirm_paper(uow, a, claim_id, ClaimDocumentInput(kind=kind, received_on=t)),
        "紙の書類の受領を記録しました。",
    )


@router.post("/staff/claims/{claim_id}/{action}")
async def claim_action(request: Request, claim_id: int, action: str) -> Response:
    commands: dict[str, Command] = {
        "assess": lambda uow, a, t, f: claims.assess(uow, a, claim_id, today=t),
        "decide": lambda uow, a, t, f: claims.decide(uow, a, claim_id, today=t),
        "payout": lambda uow, a, t, f: claims.pay(uow, a, claim_id, t, today=t),
    }
    if action not in commands:
        return Response(status_code=404)
    if action == "payout":
        asked = await confirmation(request, lambda uow, actor, form: _payout_facts(request, uow, actor, claim_id))
        if asked is not None:
            return asked
    return await act(request, f"/staff/claims/{claim_id}", commands[action])


def _payout_facts(request: Request, uow: UnitOfWork, actor: Actor, claim_id: int) -> Confirmation:
    """The payout as it will be made: to whom, how much, on which day; a discounted note is set off."""
    claim = claims.get_claim(uow, actor, claim_id)
    names = records.parties(uow, actor, CLAIM, [claim])[claim.id]
    facts = [
        ("請求", f"保証履行請求 {claim.id}"),
        ("お客様（お支払先）", names.customer),
        ("注文者", names.debtor),
        ("支払額", yen(claim.payable or 0)),
        ("支払日", japanese_date(business_today(uow, request))),
    ]
    warning = "支払を記録すると、債権はお客様から当社に移ります（代位）。取り消せません。"
    if discounts.of_guarantee(uow.session, claim.guarantee_id) is not None:
        warning = "この手形は割引済みのため、現金の支払ではなく買戻請求権との相殺になります。取り消せません。"
    return Confirmation(
        "保証履行の支払", facts, f"{yen(claim.payable or 0)}の支払を記録する", f"/staff/claims/{claim_id}", warning
    )


MAX_SCENARIO_TEXT = 500
RANKED_ON_PAGE = 10


def _stress_input(today: dt.date, day: str, scenarios: str, share: str) -> StressTestInput:
    """The form's values as the API's input: scenarios separated by ``;``, debtors of one scenario by ``,``."""
    if len(scenarios) > MAX_SCENARIO_TEXT:
        raise DomainError(InputCode.TEXT_TOO_LONG, {"limit": MAX_SCENARIO_TEXT})
    debtor_lists = [
        [int(token) if token.strip().isdigit() else token.strip() for token in part.split(",") if token.strip()]
        for part in scenarios.replace("；", ";").replace("、", ",").split(";")
        if part.strip()
    ]
    return StressTestInput.model_validate(
        {
            "date": day or today.isoformat(),
            "scenarios": [{"debtor_ids": debtors} for debtors in debtor_lists],
            "unpaid_share": share or "1",
            "each_debtor": True,
            "top": RANKED_ON_PAGE,
        }
    )


@router.get("/staff/risk", response_class=HTMLResponse)
def risk_page(request: Request, date: str = "", scenarios: str = "", share: str = "1") -> HTMLResponse:
    """Stress tests: the debtors of each scenario fail together on the date; every debtor alone, ranked."""
    actor = page_actor(request)
    form = {"date": date, "scenarios": scenarios, "share": share}
    with page_uow(request) as uow:
        today = business_today(uow, request)
        debtors = portfolio.debtors(uow, actor)
        context: dict[str, Any] = {"form": form, "today": today, "result": None, "debtors": debtors}
        context |= _concentration(uow, actor, _policy(request), today)
        try:
            result = stress.run(uow, actor, _stress_input(today, date, scenarios, share), _policy(request))
            context |= {"result": result, "chart": charts.loss_bars(result.each_debtor or [])}
        except (ValidationError, DomainError) as error:
            context["error"] = refusal(error)
        return render(request, "staff/risk.html", context, status_code=422 if "error" in context else 200)


@router.get("/staff/risk.xlsx")
def risk_workbook(request: Request, date: str = "", scenarios: str = "", share: str = "1") -> Response:
    """The same result as an Excel sheet."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        data = _stress_input(business_today(uow, request), date, scenarios, share)
        result = stress.run(uow, actor, data, _policy(request))
    return Response(
        stress.table(result).xlsx(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="stress-test-{data.date.isoformat()}.xlsx"'},
    )


def _policy(request: Request) -> Policy:
    return load_policy(request.app.state.settings.policy)
