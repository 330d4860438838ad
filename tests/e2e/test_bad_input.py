"""Every class of bad input is refused at the contract with a coded 422 — never a 500 — on both databases.

Ids beyond PostgreSQL's integer and beyond 64 bits, amounts beyond the documented maximum, NUL and other
control characters (the anonymous login included), dates near 9999, a superscript digit and over-long
fields in an imported list, and a control character already stored in a name (the Excel report).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from hozen.domain.roles import Role
from hozen.store.db import Database
from tests.conftest import MakeUser
from tests.e2e.test_frame_simulation_api_cli import example
from tests.integration.scenario import add_customer, add_debtor
from tests.support import bearer, ok

TOO_LARGE_IDS = ["2147483648", "9223372036854775808", "99999999999999999999999"]


@pytest.fixture
def admin(client: TestClient, make_user: MakeUser) -> dict[str, str]:
    make_user(Role.ADMIN, login="bounds-admin")
    return bearer(client, "bounds-admin")


def refused(response: Any, code: str) -> dict[str, Any]:
    """A 422 problem+json naming ``code`` (the request's or one of its fields'), in both languages."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    codes = {body["code"], *(e["code"] for e in body["errors"])}
    assert code in codes, body
    assert body["message_ja"] and body["message_en"]
    return body


@pytest.mark.parametrize("too_large", TOO_LARGE_IDS)
def test_ids_beyond_the_database_are_refused_in_paths(
    client: TestClient, admin: dict[str, str], too_large: str
) -> None:
    refused(client.get(f"/api/v1/guarantees/{too_large}", headers=admin), "VALUE_ABOVE_MAXIMUM")
    refused(client.get(f"/api/v1/debtors/{too_large}", headers=admin), "VALUE_ABOVE_MAXIMUM")
    refused(client.get("/api/v1/guarantees/0", headers=admin), "VALUE_BELOW_MINIMUM")


def test_ids_and_amounts_beyond_the_bounds_are_refused_in_bodies(
    client: TestClient, admin: dict[str, str], database: Database
) -> None:
    debtor_id, _ = add_debtor(database)
    for limit in (9223372036854775808, 1_000_000_000_001):
        answer = client.put(
            f"/api/v1/debtors/{debtor_id}/limit", headers=admin, json={"own_limit": limit, "reason": "決算書の確認"}
        )
        assert refused(answer, "VALUE_ABOVE_MAXIMUM")["errors"][0]["field"] == "own_limit"
    at_the_bound = {"own_limit": 1_000_000_000_000, "reason": "決算書の確認"}
    accepted = client.put(f"/api/v1/debtors/{debtor_id}/limit", headers=admin, json=at_the_bound)
    assert accepted.status_code == 200, accepted.text  # a first own limit only lowers the caps: no second person
    claim = {"guarantee_id": 2147483648, "trigger": "dishonour", "event_date": "2026-11-20"}
    refused(client.post("/api/v1/claims", headers=admin, json=claim), "VALUE_ABOVE_MAXIMUM")


def test_nul_and_control_characters_are_refused(client: TestClient, admin: dict[str, str]) -> None:
    login = client.post("/api/v1/auth/tokens", json={"login": "adm\u0000in", "password": "whatever-it-is"})
    refused(login, "TEXT_CONTROL_CHARACTER")
    refused(
        client.post("/api/v1/auth/tokens", json={"login": "adm\u001bin", "password": "x"}), "TEXT_CONTROL_CHARACTER"
    )
    listing = client.get("/api/v1/review-requests", params={"state": "sub\u0000mitted"}, headers=admin)
    refused(listing, "TEXT_CONTROL_CHARACTER")


def test_dates_outside_the_years_are_refused(client: TestClient) -> None:
    simulation = {**example(), "work_start": "9999-12-01"}
    body = refused(client.post("/api/v1/frame-simulations", json=simulation), "DATE_OUT_OF_RANGE")
    assert "2000年から2100年" in body["message_ja"]
    quote = {"amount": 1_000_000, "rate": "4.5", "start": "1999-12-31", "end": "2026-06-30"}
    refused(client.post("/api/v1/quotes", json=quote), "DATE_OUT_OF_RANGE")


def test_a_body_that_is_not_json_and_a_wrong_method(client: TestClient) -> None:
    not_json = client.post("/api/v1/quotes", content=b"\xff{", headers={"content-type": "application/json"})
    refused(not_json, "JSON_INVALID")
    wrong_method = client.delete("/api/v1/quotes")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert wrong_method.headers["content-type"] == "application/problem+json"


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["種別", "債務者法人番号", "債権番号", "金額", "振出日・発生日", "支払期日"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["種別", "債務者法人番号", "債権番号", "金額", "振出日・発生日", "支払期日"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _import(client: TestClient, headers: dict[str, str], customer_id: int, name: str, content: bytes) -> Any:
    return client.post(
        "/api/v1/review-requests/import",
        headers=headers,
        data={"customer_id": str(customer_id)},
        files={"file": (name, content)},
    )


def customer_user(client: TestClient, make_user: MakeUser, customer_id: int) -> dict[str, str]:
    make_user(Role.CUSTOMER, customer_id=customer_id, login=f"bounds-customer-{customer_id}")
    return bearer(client, f"bounds-customer-{customer_id}")


def test_list_import_refuses_bad_cells_row_by_row(client: TestClient, make_user: MakeUser, database: Database) -> None:
    customer_id = add_customer(database)
    customer = customer_user(client, make_user, customer_id)
    _, debtor = add_debtor(database)
    good = ["約束手形", debtor, "A-001", 2_000_000, "2026/11/02", "2027/02/26"]
    superscript = ["約束手形", debtor, "A-002", "²", "2026/11/02", "2027/02/26"]
    long_reference = ["約束手形", debtor, "x" * 131_073, 2_000_000, "2026/11/02", "2027/02/26"]
    for name, content in (
        ("list.xlsx", _xlsx([good, superscript, long_reference])),
        ("list.csv", _csv([good, superscript, long_reference])),
    ):
        body = _import(client, customer, customer_id, name, content).json()
        assert body["code"] == "IMPORT_ROWS_INVALID", body
        rows = {problem["row"]: problem["errors"] for problem in body["context"]["rows"]}
        assert sorted(rows) == [3, 4], body
        assert rows[3][0]["field"] == "amount" and rows[3][0]["code"] == "NOT_AN_INTEGER"
        assert rows[4][0]["code"] == "TEXT_TOO_LONG"


def test_full_width_digits_in_an_imported_amount_are_read(
    client: TestClient, make_user: MakeUser, database: Database
) -> None:
    customer_id = add_customer(database)
    customer = customer_user(client, make_user, customer_id)
    _, debtor = add_debtor(database)
    content = _csv([["約束手形", debtor, "A-001", "２，０００，０００", "2026/11/02", "2027/02/26"]])
    review = ok(_import(client, customer, customer_id, "list.csv", content), 201)
    assert review["lines"][0]["amount"] == 2_000_000


def test_a_control_character_stored_in_a_name_does_not_break_the_excel_report(
    client: TestClient, admin: dict[str, str], database: Database
) -> None:
    add_customer(database, name="甲工業\u0001株式会社")
    response = client.get("/api/v1/reports/exposure", params={"by": "customer", "format": "xlsx"}, headers=admin)
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "甲工業株式会社" in names
