"""A mixed workflow load over HTTP against ``hozen serve``'s 2 worker processes on PostgreSQL, beside
the same load generator against a trivial endpoint (the floor), in the same run.

    .venv/bin/python -m bench.workflow_load [--clients 1,2,4,8,16,32] [--seconds 10] [--connection close]
    (from the repository root)

A fresh PostgreSQL database is migrated and seeded (16 customer companies with a user each, 32
debtors, an underwriter, an approver and operations staff); the server runs with 2 workers, as in
``tests/load``. Each client is a thread with its own connection that works rounds until the step
ends: a customer submits a list of two note lines (two debtors), the underwriter starts the review
and accepts both lines, submits it, the approver approves, the customer applies (two applications),
operations records both payments, and the customer and operations list their review requests and
notifications — 11 requests a round. Each client keeps its connection alive, as nginx does towards its
upstream with ``keepalive`` (docs/operations.md §4); ``--connection close`` opens one per request. The
floor is the same clients calling ``GET /api/v1/business-date`` (token check and one row) in a loop.

Each step runs a number of clients for ``--seconds`` and reports the requests answered per second,
their median and 99th-percentile latency and the errors (any answer not 2xx, or no answer). The
figure is the **sustained** rate: the highest of the steps with p99 ≤ 200 ms and no error; the ratio
is workflow / floor. The clients run on the same machine as the server (and share its cores), for the
floor as for the workflow. Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text
from tests.integration.scenario import TODAY, add_customer, add_debtor
from tests.load.conftest import start_server, stop_server
from tests.support import TEST_PASSWORD

from hozen.domain.roles import Role
from hozen.services import auth, portfolio
from hozen.store import admin
from hozen.store.db import Database

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
CUSTOMERS, DEBTORS = 16, 32
P99_LIMIT_S = 0.200
Headers = dict[str, str]


@dataclass(frozen=True)
class Cast:
    customers: list[tuple[int, Headers]]
    debtor_numbers: list[str]
    underwriter: Headers
    approver: Headers
    operations: Headers


@dataclass
class Step:
    """What the clients of one step saw, and how long they took from the start to the last answer."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += not ok


class Refused(Exception):
    """An answer that is not 2xx: the round stops, the client starts another."""


def _token(url: str, login: str) -> Headers:
    response = httpx.post(f"{url}/api/v1/auth/tokens", json={"login": login, "password": TEST_PASSWORD}, timeout=60)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def make_cast(database: Database, url: str) -> Cast:
    customer_ids = [add_customer(database, name=f"下請{n}工業株式会社") for n in range(CUSTOMERS)]
    debtors = [add_debtor(database, net_assets=10**11, name=f"元請{n}建設株式会社")[1] for n in range(DEBTORS)]
    with database.unit_of_work() as uow:
        for role in (Role.UNDERWRITER, Role.APPROVER, Role.OPERATIONS, Role.ADMIN):
            staff = auth.create_user(
                uow, None, login=role.value, display_name=role.value, password=TEST_PASSWORD, role=role
            )
        for n, customer_id in enumerate(customer_ids):
            auth.create_user(
                uow, None, login=f"customer-{n}", display_name=f"customer {n}", password=TEST_PASSWORD,
                role=Role.CUSTOMER, customer_id=customer_id,
            )  # fmt: skip
    with database.unit_of_work() as uow:
        portfolio.set_today(uow, staff.actor, TODAY)  # the administrator, created last
    return Cast(
        customers=[(cid, _token(url, f"customer-{n}")) for n, cid in enumerate(customer_ids)],
        debtor_numbers=debtors,
        underwriter=_token(url, "underwriter"),
        approver=_token(url, "approver"),
        operations=_token(url, "operations"),
    )


