"""200 customers' applications on one debtor at the same moment, over HTTP against two worker
processes: every caller gets an answer (no 5xx), exactly the applications that fit are reserved,
the rest are held, and the debtor's exposure equals its limit — never more (SPEC §5)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlalchemy import func, select

from hozen.domain.roles import Role
from hozen.services import auth, portfolio
from hozen.store.models import Application, Reservation
from hozen.store.repositories import debtor_exposure
from tests.integration.scenario import TODAY, build
from tests.integration.test_workflow import approved_review, line_ids
from tests.load.conftest import Server
from tests.support import TEST_PASSWORD

APPLICATIONS = 200
EACH = 1_000_000
ROOM = 20
NET_ASSETS = ROOM * EACH  # the debtor's limit: room for exactly 20 applications


def test_two_hundred_applications_on_one_debtor(server: Server) -> None:
    database = server.database
    world = build(database, net_assets=NET_ASSETS)
    with database.unit_of_work() as uow:
        portfolio.set_today(uow, world.admin, TODAY)
    with database.unit_of_work() as uow:
        auth.create_user(
            uow, None, login="load-customer", display_name="負荷試験", password=TEST_PASSWORD,
            role=Role.CUSTOMER, customer_id=world.customer_id,
        )  # fmt: skip
    requests = [
        (review, line_ids(database, review)) for review in (approved_review(world, [EACH]) for _ in range(APPLICATIONS))
    ]
    with server.client() as client:
        token = client.post("/api/v1/auth/tokens", json={"login": "load-customer", "password": TEST_PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
    start = Barrier(APPLICATIONS)

    def apply(request: tuple[int, list[int]]) -> int:
        review_id, lines = request
        with server.client(headers=headers) as client:
            start.wait()
            return client.post("/api/v1/applications", json={"review_id": review_id, "line_ids": lines}).status_code

    with ThreadPoolExecutor(APPLICATIONS) as pool:
        statuses = Counter(pool.map(apply, requests))

    assert statuses == {201: APPLICATIONS}, (statuses, server.log_text()[-4000:])
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        states = Counter(session.scalars(select(Application.state)))
        assert states == {"reserved": ROOM, "held": APPLICATIONS - ROOM}
        assert debtor_exposure(session, world.debtor_id) == NET_ASSETS
        assert session.scalar(select(func.count()).select_from(Reservation)) == ROOM
    assert "Traceback" not in server.log_text()
    assert server.violations() == []
