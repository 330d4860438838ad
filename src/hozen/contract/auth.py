"""Wire contract of logins, tokens and users."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hozen.contract.base import Contract, Id
from hozen.domain.roles import Role


class TokenRequest(Contract):
    login: str = Field(min_length=1, max_length=100, examples=["tanaka"])
    password: str = Field(min_length=1, max_length=1000)


class UserOutput(BaseModel):
    id: int
    login: str
    display_name: str
    role: Role
    customer_id: int | None = Field(description="the customer company of a customer user; null for staff")
    active: bool
    email: str | None = Field(None, description="where notifications are e-mailed; null receives none")
    permissions: list[str] = Field(description="what this user's role may do (see docs/architecture.md)")
    must_change_password: bool = Field(
        False, description="the user logged in with a temporary password and must change it before anything else"
    )
    locked_until: dt.datetime | None = Field(
        None, description="set while the login id is locked after failed logins (user management only)"
    )


class TokenOutput(BaseModel):
    token: str = Field(description="the bearer token; shown once, keep it secret")
    token_id: int
    created_at: dt.datetime
    user: UserOutput


class UserInput(Contract):
    login: str = Field(min_length=1, max_length=100)
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000, description="at least 12 characters")
    role: Role
    customer_id: int | None = Field(None, description="required for role 'customer', refused for staff")
    email: str | None = Field(None, max_length=254, description="where notifications are e-mailed")


class UserPatch(Contract):
    """What an administrator changes on a user; a field left out stays as it is."""

    role: Role | None = Field(None, description="applies from the user's next request")
    display_name: str | None = Field(None, min_length=1, max_length=200)
    customer_id: Id | None = Field(
        None, description="the company of a customer user; left out when a customer user becomes staff"
    )
    reason: str = Field("", max_length=500, description="why, recorded in the user's history")


class ReasonInput(Contract):
    reason: str = Field("", max_length=500, description="why, recorded in the user's history")


class PasswordResetOutput(BaseModel):
    temporary_password: str = Field(description="shown once; the user must change it at the next login")
    user: UserOutput


class PasswordChange(Contract):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(
        min_length=1,
        max_length=1000,
        description="at least 12 characters and 5 different ones, not containing the login id, "
        "not the current password",
    )
