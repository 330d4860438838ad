"""Duplicate receivables over HTTP: the finding on the review line, 409 problem+json when applying (SPEC §4.3)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from tests.support import bearer, ok

NOTE = "手形 No.ZZ-0001"


def _request(client: TestClient, headers: dict[str, str], debtor_number: str) -> dict[str, Any]:
    line = {
        "kind": "note",
        "debtor_corporate_number": debtor_number,
        "reference": NOTE,
        "amount": 2_000_000,
        "issue_date": "2026-11-02",
        "due_date": "2027-01-29",
    }
    return ok(  # type: ignore[no-any-return]
        client.post("/api/v1/review-requests", headers=headers, json={"customer_id": 1, "lines": [line]}), 201
    )


def _decide(client: TestClient, headers: dict[str, str], review: dict[str, Any], accept: bool) -> None:
    decision = {"accept": True, "rate": "4.5"} if accept else {"accept": False, "reason": "書類不足"}
    url = f"/api/v1/review-requests/{review['id']}/lines/{review['lines'][0]['id']}/decision"
    ok(client.post(url, headers=headers, json=decision))


def _apply(client: TestClient, headers: dict[str, str], review: dict[str, Any]) -> Any:
    body = {"review_id": review["id"], "line_ids": [review["lines"][0]["id"]]}
    return client.post("/api/v1/applications", headers=headers, json=body)


def test_a_duplicate_note_is_found_at_review_and_refused_at_application(client: TestClient, database: Database) -> None:
    seed(database)  # business date 2026-11-20
    headers = {name: bearer(client, name, DEMO_PASSWORD) for name in ("kou", "shinsa", "kessai")}
    yamato = ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))[0]["corporate_number"]

    first = _request(client, headers["kou"], yamato)
    assert first["lines"][0]["eligibility"] == []
    later = _request(client, headers["kou"], yamato)
    [finding] = later["lines"][0]["eligibility"]
    assert finding["code"] == "RECEIVABLE_DUPLICATE"
    assert finding["message_ja"] == f"1件目: 番号「{NOTE}」の同じ債権が既に明細 {first['lines'][0]['id']} にあります。"

    # The first line is declined for now, the later one accepted; then the first is accepted after all
    # (it is the earlier line). Both results are approved: whoever applies second is refused.
    for review in (first, later):
        ok(client.post(f"/api/v1/review-requests/{review['id']}/start", headers=headers["shinsa"]))
    _decide(client, headers["shinsa"], first, accept=False)
    _decide(client, headers["shinsa"], later, accept=True)
    _decide(client, headers["shinsa"], first, accept=True)
    for review in (first, later):
        ok(client.post(f"/api/v1/review-requests/{review['id']}/submit", headers=headers["shinsa"]))
        ok(client.post(f"/api/v1/review-requests/{review['id']}/approve", headers=headers["kessai"]))
    [application] = ok(_apply(client, headers["kou"], later), 201)
    refused = _apply(client, headers["kou"], first)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "RECEIVABLE_DUPLICATE"
    guarantee_id = application["guarantees"][0]["id"]
    assert f"既に保証 {guarantee_id} にある" in problem["message_ja"]
    assert ok(client.get(f"/api/v1/review-requests/{first['id']}", headers=headers["kou"]))["state"] == "approved"
