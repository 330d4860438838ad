"""Wire contract of logins, tokens and users."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hozen.contract.base import Contract
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
