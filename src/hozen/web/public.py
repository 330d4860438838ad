"""The public pages, no login needed: the start page with the quote calculator, and its answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from hozen.contract.quotes import QuoteInput
from hozen.domain.errors import DomainError
from hozen.policies import load_policy
from hozen.services.quotes import price_quote, quote_output
from hozen.web.common import business_today, field_messages, refusal, templates
from hozen.web.security import LoginRequired, checked_form, csrf_token, page_uow, page_user, session_token

router = APIRouter(include_in_schema=False)

QUOTE_FIELDS = ("product", "amount", "rate", "start", "end", "policy", "discount_rate")


def policy_choices() -> list[tuple[str, str]]:
    """The shipped fee schedules as the form offers them: each by its Japanese description."""
    named = [(name, load_policy(name).description) for name in ("north", "west", "east")]
    return [("default", f"標準（{named[0][1]}）"), *named]


def _form_to_input(form: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in form.items() if k in QUOTE_FIELDS and v != ""}
    if "amount" in data:
        amount = str(data["amount"]).replace(",", "")
        data["amount"] = int(amount) if amount.lstrip("-").isdigit() else amount
    return data


def visitor(request: Request) -> dict[str, Any]:
    """A logged-in user's frame on a public page (the navigation, the business date), or nothing."""
    if session_token(request) is None:
        return {}
    try:
        user = page_user(request)
    except LoginRequired:  # the user is gone: the page is shown as to anyone
        return {}
    with page_uow(request) as uow:
        return {"user": user, "today": business_today(uow, request)}


@router.get("/", response_class=HTMLResponse)
def start_page(request: Request) -> HTMLResponse:
    context = {"form": {}, "errors": {}, "csrf": csrf_token(request), "policies": policy_choices(), **visitor(request)}
    return templates.TemplateResponse(request, "start.html", context)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def api_docs(request: Request) -> HTMLResponse:
    """The API's documentation: Swagger UI from vendored static files, started by a static script."""
    return templates.TemplateResponse(request, "api_docs.html", {"openapi_url": request.app.openapi_url})


@router.post("/quote", response_class=HTMLResponse)
async def quote_page(request: Request) -> HTMLResponse:
    form = {key: value for key, value in (await checked_form(request)).items() if key != "csrf"}
    context: dict[str, Any] = {
        "form": form,
        "errors": {},
        "csrf": csrf_token(request),
        "policies": policy_choices(),
        **visitor(request),
    }
    status = 200
    try:
        quote = price_quote(QuoteInput.model_validate(_form_to_input(form)), allow_policy_paths=False)
        context["quote"] = quote_output(quote)
    except ValidationError as error:
        context["errors"] = field_messages(error)
        status = 422
    except DomainError as error:
        context["errors"] = {"_": refusal(error)}
        status = 422
    return templates.TemplateResponse(request, "start.html", context, status_code=status)
