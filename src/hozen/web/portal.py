"""The customer portal (/portal): review requests, applications, the frame simulation, claims.

A customer sees only its own work: the services filter by the logged-in actor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from hozen.contract.claims import ClaimFilingInput
from hozen.contract.frame_simulations import FrameSimulationInput
from hozen.contract.reviews import ReceivableLineInput
from hozen.domain.claim_documents import MAX_FILE_BYTES
from hozen.domain.codes import ClaimCode, CompanyCode, InputCode, WorkflowCode
from hozen.domain.errors import DomainError
from hozen.domain.policy import Product, Trigger
from hozen.domain.roles import Actor, Role
from hozen.formatting import japanese_date, label, yen
from hozen.policies import load_policy
from hozen.services import (
    applications,
    claims,
    densai,
    frame_simulation,
    guarantees,
    portfolio,
    presenters,
    reviews,
    transfers,
)
from hozen.services.common import UnitOfWork
from hozen.services.imports import import_error, parse_receivable_lines
from hozen.web.charts import balance_chart
from hozen.web.claim_page import claim_page
from hozen.web.common import (
    Confirmation,
    FormErrors,
    act,
    business_today,
    confirmation,
    field_messages,
    flash,
    refusal,
    render,
    review_page,
    submit,
)
from hozen.web.security import checked_form, page_actor, page_uow

router = APIRouter(include_in_schema=False)


@router.get("/portal", response_class=HTMLResponse)
def portal_home(request: Request) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        context = {
            "reviews": [presenters.review_out(r) for r in portfolio.review_requests(uow, actor)],
            "invoices": portfolio.invoices_of(uow, actor),
            "guarantees": portfolio.guarantees_of(uow, actor),
            "claims": [presenters.claim_out(c) for c in portfolio.claims(uow, actor)],
            "account": transfers.find_bank_account(uow, actor, actor.customer_id) if actor.customer_id else None,
        }
        return render(request, "portal/home.html", context)


@router.get("/portal/reviews/new", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    page_actor(request)
    return _upload_page(request, {"rows": [], "fields": {}, "form": {}})


@router.post("/portal/reviews/new", response_class=HTMLResponse, response_model=None)
async def upload(request: Request) -> Response:
    """A review request from a spreadsheet (or the one-line form); bad rows are shown row by row and
    nothing is imported."""
    form = await checked_form(request)
    actor = page_actor(request)
    upload_file = form.get("file")
    purchase = form.get("purchase") == "on"
    densai_file = form.get("format") == "densai"
    content: bytes | None = None
    try:
        content, filename = await _uploaded(upload_file)
        if densai_file:
            mapping = densai.load_mapping((await _uploaded(form.get("mapping")))[0])
            if content is None:
                raise import_error("no_file")
        elif content is not None:
            lines = parse_receivable_lines(content, filename)
        else:
            lines = [_typed_line(form)]
        customer_id = actor.customer_id if actor.role is Role.CUSTOMER else _customer_id(form)

        def submit() -> int:
            with page_uow(request, write=True) as uow:
                today = business_today(uow, request)
                policy = request.app.state.settings.policy
                if densai_file and content is not None:
                    review = densai.import_densai(
                        uow,
                        actor,
                        customer_id or 0,
                        content,
                        mapping,
                        today=today,
                        policy_name=policy,
                        purchase=purchase,
                        filename=filename,
                    )
                else:
                    review = reviews.submit_review_request(
                        uow, actor, customer_id or 0, lines, today=today, policy_name=policy, purchase=purchase
                    )
                return review.id

        review_id = await run_in_threadpool(submit)
    except DomainError as error:
        typed_line = content is None and not densai_file
        if typed_line and error.code is CompanyCode.UNKNOWN_DEBTOR:  # the one-line form: beside its field
            fields = {"debtor_corporate_number": error.message_ja}
            context = {"error": _CHECK_FIELDS, "rows": [], "fields": fields, "form": _typed(form)}
            return _upload_page(request, context, status_code=422)
        return _upload_page(
            request,
            {"error": error.message_ja, "rows": error.context.get("rows", []), "form": _typed(form)},
            status_code=422,
        )
    except ValidationError as error:
        context = {"error": _CHECK_FIELDS, "rows": [], "fields": field_messages(error), "form": dict(form)}
        return _upload_page(request, context, status_code=422)
    except _NoCustomerChosen:
        fields = {"customer_id": InputCode.NOT_AN_INTEGER.message_ja()}
        context = {"error": _CHECK_FIELDS, "rows": [], "fields": fields, "form": dict(form)}
        return _upload_page(request, context, status_code=422)
    flash(request, "審査依頼を受け付けました。料率を入力すると、保証料と限度額の見込みをご覧いただけます。")
    return RedirectResponse(f"/portal/reviews/{review_id}", status_code=303)


RECEIVABLE_KINDS = [(kind.value, kind.label) for kind in (Product.NOTE, Product.AR, Product.ERECORD)]
"""The kinds of the one-line form, by the names people read."""


def _upload_page(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return render(request, "portal/upload.html", {"kinds": RECEIVABLE_KINDS, **context}, status_code=status_code)


_CHECK_FIELDS = InputCode.INVALID_INPUT.message_ja({"variant": "beside_fields"})  # each field says what


def _typed(form: Any) -> dict[str, str]:
    """What was typed or chosen in the form, kept when it is shown again (not the files)."""
    return {name: value for name, value in form.items() if isinstance(value, str) and name != "csrf"}


async def _uploaded(field: Any) -> tuple[bytes | None, str]:
    """A chosen file's bytes and name; ``None`` when no file was chosen."""
    if isinstance(field, UploadFile) and field.filename:
        return await field.read(), field.filename
    return None, ""


