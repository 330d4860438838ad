"""全銀 transfers through the API and the command line: a discount advanced in the demonstration is
blocked until its customer has a payout account, then exported once, and downloaded again byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.domain.roles import Role
from hozen.store.db import Database
from tests.integration.test_journal import seeded_with_a_discount
from tests.support import bearer, ok

DAY = "2026-11-20"  # guarantee 1's note is discounted that day: face ¥3,000,000
ACCOUNT = {
    "bank_code": "０００５",
    "bank_name": "みつびし",
    "branch_code": "１２３",
    "branch_name": "まるのうち",
    "account_type": 1,
    "account_number": "98765",
    "holder_name": "こうこうぎょう（かぶ",
}


@pytest.fixture
def staff(client: TestClient, database: Database, make_user: Any) -> dict[str, dict[str, str]]:
    seeded_with_a_discount(database)
    roles = (Role.OPERATIONS, Role.UNDERWRITER, Role.APPROVER)
    return {role.value: bearer(client, make_user(role).login) for role in roles}


def test_bank_account_input_is_converted_or_refused_field_by_field(
    client: TestClient, staff: dict[str, dict[str, str]], make_user: Any
) -> None:
    path = "/api/v1/customers/1/bank-account"
    assert client.get(path, headers=staff["operations"]).json()["code"] == "NOT_FOUND"
    bad = {**ACCOUNT, "bank_code": "12", "holder_name": "甲工業（カ", "account_type": "3"}
    refused = client.put(path, json=bad, headers=staff["operations"])
    assert refused.status_code == 422
    errors = {e["field"]: e for e in refused.json()["errors"]}
    assert {f: e["code"] for f, e in errors.items()} == {
        "bank_code": "DIGITS_INVALID",
        "holder_name": "ZENGIN_CHARACTER_INVALID",
        "account_type": "ACCOUNT_TYPE_INVALID",
    }
    assert "「甲」" in errors["holder_name"]["message_ja"]

    assert client.put(path, json=ACCOUNT, headers=staff["approver"]).status_code == 403
    stored = ok(client.put(path, json=ACCOUNT, headers=staff["operations"]))
    assert {k: stored[k] for k in ACCOUNT} == {
        "bank_code": "0005",
        "bank_name": "ﾐﾂﾋﾞｼ",
        "branch_code": "123",
        "branch_name": "ﾏﾙﾉｳﾁ",
        "account_type": "1",
        "account_number": "0098765",
        "holder_name": "ｺｳｺｳｷﾞﾖｳ(ｶﾌﾞ",
    }
    assert stored["account_type_label"] == "普通"
    own = bearer(client, make_user(Role.CUSTOMER, customer_id=1).login)
    other = bearer(client, make_user(Role.CUSTOMER, customer_id=2).login)
    assert ok(client.get(path, headers=own))["account_number"] == "0098765"
    assert client.get(path, headers=other).status_code == 404
    assert client.put(path, json=ACCOUNT, headers=own).status_code == 403


def test_a_discount_is_exported_once_and_its_file_downloads_byte_for_byte(
    client: TestClient, staff: dict[str, dict[str, str]]
) -> None:
    ops = staff["operations"]
    due = ok(client.get(f"/api/v1/transfers/due?date={DAY}", headers=ops))
    assert due["payable"] == [] and [p["blocked"] for p in due["blocked"]] == ["BANK_ACCOUNT_MISSING"]
    advance = due["blocked"][0]["amount"]
    assert advance == 3_000_000 - 3_000_000 * 2 * 36 // 36500  # 2.0 % for 36 days, 11-20 … 12-25
    refused = client.post("/api/v1/transfer-exports", json={"date": DAY}, headers=ops)
    assert refused.status_code == 409 and refused.json()["code"] == "NOTHING_TO_EXPORT"

    ok(client.put("/api/v1/customers/1/bank-account", json=ACCOUNT, headers=ops))
    due = ok(client.get(f"/api/v1/transfers/due?date={DAY}", headers=ops))
    assert (due["count"], due["total"], due["blocked"]) == (1, advance, [])
    assert client.post("/api/v1/transfer-exports", json={"date": DAY}, headers=staff["underwriter"]).status_code == 403
    created = ok(client.post("/api/v1/transfer-exports", json={"date": DAY}, headers=ops), 201)
    assert (created["count"], created["total"], created["transfer_date"]) == (1, advance, DAY)
    assert [(line["kind"], line["amount"]) for line in created["lines"]] == [("discount", advance)]

    first = client.get(created["file"], headers=staff["underwriter"])
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/plain")
    content = first.content
    assert hashlib.sha256(content).hexdigest() == created["sha256"]
    records = content.split(b"\r\n")[:-1]
    assert [r[:1] for r in records] == [b"1", b"2", b"8", b"9"] and {len(r) for r in records} == {120}
    data = records[1]
    assert data[1:5] == b"0005" and data[20:23] == b"123" and data[42:50] == b"10098765"
    assert data[50:80].decode("cp932") == "ｺｳｺｳｷﾞﾖｳ(ｶﾌﾞ".ljust(30)
    assert int(data[80:90]) == advance
    assert records[2][1:7] == b"000001" and int(records[2][7:19]) == advance
    assert records[0][14:54].decode("cp932").rstrip() == "ﾎｾﾞﾝﾌｱｸﾀﾘﾝｸﾞ(ｶ" and records[0][54:58] == b"1120"

    assert client.get(created["file"], headers=ops).content == content  # again, the same bytes
    again = client.post("/api/v1/transfer-exports", json={"date": DAY}, headers=ops)
    assert again.status_code == 409 and again.json()["code"] == "NOTHING_TO_EXPORT"
    assert [e["id"] for e in ok(client.get("/api/v1/transfer-exports", headers=ops))] == [created["id"]]
    assert ok(client.get(f"/api/v1/transfer-exports/{created['id']}", headers=ops))["sha256"] == created["sha256"]


def test_the_command_line_exports_and_writes_the_file_again(
    client: TestClient,
    staff: dict[str, dict[str, str]],
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    runner = CliRunner()
    blocked = runner.invoke(cli_app, ["transfers", "export", "--date", DAY, "--output", str(tmp_path / "a.txt")])
    assert blocked.exit_code == 2 and "NOTHING_TO_EXPORT" in blocked.output
    assert len(blocked.output.strip().splitlines()) == 1 and not (tmp_path / "a.txt").exists()
    due = runner.invoke(cli_app, ["transfers", "due", "--date", DAY])
    assert due.exit_code == 0 and "出力できる支払 0件 合計 0円、保留 1件" in due.output

    ok(client.put("/api/v1/customers/1/bank-account", json=ACCOUNT, headers=staff["operations"]))
    unwritable = runner.invoke(cli_app, ["transfers", "export", "--date", DAY, "--output", str(tmp_path / "no/x.txt")])
    assert unwritable.exit_code == 2 and "OUTPUT_NOT_WRITABLE" in unwritable.output
    done = runner.invoke(cli_app, ["transfers", "export", "--date", DAY, "--output", str(tmp_path / "a.txt")])
    assert done.exit_code == 0, done.output
    assert "1件" in done.output and "2,994,083円" in done.output  # nothing was exported by the refused attempt
    written = (tmp_path / "a.txt").read_bytes()
    assert len(written) == 4 * 122 and int(written[122 + 80 : 122 + 90]) == 2_994_083

    listed = runner.invoke(cli_app, ["transfers", "list", "--json"])
    assert listed.exit_code == 0 and '"count": 1' in listed.output
    again = runner.invoke(cli_app, ["transfers", "file", "1", "--output", str(tmp_path / "b.txt")])
    assert again.exit_code == 0 and (tmp_path / "b.txt").read_bytes() == written
    twice = runner.invoke(cli_app, ["transfers", "export", "--date", DAY, "--output", str(tmp_path / "c.txt")])
    assert twice.exit_code == 2 and "NOTHING_TO_EXPORT" in twice.output
    bad_date = runner.invoke(cli_app, ["transfers", "export", "--date", "2026-02-30"])
    assert bad_date.exit_code == 2 and "INVALID_DATE" in bad_date.output
