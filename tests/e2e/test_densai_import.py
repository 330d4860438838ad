"""でんさい 開示 CSV → review request over the API, the portal and the command line (SPEC §17, §4.3).

The demonstration's business date is 2026-11-20; 甲 (login ``kou``) is customer 1. The files are built
here from rows and encoded as a bank writes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.services.demo import DEMO_PASSWORD, demo_corporate_number, seed
from hozen.store.db import Database
from tests.support import bearer, csrf_of, ok, web_login

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "densai-kaiji.csv"
HEADINGS = "記録番号,記録種別,発生日,支払期日,債権金額,債務者利用者番号,債務者名"
OZORA = demo_corporate_number(7_010_009_001)  # 大空建設, registered below with でんさい user number 123456789
YAMATO = demo_corporate_number(7_010_001_001)  # 株式会社大和建設 of the demonstration
URL = "/api/v1/review-requests/densai-import"
runner = CliRunner()


def densai_csv(*rows: str, encoding: str = "cp932") -> bytes:
    """A bank's 開示結果 CSV: a title line, the headings, the rows (CRLF, as banks write it)."""
    lines = ["でんさい 開示結果,2026/11/20 現在", HEADINGS, *rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


@pytest.fixture
def headers(client: TestClient, demo: Database) -> dict[str, dict[str, str]]:
    """Bearer headers of 甲, the underwriter, the approver and operations; 大空建設 registered as a debtor."""
    found = {login: bearer(client, login, DEMO_PASSWORD) for login in ("kou", "otsu", "shinsa", "kessai", "jimu")}
    debtor = {
        "name": "大空建設株式会社",
        "corporate_number": OZORA,
        "densai_user_number": "123456789",
        "net_assets": 300_000_000,
        "review_base_date": "2026-03-31",
        "public_works_orders": ["2026-06-01"],
    }
    assert ok(client.post("/api/v1/debtors", headers=found["shinsa"], json=debtor), 201)["densai_user_number"] == (
        "123456789"
    )
    return found


def _upload(
    client: TestClient, headers: dict[str, str], content: bytes, mapping: bytes | None = None, customer_id: int = 1
) -> Any:
    files: dict[str, Any] = {"file": ("kji20261120.csv", content, "text/csv")}
    if mapping is not None:
        files["mapping"] = ("bank-b.toml", mapping, "application/toml")
    return client.post(URL, headers=headers, data={"customer_id": str(customer_id)}, files=files)


def _codes(line: dict[str, Any]) -> list[str]:
    return [finding["code"] for finding in line["eligibility"]]


def test_a_shift_jis_disclosure_becomes_a_review_request(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    content = densai_csv(
        # By でんさい user number: the bank writes the debtor's name in half-width kana, which no debtor has.
        '98765432100000100017,発生記録,2026/11/02,2027/01/29,"1,200,000",123456789,ｵｵｿﾞﾗｹﾝｾﾂ(ｶ',
        # No user number: by name, written with ㈱; full-width digits; dates in the era and as 8 digits.
        "ＡＢ７６５４３２１０００００１０００１８,発生記録,令和8年11月4日,20270226,２，５００，０００,,㈱大和建設",
    )
    review = ok(_upload(client, headers["kou"], content), 201)
    assert (review["customer_id"], review["state"]) == (1, "submitted")
    debtors = {d["corporate_number"]: d["id"] for d in ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))}
    first, second = review["lines"]
    assert (first["kind"], first["reference"], first["amount"]) == ("erecord", "98765432100000100017", 1_200_000)
    assert (first["issue_date"], first["due_date"], first["debtor_id"]) == ("2026-11-02", "2027-01-29", debtors[OZORA])
    assert (second["kind"], second["reference"], second["amount"]) == ("erecord", "AB765432100000100018", 2_500_000)
    assert (second["issue_date"], second["due_date"]) == ("2026-11-04", "2027-02-26")
    assert second["debtor_id"] == debtors[YAMATO]
    assert _codes(first) == [] and _codes(second) == []


