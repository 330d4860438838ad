"""The permission table documented in hozen.domain.roles is the one enforced."""

from __future__ import annotations

import pytest

from hozen.domain import roles
from hozen.domain.errors import ForbiddenError, NotFoundError
from hozen.domain.roles import PERMISSIONS, Actor, Permission, Role


def documented_table() -> dict[Permission, frozenset[Role]]:
    doc = roles.__doc__ or ""
    lines = [line for line in doc.splitlines() if line and not line.startswith("=")]
    header = next(line for line in lines if line.startswith("permission "))
    columns = [Role(name) for name in header.split()[1:]]
    table: dict[Permission, frozenset[Role]] = {}
    for line in lines[lines.index(header) + 1 :]:
        cells = line.split()
        if len(cells) != len(columns) + 1 or cells[0] not in {p.value for p in Permission}:
            break
        granted = (role for role, cell in zip(columns, cells[1:], strict=True) if cell == "✓")
        table[Permission(cells[0])] = frozenset(granted)
    return table


def test_the_documented_table_is_the_enforced_table() -> None:
    assert documented_table() == dict(PERMISSIONS)


def test_every_permission_has_a_row() -> None:
    assert set(PERMISSIONS) == set(Permission)


def test_customers_never_see_the_whole_portfolio_or_manage_anything() -> None:
    customer = Actor(1, Role.CUSTOMER, customer_id=7)
    for permission in (
        Permission.VIEW_PORTFOLIO,
        Permission.MANAGE_COMPANIES,
        Permission.MANAGE_USERS,
        Permission.REVIEW,
        Permission.APPROVE,
        Permission.RECORD_PAYMENT,
    ):
        with pytest.raises(ForbiddenError) as refused:
            customer.require(permission)
        assert refused.value.code == "FORBIDDEN"


def test_a_customer_asking_for_another_company_gets_not_found() -> None:
    customer = Actor(1, Role.CUSTOMER, customer_id=7)
    customer.require_customer(7)
    with pytest.raises(NotFoundError) as hidden:
        customer.require_customer(8)
    assert hidden.value.code == "NOT_FOUND"
    Actor(2, Role.UNDERWRITER).require_customer(8)  # staff see every customer
