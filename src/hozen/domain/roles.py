"""Who may do what (SPEC §13): staff roles, customer users bound to one company."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hozen.domain.errors import ForbiddenError, NotFoundError


class Role(StrEnum):
    UNDERWRITER = "underwriter"  # 審査
    APPROVER = "approver"  # 決裁
    SENIOR_APPROVER = "senior_approver"  # 上席決裁
    OPERATIONS = "operations"  # 事務
    CLAIMS = "claims"  # 保証履行
    ADMIN = "admin"  # 管理者
    CUSTOMER = "customer"  # お客様（下請建設企業等）

    @property
    def is_staff(self) -> bool:
        return self is not Role.CUSTOMER


class Permission(StrEnum):
    VIEW_PORTFOLIO = "view_portfolio"  # see every customer's and debtor's data
    MANAGE_COMPANIES = "manage_companies"  # customers, debtors, registration documents
    SUBMIT_REVIEW = "submit_review"
    REVIEW = "review"
    APPROVE = "approve"
    APPLY = "apply"
    DECIDE_LIMITS = "decide_limits"  # release or decline held applications, set limits
    RECORD_PAYMENT = "record_payment"
    CONFIRM_MATURITY = "confirm_maturity"
    RUN_DAILY = "run_daily"
    HANDLE_CLAIMS = "handle_claims"
    MANAGE_USERS = "manage_users"


R, P = Role, Permission
STAFF = (R.UNDERWRITER, R.APPROVER, R.SENIOR_APPROVER, R.OPERATIONS, R.CLAIMS, R.ADMIN)
PERMISSIONS: Mapping[Permission, frozenset[Role]] = {
    P.VIEW_PORTFOLIO: frozenset(STAFF),
    P.MANAGE_COMPANIES: frozenset({R.UNDERWRITER, R.OPERATIONS, R.ADMIN}),
    P.SUBMIT_REVIEW: frozenset({R.CUSTOMER, R.OPERATIONS}),
    P.REVIEW: frozenset({R.UNDERWRITER}),
    P.APPROVE: frozenset({R.APPROVER, R.SENIOR_APPROVER}),
    P.APPLY: frozenset({R.CUSTOMER, R.OPERATIONS}),
    P.DECIDE_LIMITS: frozenset({R.SENIOR_APPROVER, R.ADMIN}),
    P.RECORD_PAYMENT: frozenset({R.OPERATIONS}),
    P.CONFIRM_MATURITY: frozenset({R.CUSTOMER, R.OPERATIONS}),
    P.RUN_DAILY: frozenset({R.OPERATIONS, R.ADMIN}),
    P.HANDLE_CLAIMS: frozenset({R.CLAIMS}),
    P.MANAGE_USERS: frozenset({R.ADMIN}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind a command."""

    user_id: int
    role: Role
    customer_id: int | None = None  # set for customer users only
    display_name: str = ""

    def can(self, permission: Permission) -> bool:
        return self.role in PERMISSIONS[permission]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise ForbiddenError(
                "FORBIDDEN",
                "この操作の権限がありません。",
                f"The role '{self.role.value}' may not {permission.value.replace('_', ' ')}.",
                {"permission": permission.value},
            )

    def require_customer(self, customer_id: int) -> None:
        """A customer user sees only its own company; anything else is 'not found' (no probing)."""
        if self.role is Role.CUSTOMER and self.customer_id != customer_id:
            raise NotFoundError("NOT_FOUND", "見つかりません。", "Not found.")