def test_a_transferred_record_is_imported_and_flagged(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    """UTF-8 with a BOM; the record acquired by a transfer record carries ERECEIVABLE_TRANSFERRED."""
    content = "\ufeff".encode() + densai_csv(
        "98765432100000100017,発生記録,2026/11/02,2027/01/29,1200000,123456789,",
        "98765432100000100021,譲渡記録,2026/11/02,2027/01/29,900000,123456789,",
        encoding="utf-8",
    )
    review = ok(_upload(client, headers["kou"], content), 201)
    issued, transferred = review["lines"]
    assert _codes(issued) == [] and _codes(transferred) == ["ERECEIVABLE_TRANSFERRED"]
    assert transferred["eligibility"][0]["message_ja"] == "1件目: 譲渡記録により取得した電子記録債権です。"


def test_every_bad_row_is_listed_and_nothing_is_imported(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    before = len(ok(client.get("/api/v1/review-requests", headers=headers["kou"])))
    content = densai_csv(
        "98765432100000100017,発生記録,2026/11/02,2027/01/29,1200000,123456789,",  # row 3 is good
        "1234567890,発生記録,2026/11/02,2027/01/29,1200000,123456789,",
        "98765432100000100018,発生記録,2026/11/31,2027/01/29,1200000,123456789,",
        "98765432100000100019,発生記録,2026/11/02,2027/01/29,12万円,123456789,",
        "98765432100000100020,発生記録,2026/11/02,2027/01/29,0,123456789,",
        "98765432100000100021,質権設定記録,2026/11/02,2027/01/29,1200000,123456789,",
        "98765432100000100022,発生記録,2026/11/02,2027/01/29,1200000,,株式会社みらい建設",
        "98765432100000100023,発生記録,2026/11/02,2027/01/29,1200000,999999999,",
    )
    refused = _upload(client, headers["kou"], content)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "IMPORT_ROWS_INVALID"
    found = {row["row"]: [(e["field"], e["code"]) for e in row["errors"]] for row in problem["context"]["rows"]}
    assert found == {
        4: [("記録番号", "DENSAI_RECORD_NUMBER_INVALID")],
        5: [("発生日", "DENSAI_DATE_INVALID")],
        6: [("債権金額", "NOT_AN_INTEGER")],
        7: [("債権金額", "VALUE_NOT_ABOVE")],
        8: [("記録種別", "DENSAI_RECORD_KIND_UNKNOWN")],
        9: [("債務者名", "UNKNOWN_DEBTOR")],
        10: [("債務者利用者番号", "UNKNOWN_DEBTOR")],
    }
    assert problem["message_ja"].startswith("7行に誤りがあるため、取り込みませんでした（4行目 記録番号: 記録番号は")
    assert "9行目 債務者名: 未登録の注文者です（株式会社みらい建設）" in problem["message_ja"]
    assert len(ok(client.get("/api/v1/review-requests", headers=headers["kou"]))) == before


def test_a_file_neither_utf8_nor_shift_jis_is_refused(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    refused = _upload(client, headers["kou"], densai_csv() + b"\x81\x20,\x85\x40\r\n")
    assert refused.status_code == 422
    message = "CSVの文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。"
    assert refused.json()["message_ja"] == message


def test_another_banks_layout_through_an_uploaded_mapping(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    mapping = (EXAMPLE.parent / "densai-mapping-b.toml").read_bytes()
    content = f"支払企業法人番号,電子記録債権番号,取得区分,振出日,満期日,金額\n{YAMATO},98765432100000100031,自社宛発生"
    content += ",2026/11/02,2027/01/29,800000\n"
    review = ok(_upload(client, headers["kou"], content.encode("cp932"), mapping), 201)
    [line] = review["lines"]
    assert (line["reference"], line["amount"]) == ("98765432100000100031", 800_000)
    assert line["debtor_name"] == "株式会社大和建設"
    # The default mapping does not read that file, and says which columns it misses.
    refused = _upload(client, headers["kou"], content.encode("cp932"))
    assert refused.status_code == 422
    assert "必要な列がありません: 記録番号, 発生日, 支払期日" in refused.json()["message_ja"]
    bad = _upload(client, headers["kou"], content.encode("cp932"), b"name = 1")
    assert bad.status_code == 422 and bad.json()["code"] == "DENSAI_MAPPING_INVALID"


def test_a_record_number_already_guaranteed_is_a_duplicate_finding(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    row = "98765432100000100041,発生記録,2026/11/02,2027/01/29,2000000,123456789,"
    first = ok(_upload(client, headers["kou"], densai_csv(row)), 201)
    line_id = first["lines"][0]["id"]
    review_url = f"/api/v1/review-requests/{first['id']}"
    ok(client.post(f"{review_url}/start", headers=headers["shinsa"]))
    decision = {"accept": True, "rate": "4.5"}
    ok(client.post(f"{review_url}/lines/{line_id}/decision", headers=headers["shinsa"], json=decision))
    ok(client.post(f"{review_url}/submit", headers=headers["shinsa"]))
    ok(client.post(f"{review_url}/approve", headers=headers["kessai"]))
    body = {"review_id": first["id"], "line_ids": [line_id]}
    [application] = ok(client.post("/api/v1/applications", headers=headers["kou"], json=body), 201)
    [guarantee] = application["guarantees"]
    assert (guarantee["product"], guarantee["reference"]) == ("erecord", "98765432100000100041")

    again = ok(_upload(client, headers["kou"], densai_csv(row.replace("2000000", '"2,000,000"'))), 201)
    [finding] = again["lines"][0]["eligibility"]
    assert finding["code"] == "RECEIVABLE_DUPLICATE"
    expected = f"1件目: 番号「98765432100000100041」の同じ債権が既に保証 {guarantee['id']} にあります。"
    assert finding["message_ja"] == expected

    web_login(client, "kou", DEMO_PASSWORD)  # the 記録番号 on the customer's guarantee page
    page = client.get(f"/portal/guarantees/{guarantee['id']}").text
    assert "<th>記録番号</th><td>98765432100000100041</td>" in page
    web_login(client, "shinsa", DEMO_PASSWORD)  # and on the staff's page of the guarantee
    record = client.get(f"/staff/records/guarantees/{guarantee['id']}").text
    assert "<dt>記録番号</dt><dd>98765432100000100041</dd>" in record


def test_staff_import_for_a_customer_and_customers_only_for_themselves(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    content = densai_csv("98765432100000100051,発生記録,2026/11/02,2027/01/29,1200000,123456789,")
    assert ok(_upload(client, headers["jimu"], content, customer_id=1), 201)["customer_id"] == 1
    assert _upload(client, headers["otsu"], content, customer_id=1).status_code == 404
    assert _upload(client, headers["shinsa"], content, customer_id=1).status_code == 403  # underwriters do not submit


def test_the_portal_offers_the_densai_file_beside_the_list(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    web_login(client, "kou", DEMO_PASSWORD)
    form = client.get("/portal/reviews/new").text
    assert 'value="densai"' in form and "でんさい 開示CSV" in form
    row = "98765432100000100061,発生記録,2026/11/02,2027/01/29,1200000,123456789,"
    files = {"file": ("kji.csv", densai_csv(row), "text/csv")}
    data = {"format": "densai", "csrf": csrf_of(client, "/portal/reviews/new")}
    done = client.post("/portal/reviews/new", data=data, files=files)
    assert done.status_code == 200 and "審査依頼を受け付けました" in done.text and "98765432100000100061" in done.text

    files = {"file": ("kji.csv", densai_csv(row.replace("98765432100000100061", "X-1")), "text/csv")}
    data = {"format": "densai", "csrf": csrf_of(client, "/portal/reviews/new")}
    bad = client.post("/portal/reviews/new", data=data, files=files)
    assert bad.status_code == 422
    assert "3行目" in bad.text and "記録番号: 記録番号は半角英数字20文字です（「X-1」）。" in bad.text
    assert 'value="densai" checked' in bad.text  # the choice is kept


def test_the_command_line_imports_the_example_files(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    demo: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", demo.url)
    result = runner.invoke(cli_app, ["import", "densai", str(EXAMPLE), "--customer", "1", "--user", "kou", "--json"])
    assert result.exit_code == 0, result.stderr
    review = ok(client.get(f"/api/v1/review-requests/{_json(result.stdout)['id']}", headers=headers["kou"]))
    assert [line["reference"] for line in review["lines"]] == [
        "98765432100000100017",
        "98765432100000100025",
        "98765432100000100033",
    ]
    assert [_codes(line) for line in review["lines"]] == [[], [], ["ERECEIVABLE_TRANSFERRED"]]

    plain = runner.invoke(cli_app, ["import", "densai", str(EXAMPLE), "--customer", "1", "--user", "jimu"])
    assert plain.exit_code == 0 and "件、要確認 3件）" in plain.stdout  # all three again: now duplicates too

    bank_b = tmp_path / "b.csv"
    bank_b.write_bytes(
        f"支払企業法人番号,電子記録債権番号,取得区分,振出日,満期日,金額\n{YAMATO},98765432100000100071,"
        "譲受,2026/11/02,2027/01/29,800000\n".encode("cp932")
    )
    mapping = str(EXAMPLE.parent / "densai-mapping-b.toml")
    command = ["import", "densai", str(bank_b), "--customer", "1", "--user", "kou", "--mapping", mapping, "--json"]
    [line] = _json(runner.invoke(cli_app, command).stdout)["lines"]
    assert (line["reference"], line["amount"], _codes(line)) == (
        "98765432100000100071",
        800_000,
        ["ERECEIVABLE_TRANSFERRED"],
    )

    bad = runner.invoke(cli_app, ["import", "densai", str(EXAMPLE), "--customer", "1", "--user", "nobody"])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "NOT_FOUND" in bad.stderr
    wrong = runner.invoke(cli_app, ["import", "densai", "README.md", "--customer", "1", "--user", "kou"])
    assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1 and "CSV（.csv）" in wrong.stderr


def _json(text: str) -> dict[str, Any]:
    import json

    return json.loads(text)  # type: ignore[no-any-return]
