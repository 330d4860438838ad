"""Editing companies and changing limits through the API: PATCH records each changed field, refusals
name the field by its Japanese label, a limit above the four-eyes amount answers 202 and waits for a
second person (north policy: ¥50,000,000)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hozen.domain.roles import Role
from hozen.store.db import Database
from tests.conftest import MakeUser
from tests.integration.scenario import add_customer, add_debtor
from tests.support import bearer


@pytest.fixture
def staff(client: TestClient, make_user: MakeUser) -> dict[str, dict[str, str]]:
    for role, login in ((Role.OPERATIONS, "ops"), (Role.SENIOR_APPROVER, "senior"), (Role.ADMIN, "boss")):
        make_user(role, login=login)
    return {login: bearer(client, login) for login in ("ops", "senior", "boss")}


def test_patch_a_debtor_records_before_and_after(
    client: TestClient, database: Database, staff: dict[str, dict[str, str]]
) -> None:
    debtor_id, _ = add_debtor(database, net_assets=300_000_000)
    body = {"net_assets": 100_000_000, "dishonoured": True, "reason": "不渡りの情報"}
    answer = client.patch(f"/api/v1/debtors/{debtor_id}", headers=staff["ops"], json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["net_assets"] == 100_000_000 and answer.json()["dishonoured"] is True
    assert answer.json()["limit"] == 100_000_000  # the net assets now cap the limit
    cleared = client.patch(
        f"/api/v1/debtors/{debtor_id}", headers=staff["ops"], json={"net_assets": None, "reason": "x"}
    )
    assert cleared.json()["net_assets"] is None and cleared.json()["limit"] == 0


def test_patch_refusals_name_the_field_in_japanese(
    client: TestClient, database: Database, staff: dict[str, dict[str, str]]
) -> None:
    customer_id = add_customer(database)
    answer = client.patch(
        f"/api/v1/customers/{customer_id}",
        headers=staff["ops"],
        json={"employees": "many", "corporate_number": "1234567890123"},
    )
    assert answer.status_code == 422
    errors = {e["field"]: e for e in answer.json()["errors"]}
    assert errors["employees"]["label"] == "常時使用する従業員数"
    assert errors["employees"]["message_ja"] == "常時使用する従業員数: 整数（半角数字）で入力してください。"
    assert errors["corporate_number"]["message_ja"].startswith("法人番号: 法人番号のチェックデジット")
    assert errors["reason"]["message_ja"] == "変更の理由: 入力してください。"
    assert "常時使用する従業員数:" in answer.json()["message_ja"]
    forbidden = client.patch(f"/api/v1/customers/{customer_id}", headers=staff["senior"], json={"reason": "x"})
    assert forbidden.status_code == 403


def test_a_limit_needs_a_reason_and_above_the_amount_a_second_person(
    client: TestClient, database: Database, staff: dict[str, dict[str, str]]
) -> None:
    debtor_id, _ = add_debtor(database)
    path = f"/api/v1/debtors/{debtor_id}/limit"
    missing = client.put(path, headers=staff["senior"], json={"own_limit": 10_000_000})
    assert missing.status_code == 422 and missing.json()["errors"][0]["message_ja"] == "変更の理由: 入力してください。"
    assert (
        client.put(path, headers=staff["senior"], json={"own_limit": 10_000_000, "reason": "審査"}).status_code == 200
    )
    waiting = client.put(path, headers=staff["senior"], json={"own_limit": 70_000_000, "reason": "増額"})
    assert waiting.status_code == 202
    pending = waiting.json()["pending_limit_change"]
    assert waiting.json()["own_limit"] == 10_000_000 and pending["requested_limit"] == 70_000_000
    assert [c["id"] for c in client.get("/api/v1/limit-changes", headers=staff["boss"]).json()] == [pending["id"]]
    own = client.post(f"/api/v1/limit-changes/{pending['id']}/approve", headers=staff["senior"], json={})
    assert own.status_code == 403 and own.json()["code"] == "FOUR_EYES_REQUIRED"
    approved = client.post(f"/api/v1/limit-changes/{pending['id']}/approve", headers=staff["boss"], json={})
    assert approved.status_code == 200 and approved.json()["change"]["state"] == "approved"
    debtor = client.get(f"/api/v1/debtors/{debtor_id}", headers=staff["boss"]).json()
    assert debtor["own_limit"] == 70_000_000 and debtor["pending_limit_change"] is None
    again = client.post(f"/api/v1/limit-changes/{pending['id']}/reject", headers=staff["boss"], json={"reason": "x"})
    assert again.status_code == 409 and again.json()["code"] == "LIMIT_CHANGE_DECIDED"
