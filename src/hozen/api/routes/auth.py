"""Logins, bearer tokens, the caller's own record and user management (``/api/v1``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response, status
from fastapi.responses import JSONResponse

from hozen.api.deps import CurrentUser, Now, ReadUow, WriteUow, bearer_token, require
from hozen.api.errors import problem_response
from hozen.api.responses import FORBIDDEN, UNAUTHENTICATED
from hozen.api.retry import RetryingRoute
from hozen.contract.auth import TokenOutput, TokenRequest, UserInput, UserOutput
from hozen.domain.roles import Actor, Permission
from hozen.services import auth

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["auth"])
Admin = Annotated[Actor, Depends(require(Permission.MANAGE_USERS))]


@router.post("/auth/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOutput, responses=UNAUTHENTICATED)
def create_token(body: TokenRequest, uow: WriteUow, at: Now) -> TokenOutput:
    """Log in with a login id and password; returns a bearer token (shown once)."""
    return auth.token_output(auth.issue_token(uow, body.login, body.password, at))


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


@router.post(
    "/users", status_code=status.HTTP_201_CREATED, response_model=UserOutput, responses={**UNAUTHENTICATED, **FORBIDDEN}
)
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


@router.get("/users", response_model=list[UserOutput], responses={**UNAUTHENTICATED, **FORBIDDEN})
def list_users(actor: Admin, uow: ReadUow) -> list[UserOutput]:
    """Every user (admin only)."""
    return [auth.user_output(user) for user in auth.list_users(uow, actor)]


def install(app: FastAPI) -> None:
    app.include_router(router)

    @app.exception_handler(auth.AuthenticationError)
    async def _unauthenticated(_: Request, error: auth.AuthenticationError) -> JSONResponse:
        response = problem_response(401, error.code, error.context)
        response.headers["WWW-Authenticate"] = 'Bearer realm="hozen"'
        return response
