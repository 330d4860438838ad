"""The API under contention: a server whose database connections are all in use answers 503 with
Retry-After, quickly, and serves again as soon as one is free; one request (or page) never needs a
second connection; a command that loses a race runs again, a bounded number of times, then 409."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from hozen.app import create_app
from hozen.config import Settings
from hozen.domain.roles import Role
from hozen.services import portfolio
from tests.support import MakeUser, bearer, web_login


def test_a_saturated_server_answers_503_with_retry_after_and_recovers(settings: Settings, make_user: MakeUser) -> None:
    user = make_user(Role.OPERATIONS)
    app = create_app(settings.model_copy(update={"threads": 1, "database_pool_timeout": 0.2}))
    try:
        with TestClient(app) as client:
            headers = bearer(client, user.login)
            slots = app.state.connection_slots
            holder = object()
            client.portal.call(slots.acquire_on_behalf_of, holder)  # another request holds the only slot
            busy = client.get("/api/v1/me", headers=headers)
            refused_write = client.post("/api/v1/daily-runs", headers=headers)
            slots.release_on_behalf_of(holder)
            served = client.get("/api/v1/me", headers=headers)
    finally:
        app.state.database.dispose()
    for response in (busy, refused_write):
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["retry-after"] == "2"
        assert response.json()["code"] == "DATABASE_BUSY" and "混み合って" in response.json()["message_ja"]
    assert served.status_code == 200 and served.json()["login"] == user.login


class ConnectionsInUse:
    """The most connections the application's pool had checked out at once."""

    def __init__(self, app: FastAPI) -> None:
        self.now = self.most = 0
        event.listen(app.state.database.engine, "checkout", self._out)
        event.listen(app.state.database.engine, "checkin", self._in)

    def _out(self, *_: object) -> None:
        self.now += 1
        self.most = max(self.most, self.now)

    def _in(self, *_: object) -> None:
        self.now -= 1


def test_a_request_never_holds_two_connections(settings: Settings, make_user: MakeUser) -> None:
    """Identity, business date and command share the request's unit of work: a command that needs
    all three checks out one connection at a time."""
    user = make_user(Role.OPERATIONS)
    app = create_app(settings)
    in_use = ConnectionsInUse(app)
    try:
        with TestClient(app) as client:
            headers = bearer(client, user.login)
            ran = client.post("/api/v1/daily-runs", headers=headers)
            today = client.get("/api/v1/business-date", headers=headers)
    finally:
        app.state.database.dispose()
    assert ran.status_code == 200, ran.text
    assert ran.json()["business_date"] == today.json()["today"]
    assert in_use.most == 1


def test_a_page_never_holds_two_connections(settings: Settings, make_user: MakeUser) -> None:
    """The pages too: the user, the business date and the page's reads share one unit of work."""
    user = make_user(Role.OPERATIONS)
    app = create_app(settings)
    try:
        with TestClient(app, base_url="https://testserver") as client:  # the session cookie is Secure
            web_login(client, user.login)
            in_use = ConnectionsInUse(app)
            pages = [client.get(path) for path in ("/staff", "/staff/guarantees", "/staff/invoices", "/staff/claims")]
    finally:
        app.state.database.dispose()
    assert [page.status_code for page in pages] == [200] * 4
    assert in_use.most == 1


class _Deadlock(Exception):
    """What psycopg raises when PostgreSQL picks this transaction as a deadlock's victim."""

    sqlstate = "40P01"


@pytest.mark.parametrize(("losses", "status"), [(2, 200), (3, 409)])
def test_a_command_that_loses_a_race_runs_again_a_bounded_number_of_times(
    client: TestClient, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch, losses: int, status: int
) -> None:
    """Twice a deadlock's victim, the third attempt succeeds; three times, the caller gets 409
    CONCURRENT_UPDATE — never a 500 — and nothing was written."""
    admin = make_user(Role.ADMIN)
    headers = bearer(client, admin.login)
    before = client.get("/api/v1/business-date", headers=headers).json()["today"]
    real = portfolio.set_today
    attempts: list[int] = []

    def losing(*args: object, **kwargs: object) -> dt.date:
        attempts.append(1)
        if len(attempts) <= losses:
            raise OperationalError("UPDATE business_date …", {}, _Deadlock())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(portfolio, "set_today", losing)
    answer = client.put("/api/v1/business-date", headers=headers, json={"today": "2027-01-04"})
    assert answer.status_code == status, answer.text
    assert len(attempts) == min(losses + 1, 3)
    after = client.get("/api/v1/business-date", headers=headers).json()["today"]
    if status == 409:
        assert answer.json()["code"] == "CONCURRENT_UPDATE" and after == before
    else:
        assert after == "2027-01-04"


def test_a_value_the_database_cannot_hold_is_refused_not_a_500(client: TestClient, make_user: MakeUser) -> None:
    """An id beyond PostgreSQL's integer column is bad input (422), never an internal error; SQLite
    holds it and simply finds nothing (404)."""
    user = make_user(Role.OPERATIONS)
    answer = client.get("/api/v1/guarantees/2147483648", headers=bearer(client, user.login))
    assert answer.status_code in (404, 422), answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
