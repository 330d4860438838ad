"""Customers and debtors in the staff pages (/staff/customers, /staff/debtors): lists, a page per
company, registering and editing them, registration documents, limit changes with four eyes, and the
held application a limit change releases (/staff/applications/{id}/held).

Every form keeps what was typed when it is refused and shows each message beside its field
(:func:`hozen.web.common.submit`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hozen.contract.base import MAX_ID, whole_number
from hozen.contract.companies import (
    CustomerInput,
    CustomerUpdate,
    DebtorClassificationInput,
    DebtorInput,
    DebtorUpdate,
    DocumentInput,
    LimitInput,
)
from hozen.domain import registration as reg
from hozen.domain.codes import CompanyCode, WorkflowCode
from hozen.domain.codes.risk import ConcentrationCode, Prefecture, Trade
from hozen.domain.eligibility import SanctionKind
from hozen.domain.roles import Actor, Permission
from hozen.domain.states import Entity
from hozen.policies import load_policy
from hozen.services import applications, companies, limits, registration
from hozen.services.common import UnitOfWork, not_found
from hozen.web.common import FormErrors, business_today, render, submit
from hozen.web.security import page_actor, page_uow

router = APIRouter(include_in_schema=False)

KINDS = {"customers": Entity.CUSTOMER, "debtors": Entity.DEBTOR}
PATHS = {entity: f"/staff/{kind}" for kind, entity in KINDS.items()}
ON_FIELD = {
    CompanyCode.DUPLICATE_CORPORATE_NUMBER.value: "corporate_number",
    CompanyCode.INVALID_CORPORATE_NUMBER.value: "corporate_number",
    CompanyCode.REASON_REQUIRED.value: "reason",
    CompanyCode.UNKNOWN_DOCUMENT_KIND.value: "kind",
    ConcentrationCode.DEBTOR_GROUP_NAME_CONFLICT.value: "group_name",
    ConcentrationCode.DEBTOR_GROUP_INCOMPLETE.value: "group_name",
}
"""Refusals about one field, shown beside it."""


def _id(text: str, entity: Entity) -> int:
    if not text.isdecimal() or len(text) > 10 or not 1 <= int(text) <= MAX_ID:
        raise not_found(entity, text[:20])
    return int(text)


def _policy(request: Request) -> Any:
    return load_policy(request.app.state.settings.policy)


# --- a form's text as the contract's values --------------------------------------------------------


def _number(text: str) -> int | str | None:
    return None if not text.strip() else whole_number(text)


def _day(text: str) -> str | None:
    return text.strip() or None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


_SANCTION_KINDS = {kind.label: kind.value for kind in SanctionKind}


def _sanction(line: str) -> dict[str, Any]:
    """``営業停止 2026-04-01 2026-06-30`` (the end may be left out)."""
    parts = line.replace("〜", " ").split()
    kind = _SANCTION_KINDS.get(parts[0], parts[0]) if parts else ""
    return {"kind": kind, "from": parts[1] if len(parts) > 1 else "", "to": parts[2] if len(parts) > 2 else None}


def _filing(line: str) -> dict[str, Any]:
    """``2026-04-01 民事再生 終結`` (the kind and 終結 may be left out)."""
    parts = line.split()
    concluded = "終結" in parts[1:]
    kind = " ".join(part for part in parts[1:] if part != "終結")
    return {"date": parts[0] if parts else "", "kind": kind, "concluded": concluded}


def _flag(form: FormData | dict[str, str], name: str) -> bool:
    return form.get(name) == "on"


def _customer_values(form: FormData | dict[str, str]) -> dict[str, Any]:
    text = {key: str(form.get(key, "")) for key in ("name", "corporate_number", "licence_number", "sanctions")}
    return {
        "name": text["name"].strip(),
        "corporate_number": text["corporate_number"],
        "licence_number": text["licence_number"].strip(),
        "capital": _number(str(form.get("capital", ""))),
        "employees": _number(str(form.get("employees", ""))),
        "direct": _flag(form, "direct"),
        "sanctions": [_sanction(line) for line in _lines(text["sanctions"])],
    }


def _debtor_values(form: FormData | dict[str, str]) -> dict[str, Any]:
    return {
        "name": str(form.get("name", "")).strip(),
        "corporate_number": str(form.get("corporate_number", "")),
        "densai_user_number": str(form.get("densai_user_number", "")).strip() or None,
        "net_assets": _number(str(form.get("net_assets", ""))),
        "review_base_date": _day(str(form.get("review_base_date", ""))),
        "public_works_orders": _lines(str(form.get("public_works_orders", "")).replace("、", "\n")),
        "insolvency_filings": [_filing(line) for line in _lines(str(form.get("insolvency_filings", "")))],
        "trading_suspended": _flag(form, "trading_suspended"),
        "dishonoured": _flag(form, "dishonoured"),
        "unsound": _flag(form, "unsound"),
    }


CLASSIFICATION = ("group_code", "group_name", "prefecture", "trade")
"""A debtor's classification in the concentration report: a blank field clears it."""


