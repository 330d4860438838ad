"""A server whose database connections are all in use answers 503 with Retry-After, quickly, and
serves again as soon as one is free; one request never needs a second connection."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from hozen.app import create_app
from hozen.config import Settings
from hozen.domain.roles import Role
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
        with TestClient(app) as client:
            web_login(client, user.login)
            in_use = ConnectionsInUse(app)
            pages = [client.get(path) for path in ("/staff", "/staff/guarantees", "/staff/invoices", "/staff/claims")]
    finally:
        app.state.database.dispose()
    assert [page.status_code for page in pages] == [200] * 4
    assert in_use.most == 1
