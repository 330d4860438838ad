"""Staff pages of money going out (SPEC §16): the day's transfers and the customers' payout accounts.

/staff/transfers lists what is due on a date (payable, and blocked with the reason), makes the 全銀
file (after a confirmation) and lists the earlier files, each downloadable again through the API.
/staff/customers/{id}/bank-account shows and edits a customer's payout account, with each refusal
beside its field and the typed values kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from hozen.contract.base import FIRST_YEAR, LAST_YEAR
from hozen.contract.transfers import BankAccountInput
from hozen.domain.codes import AccountType, InputCode
from hozen.domain.errors import DomainError
from hozen.services import presenters, registration, transfers
from hozen.web.common import business_today, field_messages, flash, refusal, render
from hozen.web.security import checked_form, page_actor, page_uow

router = APIRouter(include_in_schema=False)
ACCOUNT_FIELDS = tuple(BankAccountInput.model_fields)


def _day(text: str, today: dt.date) -> dt.date:
    if not text:
        return today
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError(InputCode.DATE_INVALID) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DomainError(InputCode.DATE_OUT_OF_RANGE, {"first": FIRST_YEAR, "last": LAST_YEAR})
    return day


@router.get("/staff/transfers", response_class=HTMLResponse)
def transfers_page(request: Request, date: str = "", download: int | None = None) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        today = business_today(uow, request)
        context: dict[str, Any] = {"date": date or today.isoformat(), "due": None, "download": download}
        try:
            day = _day(date, today)
            context["due"] = transfers.due(uow, actor, day)
        except DomainError as error:
            context["error"] = refusal(error)
        context["exports"] = [presenters.transfer_export_out(e) for e in transfers.exports(uow, actor)]
        return render(request, "staff/transfers.html", context, status_code=422 if "error" in context else 200)


@router.post("/staff/transfers/export")
async def export(request: Request) -> Response:
    """Make the file; the page it returns to downloads it at once (and keeps a link to it)."""
    form = await checked_form(request)
    actor = page_actor(request)
    date = str(form.get("date", ""))
    originator = request.app.state.settings.zengin_originator()

    def run() -> tuple[int, int, int]:
        with page_uow(request, write=True) as uow:
            day = _day(date, business_today(uow, request))
            record = transfers.export(uow, actor, day, originator)
            return record.id, record.count, record.total

    try:
        export_id, count, total = await run_in_threadpool(run)
    except DomainError as error:
        flash(request, refusal(error), "error")
        return RedirectResponse(f"/staff/transfers?date={date}", status_code=303)
    flash(request, f"総合振込データを作成しました（{count}件、合計 {total:,}円）。ダウンロードが始まります。")
    return RedirectResponse(f"/staff/transfers?date={date}&download={export_id}", status_code=303)


def _account_page(
    request: Request, customer_id: int, form: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        customer = registration.get_customer(uow, actor, customer_id)
        found = transfers.find_bank_account(uow, actor, customer_id)
        account = presenters.bank_account_out(found) if found else None
        typed = form if form is not None else (account.model_dump() if account else {})
        context = {
            "customer": customer,
            "account": account,
            "form": {name: typed.get(name, "") for name in ACCOUNT_FIELDS},
            "errors": errors or {},
            "account_types": list(AccountType),
        }
        return render(request, "staff/bank_account.html", context, status_code=422 if errors else 200)


@router.get("/staff/customers/{customer_id}/bank-account", response_class=HTMLResponse)
def bank_account_page(request: Request, customer_id: int) -> HTMLResponse:
    return _account_page(request, customer_id)


@router.post("/staff/customers/{customer_id}/bank-account", response_class=HTMLResponse)
async def save_bank_account(request: Request, customer_id: int) -> Response:
    posted = await checked_form(request)
    form = {name: str(posted.get(name, "")) for name in ACCOUNT_FIELDS}
    actor = page_actor(request)

    def run() -> None:
        with page_uow(request, write=True) as uow:
            data = BankAccountInput.model_validate(form)
            transfers.set_bank_account(uow, actor, customer_id, data, today=business_today(uow, request))

    try:
        await run_in_threadpool(run)
    except ValidationError as error:
        return _account_page(request, customer_id, form, field_messages(error))
    except DomainError as error:
        if error.status == 404:
            raise
        return _account_page(request, customer_id, form, {"_": refusal(error)})
    flash(request, "振込先口座を保存しました。")
    return RedirectResponse(f"/staff/customers/{customer_id}/bank-account", status_code=303)
