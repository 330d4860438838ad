"""Weighty commands ask first, a return says why, and a claim document is received only with its
file or a staff member's word for the paper copy — through the pages with a session cookie."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.store.models import ReviewLine
from tests.support import bearer, csrf_of, set_business_date, web_login

PDF = b"%PDF-1.4\n% ledger\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def spaced(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def awaiting_approval(database: Database) -> int:
    """The demonstration's review of 丙電工 (手形 No.CD-3310), waiting for the approver."""
    with database.unit_of_work(write=False) as uow:
        query = select(ReviewLine.review_request_id).where(ReviewLine.reference == "手形 No.CD-3310")
        found = uow.session.scalar(query)
    assert found is not None
    return found


def test_a_return_needs_a_reason_which_the_customer_then_reads(client: TestClient, demo: Database) -> None:
    review = awaiting_approval(demo)
    web_login(client, "kessai", DEMO_PASSWORD)
    token = csrf_of(client, f"/staff/reviews/{review}")
    empty = client.post(f"/staff/reviews/{review}/return", data={"csrf": token, "reason": "  "})
    assert empty.status_code == 422
    assert 'id="return-reason-error">差し戻す理由を入力してください。' in empty.text
    assert 'value="  "' in empty.text and 'aria-invalid="true"' in empty.text  # what was typed stays
    assert "決裁待ち" in empty.text  # nothing moved

    api = client.post(
        f"/api/v1/review-requests/{review}/return",
        headers=bearer(client, "jokyu", DEMO_PASSWORD),
        json={"reason": ""},
    )
    assert api.status_code == 422 and api.json()["code"] == "RETURN_REASON_REQUIRED"

    reason = "注文者の直近の決算書を確認のうえ、料率の根拠を記載してください"
    done = client.post(
        f"/staff/reviews/{review}/return", data={"csrf": token, "reason": reason}, follow_redirects=False
    )
    assert done.status_code == 303
    assert reason in client.get(f"/staff/reviews/{review}").text
    assert reason in client.get(f"/staff/records/reviews/{review}").text
    web_login(client, "hei", DEMO_PASSWORD)
    for path in (f"/portal/reviews/{review}", f"/portal/records/reviews/{review}"):
        page = client.get(path)
        assert page.status_code == 200 and reason in page.text, path


def test_the_daily_run_and_a_decline_ask_first(client: TestClient, demo: Database) -> None:
    web_login(client, "admin", DEMO_PASSWORD)  # both runs the day and decides limits
    token = csrf_of(client, "/staff")
    asked = client.post("/staff/daily", data={"csrf": token})
    assert asked.status_code == 200 and "確認: 日次処理の実行" in asked.text
    assert "2026年11月20日" in asked.text and hidden_fields(asked.text)["confirmed"] == "yes"
    ran = client.post("/staff/daily", data={"csrf": token, "confirmed": "yes"}, follow_redirects=True)
    assert "日次処理を実行しました" in ran.text

    dashboard = client.get("/staff").text
    held = re.search(r'action="/staff/applications/(\d+)/decline"', dashboard)
    assert held is not None
    path = f"/staff/applications/{held.group(1)}/decline"
    blank = client.post(path, data={"csrf": token, "reason": " "}, follow_redirects=True)
    assert "確認:" not in blank.text and "謝絶の理由を入力してください。" in blank.text  # refused at once
    question = client.post(path, data={"csrf": token, "reason": "注文者の信用状況の悪化"})
    assert question.status_code == 200 and "確認: 保留中の申込の謝絶" in question.text
    assert "乙設備株式会社" in question.text and "6,000,000円" in question.text  # whose, how much
    assert "注文者の信用状況の悪化" in question.text
    assert path in client.get("/staff").text  # asking changed nothing
    client.post(path, data=hidden_fields(question.text) | {"csrf": token})
    assert path not in client.get("/staff").text


