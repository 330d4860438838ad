"""A refused form comes back as the same page: status 422, the Japanese message beside the field it is
about, and everything typed still there (the payment, the claim, the one-line review request)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hozen.services.demo import DEMO_PASSWORD, demo_corporate_number, seed
from hozen.store.db import Database
from hozen.store.models import ReviewLine
from tests.support import csrf_of, field_container, web_login


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database, past_work=False)
    return database


def test_a_refused_payment_keeps_the_amount_and_says_why_beside_it(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    page = client.get("/staff/invoices").text
    invoice = re.search(r'action="/staff/invoices/(\d+)/payment"', page)
    assert invoice is not None
    number = invoice.group(1)
    path = f"/staff/invoices/{number}/payment"
    typed = {"amount": "1,234", "received_on": "2026-11-20", "idempotency_key": "pay-test-0001"}
    wrong = client.post(path, data={**typed, "csrf": csrf_of(client, "/staff/invoices")})
    assert wrong.status_code == 422
    beside = field_container(wrong.text, f"amount{number}")
    assert "一致しません" in beside and 'value="1,234"' in beside
    not_a_number = client.post(path, data={**typed, "amount": "abc", "csrf": csrf_of(client, "/staff/invoices")})
    assert not_a_number.status_code == 422
    assert "入金額" in field_container(not_a_number.text, f"amount{number}")
    invoiced = re.search(rf'id="amount{number}" name="amount"[^>]* value="(\d+)"', page)
    assert invoiced is not None
    in_future = {**typed, "amount": invoiced.group(1), "received_on": "2026-12-24"}
    future = client.post(path, data={**in_future, "csrf": csrf_of(client, "/staff/invoices")})
    assert future.status_code == 422
    beside = field_container(future.text, f"received_on{number}")
    assert "入金日（2026-12-24）に未来の日付は指定できません" in beside
    assert 'value="2026-12-24"' in beside and "Input" not in future.text
    assert client.get("/staff/invoices").text.count(f'action="/staff/invoices/{number}/payment"') == 1  # still open


def test_a_claim_dated_in_the_future_is_refused_before_any_confirmation(client: TestClient, demo: Database) -> None:
    web_login(client, "kou", DEMO_PASSWORD)
    page = client.get("/portal/guarantees/1").text
    trigger = re.search(r'<option value="([^"]+)"', page)
    assert trigger is not None
    typed = {"trigger": trigger.group(1), "event_date": "2026-12-24", "note": "手形が不渡りになる見込み"}
    token = csrf_of(client, "/portal/guarantees/1")
    refused = client.post("/portal/guarantees/1/claims", data={**typed, "csrf": token})
    assert refused.status_code == 422
    beside = field_container(refused.text, "event_date")
    assert 'value="2026-12-24"' in beside and "発生日に未来の日付は指定できません" in beside
    assert 'value="手形が不渡りになる見込み"' in field_container(refused.text, "note")
    assert f'<option value="{typed["trigger"]}" selected>' in refused.text


def test_an_unknown_debtor_in_the_one_line_form_is_named_beside_its_field(client: TestClient, demo: Database) -> None:
    web_login(client, "kou", DEMO_PASSWORD)
    unknown = demo_corporate_number(7_010_009_999)
    typed = {
        "kind": "ar",
        "debtor_corporate_number": unknown,
        "reference": "請求書 A-77",
        "amount": "1,500,000",
        "issue_date": "2026-11-02",
        "due_date": "2027-02-26",
    }
    refused = client.post("/portal/reviews/new", data={**typed, "csrf": csrf_of(client, "/portal/reviews/new")})
    assert refused.status_code == 422
    html = refused.text
    message = re.search(r'<p class="field-error" id="debtor_corporate_number-error">([^<]+)</p>', html)
    assert message is not None and "注文者" in message.group(1)
    for value in (unknown, "請求書 A-77", "1,500,000", "2026-11-02", "2027-02-26"):
        assert f'value="{value}"' in html
    assert '<option value="ar" selected>売掛金保証</option>' in html


def _line_in_review(database: Database) -> tuple[int, int]:
    """The demonstration's line 手形 No.EF-0455 (¥2,200,000), in review by 審査 太郎 (shinsa): (review, line)."""
    with database.unit_of_work(write=False) as uow:
        line = uow.session.scalars(select(ReviewLine).where(ReviewLine.reference == "手形 No.EF-0455")).one()
        return line.review_request_id, line.id


def test_the_live_fee_follows_the_guaranteed_amount_being_typed(client: TestClient, demo: Database) -> None:
    review, line = _line_in_review(demo)
    web_login(client, "shinsa", DEMO_PASSWORD)
    path = f"/staff/reviews/{review}/lines/{line}/fee"

    def fee(amount: str) -> str:
        shown = client.get(path, params={"rate": "4.5", "guaranteed_amount": amount})
        assert shown.status_code == 200
        return re.sub(r"\s+", " ", shown.text)

    whole, part = fee(""), fee("1,000,000")
    assert "保証料" in whole and whole != part
    assert fee("2,200,000") == whole  # the face is the most a note's line allows
    assert "保証金額: 整数（半角数字）で入力してください。" in fee("abc")
    assert "保証金額: 0より大きい値を入力してください。" in fee("0")


def test_a_refused_line_decision_keeps_the_rate_and_amount_typed(client: TestClient, demo: Database) -> None:
    review, line = _line_in_review(demo)
    web_login(client, "shinsa", DEMO_PASSWORD)
    path = f"/staff/reviews/{review}/lines/{line}"
    token = csrf_of(client, f"/staff/reviews/{review}")
    too_high = client.post(
        path, data={"decision": "accept", "rate": "4.5", "guaranteed_amount": "9,999,999", "csrf": token}
    )
    assert too_high.status_code == 422
    beside = field_container(too_high.text, f"amount{line}")
    assert 'value="9,999,999"' in beside and "2,200,000" in beside  # the most it allows, by the field
    assert 'value="4.5"' in field_container(too_high.text, f"rate{line}")
    no_reason = client.post(path, data={"decision": "decline", "rate": "", "reason": "", "csrf": token})
    assert no_reason.status_code == 422 and "理由" in field_container(no_reason.text, f"reason{line}")
    garbage = client.post(path, data={"decision": "accept", "rate": "4.5", "guaranteed_amount": "abc", "csrf": token})
    assert garbage.status_code == 422  # not taken as a blank (the most the line allows)
    assert "保証金額" in field_container(garbage.text, f"amount{line}")
