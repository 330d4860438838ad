"""What every page shares: the templates, the frame of a logged-in page, running a form's command,
and what a refusal looks like on a page (a message, never a traceback or problem+json)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from hozen.clock import calendar_today
from hozen.contract.errors import field_errors, invalid_input, labels_of
from hozen.domain.codes import AuthCode, InputCode
from hozen.domain.errors import DomainError
from hozen.domain.money import parse_rate
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import ClaimState, GuaranteeState, LineDecision, ReviewState
from hozen.formatting import install_filters
from hozen.services import portfolio, presenters, records, review_preview, reviews
from hozen.services.common import UnitOfWork
from hozen.store.db import Database
from hozen.web.security import (
    LoginRequired,
    PasswordChangeRequired,
    checked_form,
    csrf_token,
    page_actor,
    page_uow,
    page_user,
)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
install_filters(templates.env)
templates.env.globals.update(
    ClaimState=ClaimState, GuaranteeState=GuaranteeState, LineDecision=LineDecision, ReviewState=ReviewState
)

FLASH = "flash"
PAGE_PATHS = ("/staff", "/portal", "/quote")

Command = Callable[[UnitOfWork, Actor, dt.date, Any], Any]
"""A form's command: (unit of work, who, business date, posted form) → a path to go to, or anything."""


def database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


def business_today(uow: UnitOfWork, request: Request) -> dt.date:
    """The business date: the "as of" date when one is set, else today in Japan by the app's clock."""
    return portfolio.today(uow, calendar_today(request.app.state.clock))


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A logged-in page: the template gets the user, the business date, the CSRF token and the flash."""
    with page_uow(request) as uow:
        user = page_user(request)
        today = business_today(uow, request)
    flash = request.session.pop(FLASH, None)
    base = {
        "user": user,
        "actor": user.actor,
        "today": today,
        "csrf": csrf_token(request),
        "flash": flash,
        "Role": Role,
        "can": lambda permission: user.actor.can(Permission(permission)),
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)


PREVIEW_DEBTORS = 50
"""Debtors listed in a review request's preview at most; the rest are counted."""
PREVIEW_RATE = "保証料率"
"""The preview's rate as its refusals name it on the page (the API names its query parameter)."""


def review_page(
    request: Request,
    review_id: int,
    template: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
    rate: str = "",
) -> HTMLResponse:
    """A review request as one of its pages shows it: the staff screen or the customer's result
    (``extra``: e.g. a field's message and what was typed, when a form on it was refused), with its
    preview at ``rate`` when one is given."""
    actor = page_actor(request)
    with page_uow(request) as uow:
        review = presenters.review_out(reviews.get_review(uow, actor, review_id))
        parties = records.review_parties(uow, actor, review_id)
        context = {"review": review, "parties": parties, **_preview(uow, request, actor, review_id, rate.strip())}
        return render(request, template, {**context, **(extra or {})}, status_code=status_code)


def _preview(uow: UnitOfWork, request: Request, actor: Actor, review_id: int, rate: str) -> dict[str, Any]:
    """The preview's part of a review page: the rate typed, the preview or why it was refused, and its
    debtors to list (those over their limit first, then the largest requests)."""
    context: dict[str, Any] = {"preview_rate": rate, "preview": None, "preview_error": "", "preview_debtors": []}
    if not rate:
        return context
    try:
        parse_rate(rate, field=PREVIEW_RATE)
        preview = review_preview.import_preview(uow, actor, review_id, rate, today=business_today(uow, request))
    except DomainError as error:
        if error.status != 422:
            raise
        context["preview_error"] = refusal(error)
        return context
    debtors = sorted(preview.debtors, key=lambda debtor: (debtor.fits, -debtor.requested, debtor.name))
    context.update(
        preview=preview, preview_debtors=debtors[:PREVIEW_DEBTORS], preview_more=len(debtors[PREVIEW_DEBTORS:])
    )
    return context


def flash(request: Request, text: str, kind: str = "ok") -> None:
    """A message for the next page this browser renders (after a redirect)."""
    request.session[FLASH] = {"kind": kind, "text": text}


def field_messages(error: ValidationError) -> dict[str, str]:
    """The Japanese message of each invalid field, by field, for the messages beside the inputs."""
    return {e["field"]: e["message_ja"] for e in field_errors(list(error.errors()), labels_of(error.title))}


FormErrors = dict[str, str]
"""The Japanese message beside each field of a form, by the field's name; ``""`` for the form as a whole."""


def form_errors(error: DomainError | ValidationError, field_of: Mapping[str, str] | None = None) -> FormErrors:
    """A refused form's messages by field: a contract's field errors by their top-level field (each named
    by its Japanese label), a refusal about one field (``field_of``: code → field; also a contract's
    check of several fields together) beside that field, any other refusal for the whole form."""
    field_of = field_of or {}
    if isinstance(error, DomainError):
        return {field_of.get(error.code, ""): error.message_ja}
    found: FormErrors = {}
    for e in field_errors(list(error.errors()), labels_of(error.title)):
        key = field_of.get(e["code"], "") if e["field"] == "(body)" else e["field"].split(".")[0]
        found[key] = "　".join(filter(None, (found.get(key), e["message_ja"])))
    return found


Again = Callable[[dict[str, str], FormErrors], HTMLResponse]
"""Renders a form's page again with what was typed and the messages beside the fields."""


