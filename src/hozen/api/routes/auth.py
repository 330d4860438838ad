"""Logins, bearer tokens, the caller's own record and user management (``/api/v1``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response, status
from fastapi.responses import JSONResponse

from hozen.api.deps import (
    AppSettings,
    CurrentActor,
    CurrentUser,
    Now,
    ReadUow,
    WriteUow,
    bearer_token,
    client_address,
    require,
    session_token,
)
from hozen.api.errors import problem_response
from hozen.api.responses import FORBIDDEN, UNAUTHENTICATED, Responses, problem
from hozen.api.retry import RetryingRoute
from hozen.contract.auth import (
    PasswordChange,
    PasswordResetOutput,
    ReasonInput,
    TokenOutput,
    TokenRequest,
    UserInput,
    UserOutput,
    UserPatch,
)
from hozen.contract.base import Id
from hozen.domain.roles import Actor, Permission
from hozen.services import auth, users

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["auth"])
Admin = Annotated[Actor, Depends(require(Permission.MANAGE_USERS))]
RETRY_AFTER_HEADER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
THROTTLED: Responses = {
    429: {
        **problem(429, "LOGIN_LOCKED or LOGIN_THROTTLED: too many failed logins; retry after Retry-After")[429],
        "headers": RETRY_AFTER_HEADER,
    }
}
ADMIN_ONLY: Responses = {**UNAUTHENTICATED, **FORBIDDEN}


@router.post(
    "/auth/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenOutput,
    responses={**UNAUTHENTICATED, **THROTTLED},
)
def create_token(body: TokenRequest, request: Request, uow: WriteUow, at: Now, settings: AppSettings) -> TokenOutput:
    """Log in with a login id and password; returns a bearer token (shown once). After
    HOZEN_LOGIN_MAX_FAILURES failures in a row the login id is locked (429 LOGIN_LOCKED), and a client
    address with too many failures is blocked (429 LOGIN_THROTTLED)."""
    rules = auth.LoginRules.of(settings)
    issued = auth.issue_token(uow, body.login, body.password, at, address=client_address(request), rules=rules)
    return auth.token_output(issued)


@router.delete("/auth/tokens/current", status_code=status.HTTP_204_NO_CONTENT, responses=UNAUTHENTICATED)
def revoke_current_token(request: Request, uow: WriteUow, at: Now) -> Response:
    """Revoke the bearer token of this request; it is refused from now on."""
    token = bearer_token(request)
    if token is None:
        raise auth.authentication_required()
    auth.revoke_token(uow, token, at)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=UserOutput, responses=UNAUTHENTICATED)
def me(user: CurrentUser) -> UserOutput:
    """The logged-in user, its role and what the role may do."""
    return auth.user_output(user)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT, responses={**UNAUTHENTICATED, **THROTTLED})
def change_my_password(
    body: PasswordChange, request: Request, actor: CurrentActor, uow: WriteUow, at: Now, settings: AppSettings
) -> Response:
    """Change your own password (the current one is required; a wrong one counts as a failed login).
    Your other web sessions end; your API tokens stay valid."""
    users.change_own_password(
        uow,
        actor,
        body.current_password,
        body.new_password,
        at,
        keep_session=session_token(request),
        rules=auth.LoginRules.of(settings),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _out(record: users.UserRecord) -> UserOutput:
    return auth.user_output(record.user, record.locked_until)


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserOutput, responses=ADMIN_ONLY)
def create_user(body: UserInput, actor: Admin, uow: WriteUow) -> UserOutput:
    """Create a staff user or a customer user (admin only)."""
    user = auth.create_user(
        uow,
        actor,
        login=body.login,
        display_name=body.display_name,
        password=body.password,
        role=body.role,
        customer_id=body.customer_id,
        email=body.email,
    )
    return auth.user_output(user)


@router.get("/users", response_model=list[UserOutput], responses=ADMIN_ONLY)
def list_users(actor: Admin, uow: ReadUow, at: Now) -> list[UserOutput]:
    """Every user, with its lock when its login id is locked (admin only)."""
    return [_out(record) for record in users.list_users(uow, actor, at)]


@router.get("/users/{user_id}", response_model=UserOutput, responses=ADMIN_ONLY)
def get_user(user_id: Id, actor: Admin, uow: ReadUow, at: Now) -> UserOutput:
    """One user (admin only)."""
    return _out(users.get(uow, actor, user_id, at))


@router.patch("/users/{user_id}", response_model=UserOutput, responses=ADMIN_ONLY)
def change_user(user_id: Id, body: UserPatch, actor: Admin, uow: WriteUow, at: Now) -> UserOutput:
    """Change a user's role, display name or company (admin only); recorded in its history. A new
    role applies from the user's next request. 409 LAST_ADMIN when no active administrator would remain."""
    wanted = users.UserChange(
        role=body.role,
        display_name=body.display_name,
        customer_id=body.customer_id,
        set_customer="customer_id" in body.model_fields_set,
        reason=body.reason,
    )
    return _out(users.change(uow, actor, user_id, wanted, at))


@router.post("/users/{user_id}/deactivate", response_model=UserOutput, responses=ADMIN_ONLY)
def deactivate_user(user_id: Id, actor: Admin, uow: WriteUow, at: Now, body: ReasonInput | None = None) -> UserOutput:
    """Deactivate a user (admin only): its web sessions end and its API tokens are revoked at once.
    409 LAST_ADMIN for the last active administrator."""
    return _out(users.set_active(uow, actor, user_id, False, at, body.reason if body else ""))


@router.post("/users/{user_id}/reactivate", response_model=UserOutput, responses=ADMIN_ONLY)
def reactivate_user(user_id: Id, actor: Admin, uow: WriteUow, at: Now, body: ReasonInput | None = None) -> UserOutput:
    """Reactivate a deactivated user (admin only); it logs in again with its password."""
    return _out(users.set_active(uow, actor, user_id, True, at, body.reason if body else ""))


@router.post("/users/{user_id}/unlock", response_model=UserOutput, responses=ADMIN_ONLY)
def unlock_user(user_id: Id, actor: Admin, uow: WriteUow, at: Now, body: ReasonInput | None = None) -> UserOutput:
    """Lift the lock failed logins put on the user's login id and forget its failures (admin only)."""
    return _out(users.unlock(uow, actor, user_id, at, body.reason if body else ""))


@router.post("/users/{user_id}/password-reset", response_model=PasswordResetOutput, responses=ADMIN_ONLY)
def reset_password(
    user_id: Id, actor: Admin, uow: WriteUow, at: Now, body: ReasonInput | None = None
) -> PasswordResetOutput:
    """Give the user a temporary password, returned once (admin only). Its sessions end, its tokens
    are revoked, and it must change the password before anything else. 409 SELF_PASSWORD_RESET for
    your own account (use POST /api/v1/me/password)."""
    record, temporary = users.reset_password(uow, actor, user_id, at, body.reason if body else "")
    return PasswordResetOutput(temporary_password=temporary, user=_out(record))


def install(app: FastAPI) -> None:
    app.include_router(router)

    @app.exception_handler(auth.AuthenticationError)
    async def _unauthenticated(_: Request, error: auth.AuthenticationError) -> JSONResponse:
        response = problem_response(401, error.code, error.context)
        response.headers["WWW-Authenticate"] = 'Bearer realm="hozen"'
        return response
