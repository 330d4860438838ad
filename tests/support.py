"""Helpers for tests (import them; fixtures live in conftest.py)."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy.engine import make_url

from hozen.services.auth import UserInfo

TEST_SECRET_KEY = "hozen-test-suite-secret-key-0123456789"
TEST_REGISTRATION_NUMBER = "T8700110005901"
TEST_PASSWORD = "correct horse battery staple"

# make_user(role, *, customer_id=None, login=None) -> UserInfo (the conftest fixture)
MakeUser = Callable[..., UserInfo]


def bearer(client: TestClient, login: str, password: str = TEST_PASSWORD) -> dict[str, str]:
    """Log in through the API; the headers that send the new token."""
    response = client.post("/api/v1/auth/tokens", json={"login": login, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def database_kind(url: str) -> str:
    """``sqlite`` or ``postgres``."""
    return "sqlite" if make_url(url).get_backend_name() == "sqlite" else "postgres"


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page carries in its forms (as a browser would send it back)."""
    import re

    match = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def web_login(client: TestClient, login: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the login form (session cookie)."""
    response = client.post(
        "/login", data={"login": login, "password": password, "csrf": csrf_of(client)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


Item = TypeVar("Item")


def at_once(work: Callable[[Item], object], items: Iterable[Item], *, join_timeout: float = 120) -> list[BaseException]:
    """Run ``work`` once per item, each in a thread of its own, released together by a barrier; the
    exceptions the threads raised (none, when all went well). ``join_timeout`` guards a hang only."""
    chosen = list(items)
    start = threading.Barrier(len(chosen))
    errors: list[BaseException] = []

    def run(item: Item) -> None:
        try:
            start.wait()
            work(item)
        except BaseException as error:  # reported to the test, with the thread's failure
            errors.append(error)

    threads = [threading.Thread(target=run, args=(item,)) for item in chosen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join_timeout)
    return errors


def ok(response: Any, status: int = 200) -> Any:
    """The JSON body of an answer that has the expected status (the body is shown when it has not)."""
    assert response.status_code == status, response.text
    return response.json()


def receivable_list(debtor_number: str, reference: str, amount: int) -> bytes:
    """A customer's list of one note (保証希望銘柄リスト) as the .xlsx the list import reads."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["種別", "債務者法人番号", "債権番号", "金額", "振出日・発生日", "支払期日"])
    sheet.append(["約束手形", debtor_number, reference, amount, "2026/11/02", "2027/02/26"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def set_business_date(client: TestClient, headers: dict[str, str], day: str) -> None:
    """Move the business date ("as of") through the API, as an administrator does."""
    ok(client.put("/api/v1/business-date", headers=headers, json={"today": day}))


def journal(client: Any, headers: dict[str, str], start: str, end: str) -> list[dict[str, Any]]:
    """The journal of a period over the API, every entry checked to balance (debits = credits)."""
    entries: list[dict[str, Any]] = ok(
        client.get("/api/v1/reports/journal", headers=headers, params={"from": start, "to": end})
    )
    for entry in entries:
        sides = {side: sum(p["amount"] for p in entry["postings"] if p["side"] == side) for side in ("debit", "credit")}
        assert sides["debit"] == sides["credit"] > 0, entry
    return entries


def postings_of(entries: list[dict[str, Any]], event: str) -> list[tuple[str, str, int]]:
    """(side, account, amount) of every posting of the entries of one event."""
    return [(p["side"], p["account"], p["amount"]) for e in entries if e["event"] == event for p in e["postings"]]


def account_balance(entries: list[dict[str, Any]], account: str) -> int:
    """Debits minus credits of one account over the entries."""
    return sum(
        p["amount"] if p["side"] == "debit" else -p["amount"]
        for e in entries
        for p in e["postings"]
        if p["account"] == account
    )


def field_container(html: str, name: str) -> str:
    """The HTML of the container of the form field ``name`` (its label, input and message)."""
    match = re.search(rf'<div class="field[^"]*" id="{name}-field">(.*?)</div>', html, re.S)
    assert match is not None, f"no container for {name}"
    return match.group(1)
