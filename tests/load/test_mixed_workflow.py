"""Sixteen clients work the whole day at once over HTTP against two worker processes: customers
submit lists and apply, underwriters review, approvers approve, operations record payments, and
everyone lists. Every answer is a success — no 5xx, no lost race — and no deadlock reaches the
server's log: every path that touches limits takes its locks in one order."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from hozen.domain.roles import Role
from hozen.services import auth, portfolio
from tests.integration.scenario import TODAY, add_customer, add_debtor
from tests.load.conftest import Server
from tests.support import TEST_PASSWORD

CLIENTS = 16
CUSTOMERS = 4
DEBTORS = 2
ROUNDS_PER_CLIENT = 6
DEADLINE_S = 60  # the test's bound: clients stop starting rounds after this, whatever they finished


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


def _cast(server: Server) -> Cast:
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


def _round(client: httpx.Client, cast: Cast, number: int, statuses: Counter[int]) -> None:
    """One list from submission to payment; every call's status is counted."""

    def call(method: str, path: str, headers: dict[str, str], body: object = None) -> httpx.Response:
        response = client.request(method, path, headers=headers, json=body)
        statuses[response.status_code] += 1
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
    call("POST", f"/api/v1/review-requests/{review['id']}/start", cast.underwriter)
    for line in review["lines"]:
        decision = {"accept": True, "rate": "4.5"}
        call("POST", f"/api/v1/review-requests/{review['id']}/lines/{line['id']}/decision", cast.underwriter, decision)
    call("POST", f"/api/v1/review-requests/{review['id']}/submit", cast.underwriter)
    call("POST", f"/api/v1/review-requests/{review['id']}/approve", cast.approver)
    line_ids = [line["id"] for line in review["lines"]]
    applied = call("POST", "/api/v1/applications", customer, {"review_id": review["id"], "line_ids": line_ids}).json()
    for application in applied:
        invoice = application["invoice"]
        payment = {
            "invoice_id": invoice["id"],
            "amount": invoice["amount"],
            "received_on": TODAY.isoformat(),
            "idempotency_key": f"load-payment-{invoice['id']}",
        }
        call("POST", "/api/v1/payments", cast.operations, payment)
    call("GET", "/api/v1/review-requests", customer)
    call("GET", "/api/v1/notifications", cast.operations)


def test_sixteen_clients_work_the_day_at_once(server: Server) -> None:
    cast = _cast(server)
    deadline = time.monotonic() + DEADLINE_S

    def work(client_number: int) -> Counter[int]:
        statuses: Counter[int] = Counter()
        with server.client() as client:
            for round_number in range(ROUNDS_PER_CLIENT):
                if time.monotonic() > deadline:
                    break
                _round(client, cast, client_number * ROUNDS_PER_CLIENT + round_number, statuses)
        return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(work, range(CLIENTS)))
    statuses = sum(results, Counter())
    log = server.log_text()
    assert set(statuses) <= {200, 201}, (statuses, log[-4000:])
    assert statuses[201] >= CLIENTS  # every client finished at least one round
    assert "deadlock" not in log.lower() and "Traceback" not in log
    assert server.violations() == []
