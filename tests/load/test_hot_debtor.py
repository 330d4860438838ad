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
from tests.integration.scenario import TODAY, World, build
from tests.integration.test_workflow import approved_review, line_ids
from tests.load.conftest import Server
from tests.support import TEST_PASSWORD

APPLICATIONS = 200
EACH = 1_000_000
ROOM = 20
NET_ASSETS = ROOM * EACH  # the debtor's limit: room for exactly 20 applications
REPEATED = 60  # reviews each sent three times at once


def customer_headers(server: Server, world: World) -> dict[str, str]:
    """The business date set, and a bearer token of a user of the world's customer."""
    with server.database.unit_of_work() as uow:
        portfolio.set_today(uow, world.admin, TODAY)
    with server.database.unit_of_work() as uow:
        auth.create_user(
            uow, None, login="load-customer", display_name="負荷試験", password=TEST_PASSWORD,
            role=Role.CUSTOMER, customer_id=world.customer_id,
        )  # fmt: skip
    with server.client() as client:
        token = client.post("/api/v1/auth/tokens", json={"login": "load-customer", "password": TEST_PASSWORD})
        return {"Authorization": f"Bearer {token.json()['token']}"}


def test_two_hundred_applications_on_one_debtor(server: Server) -> None:
    database = server.database
    world = build(database, net_assets=NET_ASSETS)
    headers = customer_headers(server, world)
    requests = [
        (review, line_ids(database, review)) for review in (approved_review(world, [EACH]) for _ in range(APPLICATIONS))
    ]
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


def test_each_review_sent_three_times_at_once_is_applied_for_once(server: Server) -> None:
    """Each review is sent three times at the same moment: twice with one idempotency key (a client
    retrying before its answer) and once without (a second application). Calls arriving together are
    written together, and a group holding two sends of one review is decided send by send: whichever
    comes first is written, a retry of it answers with the same applications, the other is refused."""
    database = server.database
    world = build(database, net_assets=10**12)
    headers = customer_headers(server, world)
    reviews = [
        (review, line_ids(database, review)) for review in (approved_review(world, [EACH]) for _ in range(REPEATED))
    ]
    sends = [(review, lines, key) for review, lines in reviews for key in (f"apply-{review:06d}",) * 2 + (None,)]
    start = Barrier(len(sends))

    def apply(send: tuple[int, list[int], str | None]) -> tuple[int, str | None, int, list[int] | str]:
        review_id, lines, key = send
        with server.client(headers=headers) as client:
            start.wait()
            answer = client.post(
                "/api/v1/applications", json={"review_id": review_id, "line_ids": lines, "idempotency_key": key}
            )
        body = answer.json()
        outcome = [application["id"] for application in body] if answer.status_code == 201 else body["code"]
        return review_id, key, answer.status_code, outcome

    with ThreadPoolExecutor(len(sends)) as pool:
        answers = list(pool.map(apply, sends))

    assert {status for _, _, status, _ in answers} <= {201, 409}, (answers, server.log_text()[-4000:])
    for review_id, _ in reviews:
        keyed = [outcome for review, key, _, outcome in answers if review == review_id and key is not None]
        [unkeyed] = [outcome for review, key, _, outcome in answers if review == review_id and key is None]
        if unkeyed == "REVIEW_NOT_APPROVED":  # a keyed send came first; its retry answers with its result
            assert keyed[0] == keyed[1] and isinstance(keyed[0], list), (review_id, keyed)
        else:  # the unkeyed send came first: both keyed sends are refused
            assert isinstance(unkeyed, list) and keyed == ["REVIEW_NOT_APPROVED"] * 2, (review_id, unkeyed, keyed)
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        assert sorted(session.scalars(select(Application.review_request_id))) == sorted(r for r, _ in reviews)
        assert debtor_exposure(session, world.debtor_id) == REPEATED * EACH
        assert session.scalar(select(func.count()).select_from(Reservation)) == REPEATED
    assert "Traceback" not in server.log_text()
    assert server.violations() == []