def _classification(form: FormData | dict[str, str]) -> dict[str, str | None]:
    return {name: str(form.get(name, "")).strip() or None for name in CLASSIFICATION}


VALUES: dict[Entity, Callable[[FormData | dict[str, str]], dict[str, Any]]] = {
    Entity.CUSTOMER: _customer_values,
    Entity.DEBTOR: _debtor_values,
}


def _typed(entity: Entity, company: Any) -> dict[str, str]:
    """A registered company as its edit form shows it."""
    if entity is Entity.CUSTOMER:
        return {
            "name": company.name,
            "corporate_number": company.corporate_number,
            "licence_number": company.licence_number,
            "capital": str(company.capital),
            "employees": str(company.employees),
            "direct": "on" if company.direct else "",
            "sanctions": "\n".join(
                " ".join(filter(None, (SanctionKind.label_of(s.kind), str(s.from_date), str(s.to_date or ""))))
                for s in company.sanctions
            ),
        }
    return {
        "name": company.name,
        "corporate_number": company.corporate_number,
        "densai_user_number": company.densai_user_number or "",
        "net_assets": "" if company.net_assets is None else str(company.net_assets),
        "review_base_date": str(company.review_base_date or ""),
        "public_works_orders": "\n".join(str(o.ordered_on) for o in company.public_works_orders),
        "insolvency_filings": "\n".join(
            " ".join(filter(None, (str(f.filed_on), f.kind, "終結" if f.concluded else "")))
            for f in company.insolvency_filings
        ),
        "trading_suspended": "on" if company.trading_suspended else "",
        "dishonoured": "on" if company.dishonoured else "",
        "unsound": "on" if company.unsound else "",
        **{name: getattr(company, name) or "" for name in CLASSIFICATION},
    }


# --- lists and pages ------------------------------------------------------------------------------


def _listing(request: Request, entity: Entity, q: str, page: str) -> HTMLResponse:
    actor = page_actor(request)
    number = int(page) if page.isdecimal() and len(page) < 6 else 1
    with page_uow(request) as uow:
        today = business_today(uow, request)
        listing = companies.search(uow, actor, entity, q, number, _policy(request), today)
        context = {"entity": entity, "listing": listing, "q": q[: companies.MAX_QUERY], "base": PATHS[entity]}
        return render(request, "staff/companies.html", context)