class _NoCustomerChosen(Exception):
    """Staff uploading for a customer left its id empty or typed something that is not one."""


def _customer_id(form: Any) -> int:
    raw = str(form.get("customer_id", "")).strip()
    if not raw.isdecimal() or len(raw) > 18:
        raise _NoCustomerChosen
    return int(raw)


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
def portal_review(request: Request, review_id: int, rate: str = "") -> HTMLResponse:
    return review_page(request, review_id, "portal/review.html", rate=rate)


@router.post("/portal/reviews/{review_id}/apply")
async def portal_apply(request: Request, review_id: int) -> Response:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        chosen = [int(value) for value in form.getlist("line_ids")]
        if not chosen:
            raise DomainError(WorkflowCode.NO_LINES_CHOSEN)
        applications.apply(uow, actor, review_id, chosen, today=today, idempotency_key=str(form.get("key", "")) or None)
        return "/portal"

    return await act(
        request, f"/portal/reviews/{review_id}", work, "お申込みを受け付けました。請求書をご確認ください。"
    )


def _number_or_text(value: object) -> int | str:
    """A whole number as typed, 月末 as the month's end, or the text itself for the validation to name."""
    text = str(value or "").strip()
    if text == MONTH_END_WORD:
        return "month_end"
    return int(text) if text.isdigit() else text


MONTH_END_WORD = "月末"


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
        with page_uow(request) as uow:
            context["chart"] = balance_chart(context["result"], business_today(uow, request))
    except (ValidationError, DomainError) as error:
        context["error"] = refusal(error)
    return render(request, "portal/simulate.html", context, status_code=422 if "error" in context else 200)


@router.get("/portal/guarantees/{guarantee_id}", response_class=HTMLResponse)
def portal_guarantee(request: Request, guarantee_id: int) -> HTMLResponse:
    return _guarantee_page(request, guarantee_id)


