"""The web login: a form that puts the user id into the signed session cookie.

The cookie (``hozen_session``) is signed with ``HOZEN_SECRET_KEY`` by Starlette's
SessionMiddleware, is ``HttpOnly`` and ``SameSite=Lax`` (so a form on another site cannot post with
it), ``Secure`` when ``HOZEN_COOKIE_SECURE`` is set, and lasts ``HOZEN_SESSION_MAX_AGE`` seconds.
Nothing is stored server-side; the user is re-read at every request, so deactivating a user ends
its sessions at once.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from hozen.config import Settings
from hozen.services import auth
from hozen.store.db import Database
from hozen.web.common import database, templates
from hozen.web.security import SESSION_USER, checked_form, csrf_token, session_user_id

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
        https_only=settings.cookie_secure,
    )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        context: dict[str, Any] = {
            "next": _safe_next(request.query_params.get("next")),
            "login": "",
            "error": "",
            "csrf": csrf_token(request),
        }
        user_id = session_user_id(request)
        if user_id is not None:
            with database(request).unit_of_work(write=False) as uow:
                try:
                    context["user"] = auth.get_user(uow, user_id)
                except auth.AuthenticationError:
                    request.session.clear()
        return templates.TemplateResponse(request, "login.html", context)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await checked_form(request)
        login_id, password = str(form.get("login", "")), str(form.get("password", ""))
        target = _safe_next(form.get("next"))
        try:
            user = await run_in_threadpool(_verify, database(request), login_id, password)
        except auth.AuthenticationError as error:
            context = {"next": target, "login": login_id, "error": error.message_ja, "csrf": csrf_token(request)}
            return templates.TemplateResponse(request, "login.html", context, status_code=401)
        request.session.clear()
        request.session[SESSION_USER] = user.id
        home = "/staff" if user.role.is_staff else "/portal"
        return RedirectResponse(target if target != "/" else home, status_code=303)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await checked_form(request)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)


def _verify(database: Database, login_id: str, password: str) -> auth.UserInfo:
    with database.unit_of_work(write=False) as uow:
        return auth.verify_password(uow, login_id, password)
