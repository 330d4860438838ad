"""Every endpoint × every role × someone else's object (SPEC §13, §14.6).

A role without the permission gets 403; a customer asking for another company's object gets 404;
a permitted role is never refused (its request may still be 409/422 for the object's state); no
request is a 500; without credentials every endpoint but the calculators is 401. A route with no
row here fails the test, so a new endpoint cannot ship unguarded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hozen.app import create_app
from hozen.config import Settings
from hozen.domain.roles import Role
from hozen.services import auth
from hozen.store.models import Base
from tests.integration.scenario import build, note_line
from tests.integration.test_workflow import approved_review, line_ids

PASSWORD = "correct horse battery"
STAFF = {Role.UNDERWRITER, Role.APPROVER, Role.SENIOR_APPROVER, Role.OPERATIONS, Role.CLAIMS, Role.ADMIN}
EVERYONE = STAFF | {Role.CUSTOMER}
MANAGE = {Role.UNDERWRITER, Role.OPERATIONS, Role.ADMIN}
LIMITS = {Role.SENIOR_APPROVER, Role.ADMIN}
FILERS = {Role.CUSTOMER, Role.CLAIMS, Role.OPERATIONS}
OWN = "own"  # staff, plus a customer user for its own company's object

PUBLIC = {
    "/api/v1/quotes",
    "/api/v1/frame-simulations",
    "/api/v1/eligibility-checks",
    "/api/v1/claim-assessments",
    "/api/v1/auth/tokens",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("matrix") / "hozen.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{path}", demo=True, secret_key="matrix-" * 6))
    database = app.state.database
    Base.metadata.create_all(database.engine)
    mine = build(database)
    theirs = build(database)
    from hozen.services import applications

    review_id = approved_review(theirs, [2_000_000])
    with database.unit_of_work() as uow:
        [application] = applications.apply(
            uow, theirs.customer_user, review_id, line_ids(database, review_id), today=dt.date(2026, 11, 20)
        )
        assert application.invoice is not None
        objects = {
            "customer": theirs.customer_id,
            "debtor": theirs.debtor_id,
            "review": review_id,
            "line": line_ids(database, review_id)[0],
            "application": application.id,
            "guarantee": application.guarantees[0].id,
            "invoice": application.invoice.id,
        }
    tokens = {}
    with database.unit_of_work() as uow:
        for role in Role:
            auth.create_user(
                uow,
                None,
                login=f"matrix-{role.value}",
                display_name=role.value,
                password=PASSWORD,
                role=role,
                customer_id=mine.customer_id if role is Role.CUSTOMER else None,
            )
    with TestClient(app) as client:
        for role in Role:
            response = client.post("/api/v1/auth/tokens", json={"login": f"matrix-{role.value}", "password": PASSWORD})
            tokens[role] = {"Authorization": f"Bearer {response.json()['token']}"}
        yield {
            "client": client,
            "tokens": tokens,
            "objects": objects,
            "app": app,
            "debtor_number": theirs.debtor_number,
        }


def cases(o: dict[str, int], debtor_number: str) -> list[tuple[str, str, Any, set[Role] | str, bool]]:
    """(method, path, json body, allowed roles, object of another company?)"""
    line = note_line(debtor_number).model_dump(mode="json")
    company = {"name": "丁", "corporate_number": "8000000000001", "capital": 1, "employees": 1}
    return [
        ("POST", "/api/v1/customers", company, MANAGE, False),
        ("GET", "/api/v1/customers", None, STAFF, False),
        ("GET", f"/api/v1/customers/{o['customer']}", None, OWN, True),
        (
            "POST",
            f"/api/v1/customers/{o['customer']}/documents",
            {"kind": "seal_form", "received_on": "2026-11-01"},
            MANAGE,
            True,
        ),
        ("POST", f"/api/v1/customers/{o['customer']}/registration", {"products": ["note"]}, MANAGE, True),
        ("PUT", f"/api/v1/customers/{o['customer']}/limit", {"own_limit": 500_000_000, "reason": "x"}, LIMITS, True),
        ("PATCH", f"/api/v1/customers/{o['customer']}", {"employees": 3, "reason": "x"}, MANAGE, True),
        ("POST", "/api/v1/debtors", {"name": "戊", "corporate_number": "8000000000001"}, MANAGE, False),
        ("GET", "/api/v1/debtors", None, STAFF, False),
        ("GET", f"/api/v1/debtors/{o['debtor']}", None, STAFF, True),
        ("PUT", f"/api/v1/debtors/{o['debtor']}/limit", {"own_limit": 500_000_000, "reason": "x"}, LIMITS, True),
        ("PATCH", f"/api/v1/debtors/{o['debtor']}", {"unsound": False, "reason": "x"}, MANAGE, True),
        ("GET", "/api/v1/limit-changes", None, STAFF, False),
        ("GET", "/api/v1/limit-changes/1", None, STAFF, False),
        ("POST", "/api/v1/limit-changes/1/approve", {}, LIMITS, False),
        ("POST", "/api/v1/limit-changes/1/reject", {"reason": "x"}, LIMITS, False),
        ("PUT", f"/api/v1/debtors/{o['debtor']}/classification", {"prefecture": "13"}, MANAGE, True),
        (
            "POST",
            "/api/v1/review-requests",
            {"customer_id": o["customer"], "lines": [line]},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        (
            "POST",
            "/api/v1/review-requests/import",
            {"customer_id": o["customer"]},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        (
            "POST",
            "/api/v1/review-requests/densai-import",
            {"customer_id": o["customer"]},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        ("GET", "/api/v1/review-requests", None, EVERYONE, False),
        ("GET", f"/api/v1/review-requests/{o['review']}", None, OWN, True),
        ("GET", f"/api/v1/review-requests/{o['review']}/preview?rate=4.5", None, OWN, True),
        ("POST", f"/api/v1/review-requests/{o['review']}/start", None, {Role.UNDERWRITER}, True),
        (
            "POST",
            f"/api/v1/review-requests/{o['review']}/lines/{o['line']}/decision",
            {"accept": False, "reason": "x"},
            {Role.UNDERWRITER},
            True,
        ),
        ("POST", f"/api/v1/review-requests/{o['review']}/submit", None, {Role.UNDERWRITER}, True),
        ("POST", f"/api/v1/review-requests/{o['review']}/approve", None, {Role.APPROVER, Role.SENIOR_APPROVER}, True),
        (
            "POST",
            f"/api/v1/review-requests/{o['review']}/return",
            {"reason": "x"},
            {Role.APPROVER, Role.SENIOR_APPROVER},
            True,
        ),
        ("POST", f"/api/v1/review-requests/{o['review']}/withdraw", None, {Role.OPERATIONS, Role.CUSTOMER}, True),
        (
            "POST",
            "/api/v1/applications",
            {"review_id": o["review"], "line_ids": [o["line"]]},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        ("GET", f"/api/v1/applications/{o['application']}", None, OWN, True),
        ("POST", f"/api/v1/applications/{o['application']}/release", None, LIMITS, True),
        ("POST", f"/api/v1/applications/{o['application']}/decline", {"reason": "x"}, LIMITS, True),
        (
            "POST",
            "/api/v1/payments",
            {"invoice_id": o["invoice"], "amount": 1, "received_on": "2026-11-20", "idempotency_key": "matrix-key-1"},
            {Role.OPERATIONS},
            False,
        ),
        ("GET", f"/api/v1/guarantees/{o['guarantee']}", None, OWN, True),
        (
            "POST",
            f"/api/v1/guarantees/{o['guarantee']}/maturity",
            {"paid_on": "2026-11-20"},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        (
            "POST",
            "/api/v1/frame-requests",
            {
                "customer_id": o["customer"],
                "debtor_corporate_number": debtor_number,
                "contract": "x",
                "contract_date": "2026-06-01",
                "limit": 5_000_000,
                "period_end": "2027-02-28",
            },
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        ("POST", f"/api/v1/guarantees/{o['guarantee']}/top-ups", {"notified_amount": 3_000_000}, OWN, True),
        (
            "POST",
            f"/api/v1/guarantees/{o['guarantee']}/frame-changes",
            {"kind": "decrease", "new_limit": 1},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        ("GET", "/api/v1/frame-changes/1", None, OWN, True),
        ("POST", "/api/v1/frame-changes/1/approve", None, {Role.APPROVER, Role.SENIOR_APPROVER}, False),
        ("POST", "/api/v1/frame-changes/1/reject", {"reason": "x"}, {Role.APPROVER, Role.SENIOR_APPROVER}, False),
        (
            "POST",
            "/api/v1/claims",
            {"guarantee_id": o["guarantee"], "trigger": "DISHONOUR", "event_date": "2026-11-20"},
            FILERS,
            True,
        ),
        ("GET", "/api/v1/claims", None, EVERYONE, False),
        ("GET", "/api/v1/claims/1", None, OWN, True),
        (
            "POST",
            "/api/v1/claims/1/documents",
            {"kind": "dishonour_evidence", "received_on": "2026-11-20"},
            {Role.CLAIMS, Role.OPERATIONS},  # a paper copy's receipt; the customer uploads the file
            True,
        ),
        ("POST", "/api/v1/claims/1/documents/dishonour_evidence/file", None, FILERS, True),
        ("GET", "/api/v1/claims/1/documents/1/file", None, OWN, True),
        ("POST", "/api/v1/claims/1/assess", None, {Role.CLAIMS}, False),
        ("POST", "/api/v1/claims/1/decide", None, {Role.APPROVER, Role.SENIOR_APPROVER}, False),
        ("POST", "/api/v1/claims/1/payout", {"paid_on": "2026-11-20"}, {Role.CLAIMS}, False),
        ("POST", "/api/v1/claims/1/recoveries", {"amount": 1, "received_on": "2026-11-20"}, {Role.CLAIMS}, False),
        ("GET", "/api/v1/reports/loss-compensation?start=2026-04-01&end=2027-03-31", None, STAFF, False),
        ("GET", f"/api/v1/review-requests/{o['review']}/result.pdf", None, OWN, True),
        ("GET", f"/api/v1/invoices/{o['invoice']}.pdf", None, OWN, True),
        ("GET", f"/api/v1/guarantees/{o['guarantee']}/certificate.pdf", None, OWN, True),
        ("GET", "/api/v1/claims/1/decision.pdf", None, OWN, True),
        (
            "POST",
            "/api/v1/discounts",
            {
                "guarantee_id": o["guarantee"],
                "discount_date": "2026-11-20",
                "discount_rate": "1.5",
                "note_received_on": "2026-11-20",
            },
            {Role.OPERATIONS},
            False,
        ),
        ("GET", "/api/v1/discounts/1", None, OWN, True),
        (
            "POST",
            "/api/v1/purchase-requests",
            {"customer_id": o["customer"], "lines": [line]},
            {Role.OPERATIONS, Role.CUSTOMER},
            True,
        ),
        ("GET", "/api/v1/purchases/1", None, OWN, True),
        ("POST", "/api/v1/purchases/1/papers", {"arrived_on": "2026-11-20"}, {Role.OPERATIONS}, False),
        ("POST", "/api/v1/purchases/1/execute", None, {Role.OPERATIONS}, False),
        ("POST", "/api/v1/purchases/1/settle", {"outcome": "collected", "on": "2026-11-20"}, {Role.OPERATIONS}, False),
        ("GET", "/api/v1/purchases/1/notice.pdf", None, OWN, True),
        ("POST", "/api/v1/daily-runs", None, {Role.OPERATIONS, Role.ADMIN}, False),
        ("GET", "/api/v1/reports/subsidy-claim?start=2026-09-01&end=2026-11-30", None, STAFF, False),
        ("GET", "/api/v1/reports/exposure", None, STAFF, False),
        ("GET", "/api/v1/reports/concentration", None, STAFF, False),
        ("GET", "/api/v1/reports/guarantees", None, STAFF, False),
        ("GET", "/api/v1/reports/claims", None, STAFF, False),
        ("GET", "/api/v1/business-date", None, EVERYONE, False),
        ("PUT", "/api/v1/business-date", {"today": "2026-11-20"}, {Role.ADMIN}, False),
        ("GET", "/api/v1/notifications", None, EVERYONE, False),
        ("GET", "/api/v1/me", None, EVERYONE, False),
        (
            "POST",
            "/api/v1/users",
            {"login": "someone", "display_name": "x", "password": PASSWORD, "role": "claims"},
            {Role.ADMIN},
            False,
        ),
        ("GET", "/api/v1/users", None, {Role.ADMIN}, False),
        ("GET", "/api/v1/users/1", None, {Role.ADMIN}, False),
        ("PATCH", "/api/v1/users/1", {"display_name": "一番"}, {Role.ADMIN}, False),
        ("POST", "/api/v1/users/1/deactivate", {"reason": "x"}, {Role.ADMIN}, False),
        ("POST", "/api/v1/users/1/reactivate", None, {Role.ADMIN}, False),
        ("POST", "/api/v1/users/1/unlock", None, {Role.ADMIN}, False),
        ("POST", "/api/v1/users/1/password-reset", None, {Role.ADMIN}, False),
        ("POST", "/api/v1/me/password", {"current_password": "x", "new_password": "y" * 12}, EVERYONE, False),
        ("GET", "/api/v1/reports/journal?from=2026-04-01&to=2027-03-31", None, STAFF, False),
        (
            "POST",
            "/api/v1/stress-tests",
            {"date": "2026-12-10", "scenarios": [{"debtor_ids": [1]}], "each_debtor": True},
            STAFF,
            False,
        ),
        ("POST", "/api/v1/notifications/1/read", None, OWN, True),
        ("POST", "/api/v1/webhook-endpoints", {"url": "https://example.jp/hozen"}, {Role.ADMIN}, False),
        ("GET", "/api/v1/webhook-endpoints", None, {Role.ADMIN}, False),
        ("POST", "/api/v1/webhook-endpoints/1/disable", None, {Role.ADMIN}, False),
        ("GET", "/api/v1/webhook-endpoints/1/deliveries", None, {Role.ADMIN}, False),
        ("GET", f"/api/v1/customers/{o['customer']}/bank-account", None, OWN, True),
        (
            "PUT",
            f"/api/v1/customers/{o['customer']}/bank-account",
            {
                "bank_code": "0005",
                "bank_name": "ミツビシ",
                "branch_code": "123",
                "branch_name": "マルノウチ",
                "account_type": "1",
                "account_number": "1234567",
                "holder_name": "オツ(カ",
            },
            MANAGE,
            True,
        ),
        ("GET", "/api/v1/transfers/due?date=2026-11-20", None, STAFF, False),
        ("POST", "/api/v1/transfer-exports", {"date": "2026-11-20"}, {Role.OPERATIONS}, False),
        ("GET", "/api/v1/transfer-exports", None, STAFF, False),
        ("GET", "/api/v1/transfer-exports/1", None, STAFF, False),
        ("GET", "/api/v1/transfer-exports/1/file", None, STAFF, False),
    ]


def send(client: TestClient, method: str, path: str, body: Any, headers: dict[str, str] | None) -> Any:
    if path.endswith("import"):  # the list and the でんさい file: multipart
        return client.post(
            path,
            headers=headers,
            data={"customer_id": str(body["customer_id"])},
            files={"file": ("l.csv", "種別\n".encode())},
        )
    if method == "POST" and path.endswith("/file"):
        return client.post(path, headers=headers, files={"file": ("a.pdf", b"%PDF-1.4\n%%EOF\n")})
    return client.request(method, path, json=body, headers=headers)


def test_every_route_has_a_row(world: dict[str, Any]) -> None:
    app = world["app"]
    listed = {(m, p.split("?")[0]) for m, p, *_ in cases(world["objects"], world["debtor_number"])}
    templated = {(m, _template(p)) for m, p in listed}
    served = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if path.startswith("/api/v1") and path not in PUBLIC
    }
    assert len(served) > 40  # the whole API, not just the routes declared on the app itself
    missing = {(m, p) for m, p in served if (m, p) not in templated and not (m == "DELETE" and "tokens" in p)}
    assert missing == set()


def _template(path: str) -> str:
    parts = path.split("/")
    names = {
        "customers": "{customer_id}",
        "debtors": "{debtor_id}",
        "review-requests": "{review_id}",
        "lines": "{line_id}",
        "applications": "{application_id}",
        "guarantees": "{guarantee_id}",
        "frame-changes": "{change_id}",
        "limit-changes": "{change_id}",
        "claims": "{claim_id}",
        "invoices": "{invoice_id}",
        "discounts": "{discount_id}",
        "purchases": "{purchase_id}",
        "notifications": "{notification_id}",
        "webhook-endpoints": "{endpoint_id}",
        "transfer-exports": "{export_id}",
        "users": "{user_id}",
    }

    def name(i: int, part: str) -> str:
        number, dot, suffix = part.partition(".")
        if parts[i - 1] == "documents" and i + 1 < len(parts) and parts[i + 1] == "file":
            return "{document_id}" if number.isdigit() else "{kind}"
        return names.get(parts[i - 1], part) + dot + suffix if number.isdigit() else part

    return "/".join(name(i, part) for i, part in enumerate(parts))


@pytest.mark.parametrize("role", list(Role))
def test_roles(world: dict[str, Any], role: Role) -> None:
    client, headers = world["client"], world["tokens"][role]
    for method, path, body, allowed, foreign in cases(world["objects"], world["debtor_number"]):
        response = send(client, method, path, body, headers)
        where = f"{role.value} {method} {path}: {response.status_code} {response.text[:200]}"
        assert response.status_code < 500, where
        if role is Role.CUSTOMER and foreign and (allowed == OWN or role in allowed):
            assert response.status_code == 404, where  # another company's object: as if it did not exist
        elif allowed == OWN or role in allowed:  # type: ignore[operator]
            assert response.status_code not in (401, 403), where
        else:
            assert response.status_code == 403, where
            assert response.json()["code"] == "FORBIDDEN"


def test_without_credentials_everything_is_401(world: dict[str, Any]) -> None:
    client = world["client"]
    for method, path, body, _allowed, _foreign in cases(world["objects"], world["debtor_number"]):
        response = send(client, method, path, body, None)
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"