def _guarantee_page(
    request: Request, guarantee_id: int, values: dict[str, str] | None = None, errors: FormErrors | None = None
) -> HTMLResponse:
    """A guarantee; after a refused claim, its claim form with what was typed and each message beside its field."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        guarantee = presenters.guarantee_out(guarantees.get_guarantee(uow, actor, guarantee_id))
        policy = load_policy(request.app.state.settings.policy)
        triggers = [(t.value, t.label) for t in Trigger if t in policy.triggers]
        numbered = guarantee.reference and guarantee.product != Product.FRAME.value
        number_label = presenters.receivable_number_label(guarantee.product) if numbered else ""
        context = {
            "guarantee": guarantee,
            "triggers": triggers,
            "number_label": number_label,
            "values": values or {},
            "errors": errors or {},
        }
        return render(request, "portal/guarantee.html", context, status_code=422 if errors else 200)


def _filing(guarantee_id: int, form: Any) -> ClaimFilingInput:
    return ClaimFilingInput.model_validate(
        {
            "guarantee_id": guarantee_id,
            "trigger": form.get("trigger", ""),
            "event_date": form.get("event_date") or "",
            "note": form.get("note", ""),
        }
    )


@router.post("/portal/guarantees/{guarantee_id}/claims")
async def file_claim(request: Request, guarantee_id: int) -> Response:
    """A claim, once confirmed (a form that does not validate, or dates its event in the future, goes
    straight to its message)."""
    try:
        filing: ClaimFilingInput | None = _filing(guarantee_id, await checked_form(request))
    except ValidationError:
        filing = None
    if filing is not None:
        with page_uow(request) as uow:
            if filing.event_date > business_today(uow, request):
                filing = None  # refused beside its field at once, not after a confirmation
    if filing is not None:
        asked = await confirmation(request, lambda uow, actor, form: _claim_facts(uow, actor, filing))
        if asked is not None:
            return asked

    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        return f"/portal/claims/{claims.file_claim(uow, actor, _filing(guarantee_id, form), today=today).id}"

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        return _guarantee_page(request, guarantee_id, values, errors)

    return await submit(request, work, again, "保証履行のご請求を受け付けました。", lambda path: path, CLAIM_FIELDS)


CLAIM_FIELDS: dict[str, str] = {ClaimCode.EVENT_IN_FUTURE: "event_date"}
"""The claim refusals that concern one field of the form, shown beside it."""


def _claim_facts(uow: UnitOfWork, actor: Actor, filing: ClaimFilingInput) -> Confirmation:
    """The claim as it will be filed, in the words of the form."""
    guarantee = guarantees.get_guarantee(uow, actor, filing.guarantee_id)
    facts = [
        ("保証", guarantee.certificate_number or f"保証 {guarantee.id}"),
        ("保証金額", yen(guarantee.amount)),
        ("保証事由", label(filing.trigger.value, "trigger")),
        ("発生日", japanese_date(filing.event_date)),
        ("経緯", filing.note or "（なし）"),
    ]
    warning = "請求すると保証は履行請求中となり、必要書類のご提出をお願いします。"
    back = f"/portal/guarantees/{guarantee.id}"
    return Confirmation("保証履行のご請求", facts, "この内容で請求する", back, warning)


@router.get("/portal/claims/{claim_id}", response_class=HTMLResponse)
def portal_claim(request: Request, claim_id: int) -> HTMLResponse:
    return claim_page(request, claim_id, staff=False)


@router.post("/portal/claims/{claim_id}/documents", response_model=None)
async def claim_document(request: Request, claim_id: int) -> Response:
    """The file of one document; a refused file comes back as a message beside its row."""
    form = await checked_form(request)
    actor = page_actor(request)
    kind, upload = str(form.get("kind", "")), form.get("file")
    name = upload.filename or "" if isinstance(upload, UploadFile) else ""

    def run() -> None:
        content = upload.file.read(MAX_FILE_BYTES + 1) if isinstance(upload, UploadFile) else b""
        with page_uow(request, write=True) as uow:
            claims.upload_document(uow, actor, claim_id, kind, name, content, today=business_today(uow, request))

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        if error.status != 422:
            raise
        extra = {"document_errors": {kind: error.message_ja}}
        return claim_page(request, claim_id, staff=False, extra=extra, status_code=422)
    flash(request, "書類のファイルを受け付けました。")
    return RedirectResponse(f"/portal/claims/{claim_id}", status_code=303)
