"""A working day over HTTP for the load tests: a cast of users, and one round of work from a
customer's list to its payment, recording what the server acknowledged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import httpx

from hozen.domain.roles import Role
from hozen.services import auth, portfolio
from tests.integration.scenario import TODAY, add_customer, add_debtor
from tests.load.conftest import Server
from tests.support import TEST_PASSWORD

CUSTOMERS = 4
DEBTORS = 2


@dataclass(frozen=True)
class Cast:
    customers: list[tuple[int, dict[str, str]]]  # (customer id, its user's headers)
    debtor_numbers: list[str]
    underwriter: dict[str, str]
    approver: dict[str, str]
    operations: dict[str, str]


def _headers(server: Server, login: str) -> dict[str, str]:
    with server.client() as client:
        response = client.post("/api/v1/auth/tokens", json={"login": login, "password": TEST_PASSWORD})
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}


def make_cast(server: Server) -> Cast:
    database = server.database
    customer_ids = [add_customer(database, name=f"下請{n}工業株式会社") for n in range(CUSTOMERS)]
    debtors = [add_debtor(database, net_assets=600_000_000, name=f"元請{n}建設株式会社")[1] for n in range(DEBTORS)]
    with database.unit_of_work() as uow:
        for role in (Role.UNDERWRITER, Role.APPROVER, Role.OPERATIONS, Role.ADMIN):
            auth.create_user(uow, None, login=role.value, display_name=role.value, password=TEST_PASSWORD, role=role)
        for n, customer_id in enumerate(customer_ids):
            auth.create_user(
                uow, None, login=f"customer-{n}", display_name=f"customer {n}", password=TEST_PASSWORD,
                role=Role.CUSTOMER, customer_id=customer_id,
            )  # fmt: skip
    with database.unit_of_work() as uow:
        admin = auth.get_user(uow, 4).actor  # the administrator created above
        portfolio.set_today(uow, admin, TODAY)
    return Cast(
        customers=[(cid, _headers(server, f"customer-{n}")) for n, cid in enumerate(customer_ids)],
        debtor_numbers=debtors,
        underwriter=_headers(server, "underwriter"),
        approver=_headers(server, "approver"),
        operations=_headers(server, "operations"),
    )


@dataclass
class Ledger:
    """What one client saw: every status, and every object the server acknowledged creating."""

    statuses: Counter[int] = field(default_factory=Counter)
    acknowledged: list[tuple[str, int]] = field(default_factory=list)


def one_round(client: httpx.Client, cast: Cast, number: int, ledger: Ledger) -> None:
    """One list from submission to payment; a refused call fails the round (and the test)."""

    def call(method: str, path: str, headers: dict[str, str], body: object = None) -> httpx.Response:
        response = client.request(method, path, headers=headers, json=body)
        ledger.statuses[response.status_code] += 1
        assert response.is_success, (method, path, response.status_code, response.text)
        return response

    customer_id, customer = cast.customers[number % CUSTOMERS]
    lines = [
        {
            "kind": "note",
            "debtor_corporate_number": cast.debtor_numbers[(number + k) % DEBTORS],
            "reference": f"手形 L-{number}-{k}",
            "amount": 1_500_000 + 10_000 * k,
            "issue_date": "2026-11-02",
            "due_date": "2027-02-26",
        }
        for k in range(DEBTORS)
    ]
    review = call("POST", "/api/v1/review-requests", customer, {"customer_id": customer_id, "lines": lines}).json()
    ledger.acknowledged.append(("review-requests", review["id"]))
    call("POST", f"/api/v1/review-requests/{review['id']}/start", cast.underwriter)
    for line in review["lines"]:
        decision = {"accept": True, "rate": "4.5"}
        call("POST", f"/api/v1/review-requests/{review['id']}/lines/{line['id']}/decision", cast.underwriter, decision)
    call("POST", f"/api/v1/review-requests/{review['id']}/submit", cast.underwriter)
    call("POST", f"/api/v1/review-requests/{review['id']}/approve", cast.approver)
    line_ids = [line["id"] for line in review["lines"]]
    applied = call("POST", "/api/v1/applications", customer, {"review_id": review["id"], "line_ids": line_ids}).json()
    for application in applied:
        ledger.acknowledged.append(("applications", application["id"]))
        invoice = application["invoice"]
        payment = {
            "invoice_id": invoice["id"],
            "amount": invoice["amount"],
            "received_on": TODAY.isoformat(),
            "idempotency_key": f"load-payment-{invoice['id']}",
        }
        paid = call("POST", "/api/v1/payments", cast.operations, payment).json()
        ledger.acknowledged.extend(("guarantees", guarantee["id"]) for guarantee in paid["guarantees"])
    call("GET", "/api/v1/review-requests", customer)
    call("GET", "/api/v1/notifications", cast.operations)
