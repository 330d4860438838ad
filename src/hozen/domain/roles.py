"""Who may do what (SPEC §13): staff roles, customer users bound to one company.

Every user has one role. Staff roles belong to the factoring company; a ``customer`` user is bound
to one customer company and sees only that company's objects: asking for another company's object
is answered 404 ``NOT_FOUND`` (:meth:`Actor.require_customer`), never 403, so nothing leaks about
other customers. Debtors have no users — nothing is ever addressed to a debtor.

The permission table (``PERMISSIONS``; ✓ granted, · refused — a missing permission is 403
``FORBIDDEN``). ``tests/unit/test_roles.py`` checks that this table and ``PERMISSIONS`` agree.

================  ===========  ========  ===============  ==========  ======  =====  ========
permission        underwriter  approver  senior_approver  operations  claims  admin  customer
================  ===========  ========  ===============  ==========  ======  =====  ========
view_portfolio    ✓            ✓         ✓                ✓           ✓       ✓      ·
manage_companies  ✓            ·         ·                ✓           ·       ✓      ·
submit_review     ·            ·         ·                ✓           ·       ·      ✓
review            ✓            ·         ·                ·           ·       ·      ·
approve           ·            ✓         ✓                ·           ·       ·      ·
apply             ·            ·         ·                ✓           ·       ·      ✓
decide_limits     ·            ·         ✓                ·           ·       ✓      ·
record_payment    ·            ·         ·                ✓           ·       ·      ·
confirm_maturity  ·            ·         ·                ✓           ·       ·      ✓
run_daily         ·            ·         ·                ✓           ·       ✓      ·
handle_claims     ·            ·         ·                ·           ✓       ·      ·
manage_users      ·            ·         ·                ·           ·       ✓      ·
================  ===========  ========  ===============  ==========  ======  =====  ========

A customer holding ``submit_review``, ``apply`` or ``confirm_maturity`` uses it for its own
company only. Four eyes — the approver is never the underwriter, and above the policy's amount only
a senior approver — is checked by :func:`hozen.domain.guarantees.check_four_eyes` on top of
``approve``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hozen.domain.codes import AuthCode, Labelled, RequestCode
from hozen.domain.errors import ForbiddenError, NotFoundError


class Role(Labelled):
    """The one role of a user (SPEC §13)."""

    UNDERWRITER = ("underwriter", "審査担当")
    APPROVER = ("approver", "決裁者")
    SENIOR_APPROVER = ("senior_approver", "上席決裁者")
    OPERATIONS = ("operations", "事務担当")
    CLAIMS = ("claims", "保証履行担当")
    ADMIN = ("admin", "管理者")
    CUSTOMER = ("customer", "お客様")

    @property
    def is_staff(self) -> bool:
        return self is not Role.CUSTOMER


class Permission(Labelled):
    """What a role may do: the rows of the permission table above."""

    VIEW_PORTFOLIO = ("view_portfolio", "全案件の閲覧")  # see every customer's and debtor's data
    MANAGE_COMPANIES = ("manage_companies", "取引先の管理")  # customers, debtors, registration documents
    SUBMIT_REVIEW = ("submit_review", "審査依頼")
    REVIEW = ("review", "審査")
    APPROVE = ("approve", "決裁")
    APPLY = ("apply", "申込")
    DECIDE_LIMITS = ("decide_limits", "限度額の判断")  # release or decline held applications, set limits
    RECORD_PAYMENT = ("record_payment", "入金の記録")
    CONFIRM_MATURITY = ("confirm_maturity", "期日決済の確認")
    RUN_DAILY = ("run_daily", "日次処理")
    HANDLE_CLAIMS = ("handle_claims", "保証履行の処理")
    MANAGE_USERS = ("manage_users", "利用者の管理")


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

    @property
    def recorded_id(self) -> int | None:
        """Who a history row names: the user, or nobody (shown as 自動処理) for the server's own command
        line, which acts as no user (id 0)."""
        return self.user_id or None

    def can(self, permission: Permission) -> bool:
        return self.role in PERMISSIONS[permission]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise ForbiddenError(AuthCode.FORBIDDEN, {"variant": "role", "role": self.role, "permission": permission})

    def require_customer(self, customer_id: int) -> None:
        """A customer user sees only its own company; anything else is 'not found' (no probing)."""
        if self.role is Role.CUSTOMER and self.customer_id != customer_id:
            raise NotFoundError(RequestCode.NOT_FOUND)
