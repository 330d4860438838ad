"""User management for administrators (/staff/users) and the password page of every logged-in user
(/staff/password, /portal/password).

A refusal that concerns one field is shown beside it, with what was typed kept (never a password);
a temporary password (a new user, a reset) is shown once, on the next page, and never again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from hozen.contract.base import whole_number
from hozen.domain.codes import AuthCode, Code, InputCode
from hozen.domain.errors import DomainError
from hozen.domain.roles import Permission, Role
from hozen.domain.states import Entity
from hozen.services import auth, records, users
from hozen.web.common import flash, refusal, render
from hozen.web.security import checked_form, page_actor, page_uow, page_user, session_token

router = APIRouter(include_in_schema=False)
NEW_PASSWORD = "temporary_password"  # the session key of a temporary password shown once

FIELD_OF: dict[Code, str] = {
    AuthCode.INVALID_LOGIN: "login",
    AuthCode.LOGIN_TAKEN: "login",
    AuthCode.INVALID_DISPLAY_NAME: "display_name",
    AuthCode.INVALID_ROLE: "role",
    AuthCode.CUSTOMER_REQUIRED: "customer_id",
    AuthCode.CUSTOMER_NOT_ALLOWED: "customer_id",
    AuthCode.CUSTOMER_NOT_FOUND: "customer_id",
    AuthCode.CURRENT_PASSWORD_WRONG: "current_password",
    AuthCode.PASSWORD_TOO_SHORT: "new_password",
    AuthCode.PASSWORD_TOO_SIMPLE: "new_password",
    AuthCode.PASSWORD_CONTAINS_LOGIN: "new_password",
    AuthCode.PASSWORD_UNCHANGED: "new_password",
    AuthCode.PASSWORD_MISMATCH: "new_password_again",
    AuthCode.CONFIRMATION_REQUIRED: "confirm",
}
"""The field a refusal is shown beside; any other refusal is shown above the form."""


class _FieldRefused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _fields_of(error: DomainError) -> dict[str, str]:
    return {FIELD_OF.get(error.code, "_"): error.message_ja}


def _now(request: Request) -> Any:
    return request.app.state.clock.now()


def _role(form: Any) -> Role:
    try:
        return Role(str(form.get("role", "")))
    except ValueError:
        raise _FieldRefused("role", AuthCode.INVALID_ROLE.message_ja({"choices": list(Role)})) from None


def _customer_id(form: Any) -> int | None:
    raw = str(form.get("customer_id", "")).strip()
    if not raw:
        return None
    try:
        return int(whole_number(raw))
    except (DomainError, ValueError, TypeError):
        raise _FieldRefused("customer_id", InputCode.NOT_AN_INTEGER.message_ja()) from None


# --- the list and a new user --------------------------------------------------------------------


def _list_page(request: Request, form: dict[str, str], fields: dict[str, str], status_code: int = 200) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        listed = users.list_users(uow, actor, _now(request))
    temporary = request.session.pop(NEW_PASSWORD, None)
    context = {"records": listed, "roles": list(Role), "form": form, "fields": fields, "temporary": temporary}
    return render(request, "staff/users.html", context, status_code=status_code)


@router.get("/staff/users", response_class=HTMLResponse)
def user_list(request: Request) -> HTMLResponse:
    page_actor(request).require(Permission.MANAGE_USERS)
    return _list_page(request, {}, {})


@router.post("/staff/users")
async def create_user(request: Request) -> Response:
    form = await checked_form(request)
    actor = page_actor(request)
    typed = {key: str(form.get(key, "")) for key in ("login", "display_name", "role", "customer_id")}
    try:
        role, customer_id = _role(form), _customer_id(form)

        def create() -> tuple[auth.UserInfo, str]:
            with page_uow(request, write=True) as uow:
                return users.create_with_temporary_password(
                    uow, actor, login=typed["login"].strip(), display_name=typed["display_name"],
                    role=role, customer_id=customer_id,
                )  # fmt: skip

        created, temporary = await run_in_threadpool(create)
    except _FieldRefused as refused:
        return _list_page(request, typed, {refused.field: refused.message}, 422)
    except DomainError as error:
        if error.status == 403:
            raise
        return _list_page(request, typed, _fields_of(error), 422)
    request.session[NEW_PASSWORD] = {"login": created.login, "password": temporary}
    flash(request, f"利用者「{created.login}」を作成しました。")
    return RedirectResponse(f"/staff/users/{created.id}", status_code=303)


# --- one user -------------------------------------------------------------------------------------


def _detail_page(
    request: Request, user_id: int, form: dict[str, str], fields: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    actor = page_actor(request)
    with page_uow(request) as uow:
        record = users.get(uow, actor, user_id, _now(request))
        history = records.history_of(uow.session, actor, Entity.USER, user_id)
    temporary = request.session.pop(NEW_PASSWORD, None)
    context = {
        "record": record,
        "shown": record.user,
        "history": history,
        "roles": list(Role),
        "form": form,
        "fields": fields,
        "temporary": temporary,
    }
    return render(request, "staff/user.html", context, status_code=status_code)


@router.get("/staff/users/{user_id}", response_class=HTMLResponse)
def user_detail(request: Request, user_id: int) -> HTMLResponse:
    return _detail_page(request, user_id, {}, {})


async def _change(request: Request, user_id: int, work: Any, done: str, keys: tuple[str, ...] = ()) -> Response:
    """Run one change of the user from a form; a refusal comes back on the same page."""
    form = await checked_form(request)
    actor = page_actor(request)
    typed = {key: str(form.get(key, "")) for key in keys}
    try:
        prepared = work(form)

        def run() -> Any:
            with page_uow(request, write=True) as uow:
                return prepared(uow, actor, _now(request))

        result = await run_in_threadpool(run)
    except _FieldRefused as refused:
        return _detail_page(request, user_id, typed, {refused.field: refused.message}, 422)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _detail_page(request, user_id, typed, _fields_of(error), error.status)
    if isinstance(result, tuple):  # a password reset: the temporary password, shown once
        request.session[NEW_PASSWORD] = {"login": result[0].user.login, "password": result[1]}
    flash(request, done)
    return RedirectResponse(f"/staff/users/{user_id}", status_code=303)


@router.post("/staff/users/{user_id}")
async def change_user(request: Request, user_id: int) -> Response:
    def work(form: Any) -> Any:
        wanted = users.UserChange(
            role=_role(form),
            display_name=str(form.get("display_name", "")),
            customer_id=_customer_id(form),
            set_customer=True,
            reason=str(form.get("reason", "")).strip()[:500],
        )
        return lambda uow, actor, now: users.change(uow, actor, user_id, wanted, now)

    keys = ("display_name", "role", "customer_id", "reason")
    return await _change(request, user_id, work, "利用者を変更しました。", keys)


@router.post("/staff/users/{user_id}/deactivate")
async def deactivate_user(request: Request, user_id: int) -> Response:
    def work(form: Any) -> Any:
        if form.get("confirm") != "yes":
            raise _FieldRefused("confirm", AuthCode.CONFIRMATION_REQUIRED.message_ja())
        reason = str(form.get("reason", "")).strip()[:500]
        return lambda uow, actor, now: users.set_active(uow, actor, user_id, False, now, reason)

    return await _change(request, user_id, work, "利用者を無効にしました。", ("reason",))


@router.post("/staff/users/{user_id}/reactivate")
async def reactivate_user(request: Request, user_id: int) -> Response:
    return await _change(
        request,
        user_id,
        lambda form: lambda uow, a, now: users.set_active(uow, a, user_id, True, now),
        "再び有効にしました。",
    )


@router.post("/staff/users/{user_id}/unlock")
async def unlock_user(request: Request, user_id: int) -> Response:
    return await _change(
        request,
        user_id,
        lambda form: lambda uow, a, now: users.unlock(uow, a, user_id, now),
        "ログイン停止を解除しました。",
    )


@router.post("/staff/users/{user_id}/password-reset")
async def reset_password(request: Request, user_id: int) -> Response:
    return await _change(
        request,
        user_id,
        lambda form: lambda uow, a, now: users.reset_password(uow, a, user_id, now),
        "仮パスワードを発行しました。",
    )


# --- my password ----------------------------------------------------------------------------------


def _password_page(request: Request, fields: dict[str, str], status_code: int = 200) -> HTMLResponse:
    user = page_user(request)
    home = "/staff" if user.role.is_staff else "/portal"
    context = {"fields": fields, "action": request.url.path, "home": home}
    return render(request, "password.html", context, status_code=status_code)


@router.get("/staff/password", response_class=HTMLResponse)
@router.get("/portal/password", response_class=HTMLResponse)
def password_page(request: Request) -> HTMLResponse:
    return _password_page(request, {})


@router.post("/staff/password")
@router.post("/portal/password")
async def change_password(request: Request) -> Response:
    form = await checked_form(request)
    user = page_user(request)
    current, new = str(form.get("current_password", "")), str(form.get("new_password", ""))
    if new != str(form.get("new_password_again", "")):
        return _password_page(request, {"new_password_again": AuthCode.PASSWORD_MISMATCH.message_ja()}, 422)
    rules = auth.LoginRules.of(request.app.state.settings)

    def run() -> None:
        with page_uow(request, write=True) as uow:
            users.change_own_password(
                uow, user.actor, current, new, _now(request), keep_session=session_token(request), rules=rules
            )

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        fields = _fields_of(error)
        if "_" in fields:
            fields["_"] = refusal(error)
        return _password_page(request, fields, error.status if error.status != 403 else 422)
    flash(request, "パスワードを変更しました。ほかの端末でのログインは終了しました。")
    return RedirectResponse("/staff" if user.role.is_staff else "/portal", status_code=303)
