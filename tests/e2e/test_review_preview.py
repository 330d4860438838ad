"""The preview of a review request over HTTP and on the pages: the fee at one rate, the limits, and
the lines that cannot be priced (due before their start)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hozen.formatting import yen
from hozen.services import auth, review_preview
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.web import common
from tests.support import bearer, csrf_of, ok, web_login

TODAY = dt.date(2026, 11, 20)  # the demo's business date
YESTERDAY = "2026-11-19"


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


def _debtors(client: TestClient) -> list[dict[str, Any]]:
    return ok(client.get("/api/v1/debtors", headers=bearer(client, "shinsa", DEMO_PASSWORD)))  # type: ignore[no-any-return]


def _note(debtor_number: str, reference: str, amount: int, due: str) -> dict[str, Any]:
    return {
        "kind": "note",
        "debtor_corporate_number": debtor_number,
        "reference": reference,
        "amount": amount,
        "issue_date": "2026-11-02",
        "due_date": due,
    }


def _service_preview(database: Database, review_id: int, login: str) -> review_preview.ReviewPreview:
    with database.unit_of_work(write=False) as uow:
        actor = auth.user_by_login(uow, login).actor
        return review_preview.import_preview(uow, actor, review_id, "4.5", today=TODAY)


def test_the_owner_and_staff_see_the_preview_and_another_customer_does_not(client: TestClient, demo: Database) -> None:
    number = _debtors(client)[0]["corporate_number"]
    kou = bearer(client, "kou", DEMO_PASSWORD)
    lines = [_note(number, "P-1", 2_000_000, "2027-02-26"), _note(number, "P-2", 500_000, YESTERDAY)]
    review = ok(client.post("/api/v1/review-requests", headers=kou, json={"customer_id": 1, "lines": lines}), 201)
    url = f"/api/v1/review-requests/{review['id']}/preview"

    shown = ok(client.get(url, headers=kou, params={"rate": "4.5"}))
    expected = _service_preview(demo, review["id"], "kou")
    [debtor] = expected.debtors
    assert shown["rate"] == "4.5" and shown["lines"] == 2
    assert shown["total_fee"] == expected.total_fee > 0
    assert shown["unpriced_line_ids"] == [review["lines"][1]["id"]]  # the note due yesterday
    assert shown["debtors"] == [
        {
            "debtor_id": debtor.debtor_id,
            "name": debtor.name,
            "lines": 1,
            "requested": 2_000_000,
            "reserved": debtor.reserved,
            "limit": debtor.limit,
            "fits": debtor.fits,
        }
    ]
    assert shown["customer"] == {
        "requested": 2_000_000,
        "reserved": expected.customer_reserved,
        "limit": expected.customer_limit,
        "fits": expected.customer_fits,
    }
    staff = ok(client.get(url, headers=bearer(client, "shinsa", DEMO_PASSWORD), params={"rate": "4.5"}))
    assert staff == shown

    other = client.get(url, headers=bearer(client, "otsu", DEMO_PASSWORD), params={"rate": "4.5"})
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("rate", "code"), [("abc", "INVALID_RATE"), ("-1", "INVALID_RATE"), ("20", "RATE_OUT_OF_POLICY_RANGE")]
)
def test_a_bad_rate_is_refused_with_its_code(client: TestClient, demo: Database, rate: str, code: str) -> None:
    number = _debtors(client)[0]["corporate_number"]
    kou = bearer(client, "kou", DEMO_PASSWORD)
    line = _note(number, "P-1", 2_000_000, "2027-02-26")
    review = ok(client.post("/api/v1/review-requests", headers=kou, json={"customer_id": 1, "lines": [line]}), 201)
    refused = client.get(f"/api/v1/review-requests/{review['id']}/preview", headers=kou, params={"rate": rate})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == code


def _upload(client: TestClient, rows: list[str]) -> str:
    """The portal's list upload: the page it leads to."""
    csv = "種別,債務者法人番号,債権番号,金額,振出日・発生日,支払期日\n" + "\n".join(rows) + "\n"
    page = client.post(
        "/portal/reviews/new",
        data={"format": "list", "csrf": csrf_of(client, "/portal/reviews/new")},
        files={"file": ("list.csv", csv.encode())},
    )
    assert page.status_code == 200 and "保証料と限度額の見込み" in page.text
    return str(page.url.path)


def _section(html: str) -> str:
    """The preview's part of a review page."""
    return html.split('<h2 id="preview">', 1)[1].split("</section>", 1)[0]


def test_after_a_list_upload_the_pages_show_the_fee_and_the_limits(client: TestClient, demo: Database) -> None:
    number = _debtors(client)[0]["corporate_number"]
    web_login(client, "kou", DEMO_PASSWORD)
    rows = [
        f"約束手形,{number},P-1,2000000,2026/11/02,2027/02/26",
        f"約束手形,{number},P-2,500000,2026/11/02,2026/11/19",
    ]
    path = _upload(client, rows)
    review_id = int(path.rsplit("/", 1)[1])
    expected = _service_preview(demo, review_id, "kou")
    [debtor] = expected.debtors

    page = client.get(path, params={"rate": "4.5"})
    assert page.status_code == 200
    shown = _section(page.text)
    assert f'<strong id="preview-total">{yen(expected.total_fee)}</strong>' in shown
    assert "1件の明細は、支払期日が保証開始予定日より前のため保証料を計算できません" in shown
    assert f'<td>{debtor.name}</td><td class="num">1件</td><td class="num">{yen(2_000_000)}</td>' in shown
    assert "限度内" in shown and "超過" not in shown

    web_login(client, "shinsa", DEMO_PASSWORD)
    staff = client.get(f"/staff/reviews/{review_id}", params={"rate": "4.5"})
    assert f'<strong id="preview-total">{yen(expected.total_fee)}</strong>' in _section(staff.text)

    refused = _section(client.get(f"/staff/reviews/{review_id}", params={"rate": "abc"}).text)
    assert 'id="preview-rate-error"' in refused and 'id="preview-total"' not in refused


def test_a_long_list_shows_the_first_debtors_and_counts_the_rest(
    client: TestClient, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "PREVIEW_DEBTORS", 1)
    smaller, larger = _debtors(client)[:2]
    web_login(client, "kou", DEMO_PASSWORD)
    rows = [
        f"約束手形,{smaller['corporate_number']},P-1,2000000,2026/11/02,2027/02/26",
        f"約束手形,{larger['corporate_number']},P-2,3000000,2026/11/02,2027/02/26",
    ]
    shown = _section(client.get(_upload(client, rows), params={"rate": "4.5"}).text)
    assert f"<td>{larger['name']}</td>" in shown and f"<td>{smaller['name']}</td>" not in shown
    assert "ほかに 1 社の注文者があります" in shown