def test_a_claim_from_the_portal_to_a_confirmed_payout(client: TestClient, demo: Database) -> None:
    set_business_date(client, bearer(client, "admin", DEMO_PASSWORD), "2026-12-28")
    web_login(client, "kou", DEMO_PASSWORD)
    token = csrf_of(client, "/portal/guarantees/1")
    filing = {"csrf": token, "trigger": "DISHONOUR", "event_date": "2026-12-25", "note": "不渡りとなりました"}
    before = client.get("/portal").text.count("/portal/claims/")
    question = client.post("/portal/guarantees/1/claims", data=filing)
    assert question.status_code == 200 and "確認: 保証履行のご請求" in question.text
    assert "不渡り" in question.text and "2026年12月25日" in question.text and "3,000,000円" in question.text
    assert client.get("/portal").text.count("/portal/claims/") == before  # nothing filed by asking
    filed = client.post(
        "/portal/guarantees/1/claims", data=hidden_fields(question.text) | {"csrf": token}, follow_redirects=False
    )
    assert filed.status_code == 303
    claim_path = filed.headers["location"]
    claim_id = claim_path.rsplit("/", 1)[1]
    page = client.get(claim_path).text
    assert "提出した" not in page and page.count("未提出") == 2

    # a customer's word is not a document: posting the form without a file is refused beside the row
    documents = f"/portal/claims/{claim_id}/documents"
    for kind, upload, message in [
        ("general_ledger_extract", None, "提出する書類のファイルを選んでください。"),
        ("general_ledger_extract", ("元帳.pdf", b""), "提出する書類のファイルを選んでください。"),
        ("general_ledger_extract", ("元帳.pdf", b"just text, named like a PDF"), "PDF・JPEG・PNGのいずれか"),
        ("general_ledger_extract", ("元帳.pdf", b"%PDF-" + b"0" * (10 * 2**20)), "10MBまで"),
    ]:
        files = {"file": upload} if upload else {"file": ("", b"")}
        refused = client.post(documents, data={"csrf": token, "kind": kind}, files=files)
        assert refused.status_code == 422, message
        assert f'id="error-{kind}">' in refused.text and message in refused.text
        assert refused.text.count("未提出") == 2

    ledger = {"csrf": token, "kind": "general_ledger_extract"}
    assert (
        client.post(documents, data=ledger, files={"file": ("元帳.pdf", PDF)}, follow_redirects=False).status_code
        == 303
    )
    evidence = {"csrf": token, "kind": "dishonour_evidence"}
    assert (
        client.post(documents, data=evidence, files={"file": ("不渡り.png", PNG)}, follow_redirects=False).status_code
        == 303
    )
    page = client.get(claim_path).text
    assert page.count('good">受領済み') == 2 and "ファイル「元帳.pdf」" in page
    assert "/documents/" not in page.split("必要書類")[1].split("</table>")[0].replace(documents, "")  # no download

    # staff download the file as it was sent, assess, decide, and are asked before paying
    web_login(client, "rikou", DEMO_PASSWORD)
    staff_page = client.get(f"/staff/claims/{claim_id}").text
    link = re.search(rf'href="(/api/v1/claims/{claim_id}/documents/\d+/file)"', staff_page)
    assert link is not None and "甲工業株式会社 ご担当者" in staff_page
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.content == PDF
    token = csrf_of(client, f"/staff/claims/{claim_id}")
    assert (
        client.post(f"/staff/claims/{claim_id}/assess", data={"csrf": token}, follow_redirects=False).status_code == 303
    )
    web_login(client, "kessai", DEMO_PASSWORD)
    token = csrf_of(client, f"/staff/claims/{claim_id}")
    assert (
        client.post(f"/staff/claims/{claim_id}/decide", data={"csrf": token}, follow_redirects=False).status_code == 303
    )
    web_login(client, "rikou", DEMO_PASSWORD)
    token = csrf_of(client, f"/staff/claims/{claim_id}")
    question = client.post(f"/staff/claims/{claim_id}/payout", data={"csrf": token})
    assert question.status_code == 200 and "確認: 保証履行の支払" in question.text
    assert "3,000,000円の支払を記録する" in question.text and "甲工業株式会社" in question.text
    assert "決裁済み" in client.get(f"/staff/claims/{claim_id}").text  # not paid by asking
    paid = client.post(
        f"/staff/claims/{claim_id}/payout", data=hidden_fields(question.text) | {"csrf": token}, follow_redirects=False
    )
    assert paid.status_code == 303
    assert "支払済み" in client.get(f"/staff/claims/{claim_id}").text


def test_staff_confirm_a_paper_copy_with_their_name(client: TestClient, demo: Database) -> None:
    set_business_date(client, bearer(client, "admin", DEMO_PASSWORD), "2026-12-28")
    kou = bearer(client, "kou", DEMO_PASSWORD)
    body = {"guarantee_id": 1, "trigger": "DISHONOUR", "event_date": "2026-12-25"}
    claim_id = client.post("/api/v1/claims", headers=kou, json=body).json()["id"]
    web_login(client, "kou", DEMO_PASSWORD)
    assert "紙の写しの受領を記録" not in client.get(f"/portal/claims/{claim_id}").text
    token = csrf_of(client, f"/portal/claims/{claim_id}")
    forged = client.post(
        f"/staff/claims/{claim_id}/documents/dishonour_evidence/paper", data={"csrf": token}, follow_redirects=False
    )
    assert "この操作の権限がありません" in client.get(forged.headers["location"]).text
    web_login(client, "jimu", DEMO_PASSWORD)
    token = csrf_of(client, f"/staff/claims/{claim_id}")
    done = client.post(
        f"/staff/claims/{claim_id}/documents/dishonour_evidence/paper", data={"csrf": token}, follow_redirects=False
    )
    assert done.status_code == 303
    page = spaced(client.get(f"/staff/claims/{claim_id}").text)
    assert "紙の写しを受領 2026年12月28日 事務 三郎" in page and page.count('good">受領済み') == 1
    web_login(client, "kou", DEMO_PASSWORD)
    assert "紙の写しを受領 2026年12月28日 当社" in spaced(client.get(f"/portal/claims/{claim_id}").text)


def test_the_start_page_keeps_the_navigation_of_a_logged_in_user(client: TestClient, demo: Database) -> None:
    anonymous = client.get("/").text
    assert 'href="/login"' in anonymous and "業務一覧" not in anonymous
    web_login(client, "shinsa", DEMO_PASSWORD)
    staff = client.get("/").text
    assert 'href="/staff/records"' in staff and "審査 花子" in staff and "業務日 2026年11月20日" in staff
    web_login(client, "kou", DEMO_PASSWORD)
    customer = client.get("/").text
    assert 'href="/portal/records"' in customer and 'href="/staff"' not in customer