def company_page(
    request: Request,
    entity: Entity,
    company_id: int,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> HTMLResponse:
    """A company's page; after a refused limit change or document, with what was typed and why."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        today = business_today(uow, request)
        page = companies.company_page(uow, actor, entity, company_id, _policy(request), today)
        context = {
            "page": page,
            "base": PATHS[entity],
            "values": values or {},
            "errors": errors or {},
            "document_kinds": list(reg.DocumentKind),
            "names": _requesters(uow, page.changes),
        }
        return render(request, "staff/company.html", context, status_code=422 if errors else 200)


def _requesters(uow: UnitOfWork, changes: Any) -> dict[int, str]:
    return limits.people(uow, changes)


def _form_page(
    request: Request,
    entity: Entity,
    company_id: int | None,
    values: dict[str, str],
    errors: FormErrors,
) -> HTMLResponse:
    context = {
        "entity": entity,
        "company_id": company_id,
        "base": PATHS[entity],
        "values": values,
        "errors": errors,
        "prefectures": list(Prefecture),
        "trades": list(Trade),
    }
    return render(request, "staff/company_form.html", context, status_code=422 if errors else 200)


def _create(entity: Entity) -> Callable[[UnitOfWork, Actor, dt.date, Any], str]:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        data = {**VALUES[entity](form), "own_limit": _number(str(form.get("own_limit", "")))}
        if entity is Entity.CUSTOMER:
            created = registration.create_customer(uow, actor, CustomerInput.model_validate(data), today=today).id
        else:
            debtor = DebtorInput.model_validate({**data, **_classification(form)})
            created = registration.create_debtor(uow, actor, debtor, today=today).id
        return f"{PATHS[entity]}/{created}"

    return work


def _update(entity: Entity, company_id: int) -> Callable[[UnitOfWork, Actor, dt.date, Any], str]:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        data = {**VALUES[entity](form), "reason": str(form.get("reason", ""))}
        if entity is Entity.CUSTOMER:
            registration.update_customer(uow, actor, company_id, CustomerUpdate.model_validate(data), today=today)
        else:
            update = DebtorUpdate.model_validate(data)
            classification = DebtorClassificationInput.model_validate(_classification(form))
            registration.update_debtor(uow, actor, company_id, update, today=today, classification=classification)
        return f"{PATHS[entity]}/{company_id}"

    return work


def _limit_work(
    request: Request, entity: Entity, company_id: int, application_id: int | None = None
) -> Callable[[UnitOfWork, Actor, dt.date, Any], limits.LimitOutcome]:
    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> limits.LimitOutcome:
        data = LimitInput.model_validate(
            {"own_limit": _number(str(form.get("own_limit", ""))), "reason": str(form.get("reason", ""))}
        )
        return limits.change_limit(
            uow, actor, entity, company_id, data.own_limit, reason=data.reason, policy=_policy(request), today=today,
            application_id=application_id,
        )  # fmt: skip

    return work


def _limit_done(outcome: limits.LimitOutcome) -> str:
    if outcome.pending is not None:
        return f"限度額の変更を依頼しました（依頼 {outcome.pending.id}）。別の決裁者が承認すると限度額が変わります。"
    return "限度額を変更しました。"


def _install(kind: str, entity: Entity) -> None:
    base = PATHS[entity]

    def listing(request: Request, q: str = "", page: str = "1") -> HTMLResponse:
        return _listing(request, entity, q, page)

    def new_form(request: Request) -> HTMLResponse:
        page_actor(request).require(Permission.MANAGE_COMPANIES)
        return _form_page(request, entity, None, {"direct": "on"} if entity is Entity.CUSTOMER else {}, {})

    async def create(request: Request) -> Response:
        def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
            return _form_page(request, entity, None, values, errors)

        return await submit(request, _create(entity), again, "登録しました。", lambda path: path, ON_FIELD)

    def detail(request: Request, company_id: str) -> HTMLResponse:
        return company_page(request, entity, _id(company_id, entity))

    def edit_form(request: Request, company_id: str) -> HTMLResponse:
        actor = page_actor(request)
        actor.require(Permission.MANAGE_COMPANIES)
        number = _id(company_id, entity)
        with page_uow(request) as uow:
            company = companies.company_page(
                uow, actor, entity, number, _policy(request), business_today(uow, request)
            ).company
            return _form_page(request, entity, number, _typed(entity, company), {})

    async def update(request: Request, company_id: str) -> Response:
        number = _id(company_id, entity)

        def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
            return _form_page(request, entity, number, values, errors)

        return await submit(
            request, _update(entity, number), again, "登録内容を変更しました。", f"{base}/{number}", ON_FIELD
        )

    async def change_limit(request: Request, company_id: str) -> Response:
        number = _id(company_id, entity)

        def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
            return company_page(request, entity, number, values, errors)

        work = _limit_work(request, entity, number)
        return await submit(request, work, again, _limit_done, f"{base}/{number}", ON_FIELD)

    router.add_api_route(base, listing, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"{base}/new", new_form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"{base}/new", create, methods=["POST"])
    router.add_api_route(f"{base}/{{company_id}}", detail, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"{base}/{{company_id}}/edit", edit_form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"{base}/{{company_id}}/edit", update, methods=["POST"])
    router.add_api_route(f"{base}/{{company_id}}/limit", change_limit, methods=["POST"])


for _kind, _entity in KINDS.items():
    _install(_kind, _entity)


@router.post("/staff/customers/{company_id}/documents")
async def add_document(request: Request, company_id: str) -> Response:
    number = _id(company_id, Entity.CUSTOMER)

    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> None:
        data = DocumentInput.model_validate(
            {
                "kind": str(form.get("kind", "")),
                "issue_date": _day(str(form.get("issue_date", ""))),
                "received_on": str(form.get("received_on", "")),
            }
        )
        registration.add_document(uow, actor, number, data, today=today)

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        return company_page(request, Entity.CUSTOMER, number, values, errors)

    path = f"{PATHS[Entity.CUSTOMER]}/{number}"
    return await submit(request, work, again, "登録書類を記録しました。", path, ON_FIELD)


# --- limit changes waiting for a second person ------------------------------------------------------


def _change_page(
    request: Request, change_id: int, errors: FormErrors | None = None, values: Any = None
) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        change = limits.get_change(uow, actor, change_id)
        context = {
            "change": change,
            "company": limits.company_name(uow, change),
            "company_path": f"{PATHS[Entity(change.company)]}/{change.company_id}",
            "names": _requesters(uow, [change]),
            "mine": change.requested_by == actor.user_id,
            "errors": errors or {},
            "values": values or {},
        }
        return render(request, "staff/limit_change.html", context, status_code=422 if errors else 200)


@router.get("/staff/limit-changes/{change_id}", response_class=HTMLResponse)
def limit_change(request: Request, change_id: str) -> HTMLResponse:
    return _change_page(request, _id(change_id, Entity.LIMIT_CHANGE))


def _decided(decided: limits.Decided) -> str:
    text = f"限度額の変更（依頼 {decided.change.id}）を承認しました。"
    if decided.released is not None:
        text += f"保留中の申込 {decided.released.id} を確保しました。"
    elif decided.change.application_id is not None:
        text += f"申込 {decided.change.application_id} はまだ限度額を超えるため保留のままです。"
    return text


@router.post("/staff/limit-changes/{change_id}/{action}")
async def decide_limit_change(request: Request, change_id: str, action: str) -> Response:
    number = _id(change_id, Entity.LIMIT_CHANGE)

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        return _change_page(request, number, errors, values)

    four_eyes = {WorkflowCode.FOUR_EYES_REQUIRED.value: ""}
    if action == "approve":
        return await submit(
            request,
            lambda uow, a, t, f: limits.approve(uow, a, number, today=t, reason=str(f.get("reason", ""))),
            again, _decided, "/staff", {**ON_FIELD, **four_eyes},
        )  # fmt: skip
    if action == "reject":
        return await submit(
            request,
            lambda uow, a, t, f: limits.reject(uow, a, number, str(f.get("reason", "")), today=t),
            again, f"限度額の変更（依頼 {number}）を否決しました。", "/staff", {**ON_FIELD, **four_eyes},
        )  # fmt: skip
    return Response(status_code=404)


# --- a held application: why, the limit change that releases it, the release ----------------------


def held_page(
    request: Request, application_id: int, values: dict[str, str] | None = None, errors: FormErrors | None = None
) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        today = business_today(uow, request)
        view = limits.held_view(uow, actor, application_id, today)
        context = {"view": view, "paths": PATHS, "values": values or {}, "errors": errors or {}}
        return render(request, "staff/held.html", context, status_code=422 if errors else 200)


@router.get("/staff/applications/{application_id}/held", response_class=HTMLResponse)
def held(request: Request, application_id: str) -> HTMLResponse:
    return held_page(request, _id(application_id, Entity.APPLICATION))


@router.post("/staff/applications/{application_id}/limit/{kind}")
async def raise_for_held(request: Request, application_id: str, kind: str) -> Response:
    """Change the limit that holds the application; when it takes effect at once and the application
    then fits, release it in the same step (both recorded). Above the four-eyes amount the release
    waits for the approval."""
    number = _id(application_id, Entity.APPLICATION)
    entity = KINDS.get(kind)
    if entity is None:
        return Response(status_code=404)

    def work(uow: UnitOfWork, actor: Actor, today: dt.date, form: Any) -> str:
        company_id = str(form.get("company_id", ""))
        outcome = _limit_work(request, entity, _id(company_id, entity), number)(uow, actor, today, form)
        if outcome.pending is not None:
            return _limit_done(outcome) + "承認されると申込は自動で確保されます。"
        application = applications.held_application(uow, number)
        if application.state == "held" and not applications.held_breaches(uow.session, application, today):
            applications.release(uow, actor, application, today=today)
            uow.commit()
            return f"限度額を変更し、申込 {number} を確保しました。"
        return "限度額を変更しました。申込はまだ保留中です。"

    def again(values: dict[str, str], errors: FormErrors) -> HTMLResponse:
        return held_page(request, number, values, errors)

    return await submit(request, work, again, lambda text: text, f"/staff/applications/{number}/held", ON_FIELD)