async def submit(
    request: Request,
    work: Command,
    again: Again,
    done: str | Callable[[Any], str],
    to: str | Callable[[Any], str],
    field_of: Mapping[str, str] | None = None,
) -> Response:
    """Run a form's command. Refused (bad input 422, or a clash 409): the same page again, status 422,
    every typed value kept and each message beside its field. Done: a redirect with a message."""
    form = await checked_form(request)
    actor = page_actor(request)
    values = {key: str(value) for key, value in form.items() if key != "csrf"}

    def run() -> Any:
        with page_uow(request, write=True) as uow:
            return work(uow, actor, business_today(uow, request), form)

    try:
        result = await run_in_threadpool(run)
    except (DomainError, ValidationError) as error:
        if isinstance(error, DomainError) and error.status not in (409, 422):
            raise
        return again(values, form_errors(error, field_of))
    flash(request, done(result) if callable(done) else done)
    return RedirectResponse(to(result) if callable(to) else to, status_code=303)


def refusal(error: DomainError | ValidationError) -> str:
    """A refusal as one line of Japanese, without its code: the person can act on it on the same page
    (the code is shown only on the error page, where it is worth quoting to support; docs/codes.md)."""
    if isinstance(error, DomainError):
        return error.message_ja
    return InputCode.INVALID_INPUT.message_ja(invalid_input(field_errors(error.errors(), labels_of(error.title))))


CONFIRMED = "confirmed"


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What a second look before a weighty command shows: a heading, the facts it will act on, the
    button that does it and where 戻る leads."""

    title: str
    facts: list[tuple[str, str]]
    button: str
    back: str
    warning: str = ""


async def confirmation(request: Request, ask: Callable[[UnitOfWork, Actor, Any], Confirmation]) -> Response | None:
    """The confirmation page of a posted form, or None once the person has confirmed it.

    Works without JavaScript: the page posts the same fields again to the same address, with
    ``confirmed=yes``; nothing is written before that second post."""
    form = await checked_form(request)
    if form.get(CONFIRMED) == "yes":
        return None
    actor = page_actor(request)
    with page_uow(request) as uow:
        asked = ask(uow, actor, form)
    fields = [(k, v) for k, v in form.multi_items() if k not in ("csrf", CONFIRMED) and isinstance(v, str)]
    context = {"ask": asked, "action": request.url.path, "fields": fields}
    return render(request, "confirm.html", context)


async def act(request: Request, back: str, work: Command, done: str = "完了しました。") -> Response:
    """Run one command from a form: refused commands come back as a message on the page."""
    form = await checked_form(request)
    actor = page_actor(request)

    def run() -> Any:
        with page_uow(request, write=True) as uow:
            return work(uow, actor, business_today(uow, request), form)

    try:
        result = await run_in_threadpool(run)
    except (DomainError, ValidationError) as error:
        flash(request, refusal(error), "error")
        return RedirectResponse(back, status_code=303)
    except ValueError:  # a value no form of ours sends (e.g. a line id that is not a number)
        flash(request, "入力の形式が正しくありません。", "error")
        return RedirectResponse(back, status_code=303)
    flash(request, done)
    return RedirectResponse(result if isinstance(result, str) else back, status_code=303)


def install(app: FastAPI) -> None:
    """The static files, and the pages' answers to refusals and to a missing login.

    Call after the API is installed: a refusal outside the pages is still answered by the API's
    problem+json handler, which this one wraps.
    """
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    problem_json = cast(Callable[[Request, Exception], Awaitable[Response]], app.exception_handlers[DomainError])

    @app.exception_handler(DomainError)
    async def _page_error(request: Request, error: DomainError) -> Response:
        """On a page, a refusal is a page in Japanese; on the API it stays problem+json."""
        if not request.url.path.startswith(PAGE_PATHS):
            response: Response = await problem_json(request, error)
            return response
        context = {"error": error, "status": error.status}
        return templates.TemplateResponse(request, "error.html", context, status_code=error.status)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, error: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={error.path}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _password(request: Request, error: PasswordChangeRequired) -> Response:
        flash(request, AuthCode.PASSWORD_CHANGE_REQUIRED.message_ja(), "error")
        return RedirectResponse(error.path, status_code=303)

    for kind, api_handler in list(app.exception_handlers.items()):
        if kind not in (DomainError, LoginRequired):
            app.add_exception_handler(kind, _as_page(cast(ApiHandler, api_handler)))


ApiHandler = Callable[[Request, Exception], Awaitable[Response]]
API_PATHS = ("/api/", "/openapi.json", "/static/")


def _as_page(api_handler: ApiHandler) -> ApiHandler:
    """The API's answer to an error (a 404, a conflict, an unexpected failure…) as a Japanese page for
    someone in the pages: the same status, code and message, never a problem+json body or a traceback."""

    async def answer(request: Request, error: Exception) -> Response:
        response = await api_handler(request, error)
        if request.url.path.startswith(API_PATHS) or not isinstance(response, JSONResponse):
            return response
        problem = json.loads(bytes(response.body))
        shown = SimpleNamespace(code=problem["code"], message_ja=problem["message_ja"])
        page = templates.TemplateResponse(
            request, "error.html", {"error": shown, "status": response.status_code}, status_code=response.status_code
        )
        kept = {name: value for name, value in response.headers.items() if name.lower() in ("allow", "retry-after")}
        page.headers.update(kept)
        return page

    return answer
