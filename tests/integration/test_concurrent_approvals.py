"""Two approvers at the same moment: one approval lands, the other is a clear conflict — never a 500."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from hozen.domain.roles import Role
from hozen.services import reviews
from hozen.store.db import Database
from tests.integration.scenario import TODAY, build
from tests.integration.test_workflow import submitted_review
from tests.support import at_once, bearer


def test_simultaneous_approvals(client: TestClient, database: Database, make_user: Any) -> None:
    world = build(database)
    review_id, _ = submitted_review(world, [2_000_000])
    # stop short of approval: start, decide, submit
    from hozen.contract.reviews import LineDecisionInput

    with database.unit_of_work() as uow:
        line_id = reviews.start_review(uow, world.underwriter, review_id, today=TODAY).lines[0].id
    with database.unit_of_work() as uow:
        reviews.decide_line(
            uow, world.underwriter, review_id, line_id, LineDecisionInput(accept=True, rate="4.5"), today=TODAY
        )
    with database.unit_of_work() as uow:
        reviews.submit_for_approval(uow, world.underwriter, review_id, today=TODAY)
    approvers = [make_user(Role.APPROVER, login=f"approver-{n}") for n in range(4)]
    tokens = [bearer(client, user.login) for user in approvers]
    statuses: list[int] = []

    def approve(headers: dict[str, str]) -> None:
        statuses.append(client.post(f"/api/v1/review-requests/{review_id}/approve", headers=headers).status_code)

    assert at_once(approve, tokens, join_timeout=60) == []
    assert sorted(statuses)[0] == 200 and statuses.count(200) == 1
    assert set(statuses) <= {200, 409}


def test_a_lost_update_race_is_a_409_problem(app: Any) -> None:
    """The mapping itself: a stale write or a unique race surfaces as 409 problem+json, never a 500."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    def stale() -> None:
        raise StaleDataError("UPDATE statement on table 'review_requests' expected to update 1 row(s); 0 were matched.")

    def duplicate() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key value violates unique constraint"))

    app.add_api_route("/api/test-only/stale", stale, methods=["POST"])
    app.add_api_route("/api/test-only/duplicate", duplicate, methods=["POST"])
    with TestClient(app, raise_server_exceptions=False) as client:
        for path, code in (("/api/test-only/stale", "CONCURRENT_UPDATE"), ("/api/test-only/duplicate", "CONFLICT")):
            response = client.post(path)
            assert response.status_code == 409 and response.json()["code"] == code
            assert response.headers["content-type"].startswith("application/problem+json")
