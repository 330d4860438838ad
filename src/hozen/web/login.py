"""The web login: a form that starts a server-side session and puts its token into the cookie.

The cookie (``hozen_session``) is signed with ``HOZEN_SECRET_KEY`` by Starlette's
SessionMiddleware, is ``HttpOnly``, ``SameSite=Lax`` (so a form on another site cannot post with
it), ``Secure`` outside demo mode (``HOZEN_COOKIE_SECURE`` overrides), and lasts at most
``HOZEN_SESSION_MAX_AGE`` seconds. It carries the token of a session row in the store, which is
checked at every request: logging out ends that row, so a copy of the cookie taken before opens
nothing afterwards. Failed logins are counted per login id and per client address
(:func:`hozen.services.auth.log_in`): too many answer 429 with the reason beside the form.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from hozen.config import Settings
from hozen.domain.codes import AuthCode
from hozen.domain.errors import TooManyRequestsError
from hozen.services import auth
from hozen.web.common import database, flash, templates
from hozen.web.security import (
    SESSION_TOKEN,
    checked_form,
    csrf_token,
    password_page,
    session_rules,
    session_token,
)

SESSION_COOKIE = "hozen_session"


def _safe_next(value: object) -> str:
    """Only a path on this site: no scheme, no host (no open redirect)."""
    text = str(value or "/")
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.web_secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies(),
    )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        context: dict[str, Any] = {
            "next": _safe_next(request.query_params.get("next")),
            "login": "",
            "error": "",
            "csrf": csrf_token(request),
        }
        token = session_token(request)
        if token is not None:
            with database(request).unit_of_work(write=False) as uow:
                try:
                    context["user"] = auth.session_user(
                        uow, token, request.app.state.clock.now(), session_rules(request)
                    )
                except auth.AuthenticationError:
                    request.session.clear()
                    context["csrf"] = csrf_token(request)
        return templates.TemplateResponse(request, "login.html", context)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await checked_form(request)
        login_id, password = str(form.get("login", "")), str(form.get("password", ""))
        target = _safe_next(form.get("next"))
        address = request.client.host if request.client is not None else None
        try:
            user, token = await run_in_threadpool(_log_in, request, login_id, password, address)
        except (auth.AuthenticationError, TooManyRequestsError) as error:
            context = {"next": target, "login": login_id, "error": error.message_ja, "csrf": csrf_token(request)}
            response = templates.TemplateResponse(request, "login.html", context, status_code=error.status)
            if isinstance(error, TooManyRequestsError):
                response.headers["Retry-After"] = str(error.context["retry_after"])
            return response
        request.session.clear()  # a new CSRF token too: nothing from before the login carries over
        request.session[SESSION_TOKEN] = token
        if user.must_change_password:
            flash(request, AuthCode.PASSWORD_CHANGE_REQUIRED.message_ja(), "error")
            return RedirectResponse(password_page(user), status_code=303)
        home = "/staff" if user.role.is_staff else "/portal"
        return RedirectResponse(target if target != "/" else home, status_code=303)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await checked_form(request)
        token = session_token(request)
        if token is not None:
            await run_in_threadpool(_end, request, token)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)


def _log_in(request: Request, login_id: str, password: str, address: str | None) -> tuple[auth.UserInfo, str]:
    settings: Settings = request.app.state.settings
    now = request.app.state.clock.now()
    rules = session_rules(request)
    with database(request).unit_of_work() as uow:
        login_rules = auth.LoginRules.of(settings)
        user = auth.log_in(uow, login_id, password, now, address=address, rules=login_rules)
        return user, auth.start_session(uow, user.id, now, rules)


def _end(request: Request, token: str) -> None:
    with database(request).unit_of_work() as uow:
        auth.end_session(uow, token, request.app.state.clock.now())