def _caller(client: httpx.Client, step: Step) -> Callable[..., httpx.Response]:
    def call(method: str, path: str, headers: Headers, body: object = None) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = client.request(method, path, headers=headers, json=body)
        except httpx.HTTPError:
            step.record(time.perf_counter() - started, ok=False)
            raise Refused(path) from None
        step.record(time.perf_counter() - started, ok=response.is_success)
        if not response.is_success:
            raise Refused(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response

    return call


def workflow_round(call: Callable[..., httpx.Response], cast: Cast, number: int) -> None:
    customer_id, customer = cast.customers[number % CUSTOMERS]
    lines = [
        {
            "kind": "note",
            "debtor_corporate_number": cast.debtor_numbers[(2 * number + k) % DEBTORS],
            "reference": f"手形 B-{number}-{k}",
            "amount": 1_500_000 + 10_000 * k,
            "issue_date": "2026-11-02",
            "due_date": "2027-02-26",
        }
        for k in range(2)
    ]
    review = call("POST", "/api/v1/review-requests", customer, {"customer_id": customer_id, "lines": lines}).json()
    base = f"/api/v1/review-requests/{review['id']}"
    call("POST", f"{base}/start", cast.underwriter)
    for line in review["lines"]:
        call("POST", f"{base}/lines/{line['id']}/decision", cast.underwriter, {"accept": True, "rate": "4.5"})
    call("POST", f"{base}/submit", cast.underwriter)
    call("POST", f"{base}/approve", cast.approver)
    body = {"review_id": review["id"], "line_ids": [line["id"] for line in review["lines"]]}
    for application in call("POST", "/api/v1/applications", customer, body).json():
        invoice = application["invoice"]
        payment = {
            "invoice_id": invoice["id"],
            "amount": invoice["amount"],
            "received_on": TODAY.isoformat(),
            "idempotency_key": f"bench-payment-{invoice['id']}",
        }
        call("POST", "/api/v1/payments", cast.operations, payment)
    call("GET", "/api/v1/review-requests", customer)
    call("GET", "/api/v1/notifications", cast.operations)


def floor_round(call: Callable[..., httpx.Response], cast: Cast, number: int) -> None:
    call("GET", "/api/v1/business-date", cast.customers[number % CUSTOMERS][1])


def run_step(
    url: str,
    cast: Cast,
    work: Callable[..., None],
    clients: int,
    seconds: float,
    rounds: itertools.count[int],
    connection_header: str,
) -> Step:
    """``clients`` threads, each with its own connection, start rounds of ``work`` until ``seconds``
    have passed (the rounds under way finish: their answers count, and so does the time they take)."""
    step = Step()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        with httpx.Client(base_url=url, timeout=60, headers={"Connection": connection_header}) as connection:
            call = _caller(connection, step)
            start.wait()
            while time.perf_counter() < deadline:
                with contextlib.suppress(Refused):  # a refused round is counted; the client goes on
                    work(call, cast, next(rounds))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline = started + seconds
    start.wait()
    for thread in threads:
        thread.join()
    step.elapsed = time.perf_counter() - started
    return step


def ladder(
    name: str, url: str, cast: Cast, work: Callable[..., None], steps: list[int], seconds: float, connection: str
) -> float:
    """Each step's figures; returns the sustained rate (0 when no step qualifies)."""
    sustained, rounds = 0.0, itertools.count()
    for clients in steps:
        step = run_step(url, cast, work, clients, seconds, rounds, connection)
        ordered = sorted(step.latencies) or [float("inf")]
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        rate = len(step.latencies) / step.elapsed
        ok = p99 <= P99_LIMIT_S and step.errors == 0
        print(
            f"{name:<8} {clients:>3} clients | {rate:7.1f} req/s | p50 {statistics.median(ordered) * 1000:6.1f} ms "
            f"p99 {p99 * 1000:7.1f} ms | errors {step.errors}{'' if ok else '  (over the limit)'}",
            flush=True,
        )
        if ok:
            sustained = max(sustained, rate)
    return sustained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="1,2,4,8,16,32", help="the steps: clients at once")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--connection",
        choices=("close", "keep-alive"),
        default="keep-alive",
        help="reuse each client's connection, as nginx with upstream keepalive, or open one per request",
    )
    arguments = parser.parse_args()
    steps = [int(n) for n in arguments.clients.split(",")]
    name = f"hozen_bench_workflow_{int(time.time())}"
    server_engine = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    database = None
    try:
        admin.upgrade(url)
        database = Database(url)
        with tempfile.TemporaryDirectory() as folder:
            server = start_server(database, Path(folder) / "server.log")
            try:
                cast = make_cast(database, server.url)
                figures = (steps, arguments.seconds, arguments.connection)
                floor = ladder("floor", server.url, cast, floor_round, *figures)
                workflow = ladder("workflow", server.url, cast, workflow_round, *figures)
            finally:
                stop_server(server)
        print(
            f"sustained at p99 ≤ {P99_LIMIT_S * 1000:.0f} ms with 0 errors: workflow {workflow:.1f} req/s, "
            f"floor {floor:.1f} req/s, ratio {workflow / floor if floor else 0:.1%} (2 workers, PostgreSQL)"
        )
    finally:
        if database is not None:
            database.dispose()
        with server_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server_engine.dispose()


if __name__ == "__main__":
    main()
