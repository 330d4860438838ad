"""The staff console and the customer portal through HTTP: pages per role, CSRF, privacy."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hozen.services import portfolio
from hozen.services.demo import DEMO_PASSWORD, demo_corporate_number, seed
from hozen.store.db import Database
from hozen.store.models import OutboxDelivery, OutboxEvent, WebhookEndpoint
from tests.support import csrf_of, field_container, web_login

STAFF_PAGES = [
    "/staff",
    "/staff/guarantees",
    "/staff/guarantees?state=active",
    "/staff/invoices",
    "/staff/reviews/1",
    "/staff/claims",
    "/staff/purchases",
    "/staff/risk",
    "/staff/transfers",
    "/staff/customers/1/bank-account",
]
PORTAL_PAGES = ["/portal", "/portal/reviews/new", "/portal/simulate", "/portal/guarantees/1", "/portal/reviews/1"]


def _typed_line(reference: str) -> dict[str, str]:
    """One note on the demonstration's first debtor, as typed into the portal's one-line form."""
    return {
        "kind": "note",
        "debtor_corporate_number": demo_corporate_number(7_010_001_001),
        "reference": reference,
        "amount": "1,500,000",
        "issue_date": "2026-11-02",
        "due_date": "2027-02-26",
    }


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


def test_pages_need_a_login(client: TestClient, demo: Database) -> None:
    response = client.get("/staff", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/staff"


@pytest.mark.parametrize("login", ["shinsa", "kessai", "jimu", "admin"])
def test_staff_pages(client: TestClient, demo: Database, login: str) -> None:
    web_login(client, login, DEMO_PASSWORD)
    for path in STAFF_PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        assert "保全" in page.text and "業務日" in page.text and 'name="csrf"' in page.text
    dashboard = client.get("/staff").text
    assert "保留中の申込（限度額）" in dashboard and "北陸土木株式会社" in dashboard and "使用率" in dashboard
    assert "対象要件" in dashboard


def test_the_portal_shows_only_the_customers_own_work(client: TestClient, demo: Database) -> None:
    web_login(client, "kou", DEMO_PASSWORD)
    for path in PORTAL_PAGES:
        assert client.get(path).status_code == 200, path
    home = client.get("/portal").text
    assert "HZ-2026-000001" in home and "HZ-2026-000003" not in home  # 乙設備's frame is not shown
    other = client.get("/portal/guarantees/3")  # 乙設備's frame
    assert other.status_code == 404 and "見つかりません" in other.text
    assert "エラーコード NOT_FOUND" in other.text and "Not found" not in other.text  # Japanese, and a code to quote
    assert client.get("/staff").status_code == 403


def test_forms_refuse_a_missing_csrf_token(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    refused = client.post("/staff/reviews/1/start", data={})
    assert refused.status_code == 403 and "フォームの有効期限" in refused.text
    accepted = client.post("/staff/reviews/17/start", data={"csrf": csrf_of(client, "/staff")}, follow_redirects=True)
    assert accepted.status_code == 200


def test_a_refused_command_is_a_message_on_the_page(client: TestClient, demo: Database) -> None:
    web_login(client, "kessai", DEMO_PASSWORD)
    token = csrf_of(client, "/staff")
    page = client.post("/staff/reviews/17/start", data={"csrf": token}, follow_redirects=True)
    assert page.status_code == 200 and "この操作の権限がありません" in page.text
    assert "FORBIDDEN" not in page.text and "You may not" not in page.text  # fixed on the page: no code, no English


def test_the_simulator_draws_the_balance(client: TestClient, demo: Database) -> None:
    web_login(client, "otsu", DEMO_PASSWORD)
    form = {
        "csrf": csrf_of(client, "/portal/simulate"),
        "work_start": "2026-06-10",
        "closing_day": "20",
        "payment_month_offset": "1",
        "payment_day": "month_end",
        "cash_ratio": "0.4",
        "note_site_days": "120",
        "rate": "4.5",
        "month": ["2026-06", "2026-07", "2026-08", "2026-09"],
        "amount": ["2000000", "5000000", "3000000", "2000000"],
    }
    page = client.post("/portal/simulate", data=form)
    assert page.status_code == 200
    assert "9,200,000円" in page.text and "202,928円" in page.text and "<svg" in page.text
    bad = client.post("/portal/simulate", data={**form, "cash_ratio": "4"})
    assert bad.status_code == 422 and "入力を確認してください（cash_ratio" in bad.text
    typed = client.post("/portal/simulate", data={**form, "closing_day": "二十日", "note_site_days": "x"})
    assert typed.status_code == 422 and "closing_day" in typed.text and "note_site_days" in typed.text


def test_forged_form_values_never_break_a_page(client: TestClient, demo: Database) -> None:
    web_login(client, "kessai", DEMO_PASSWORD)
    web_login(client, "kou", DEMO_PASSWORD)
    page = client.post(
        "/portal/reviews/15/apply",
        data={"line_ids": "not-a-number", "csrf": csrf_of(client, "/portal")},
        follow_redirects=True,
    )
    assert page.status_code == 200 and "入力の形式が正しくありません" in page.text


def test_one_line_by_form_with_errors_next_to_the_fields(client: TestClient, demo: Database) -> None:
    web_login(client, "hei", DEMO_PASSWORD)
    line = _typed_line("手形 F-1")
    bad = client.post(
        "/portal/reviews/new",
        data={**line, "amount": "abc", "due_date": "2027-13-01", "csrf": csrf_of(client, "/portal/reviews/new")},
    )
    assert bad.status_code == 422
    assert 'id="amount-error"' in bad.text and 'id="due_date-error"' in bad.text
    good = client.post("/portal/reviews/new", data={**line, "csrf": csrf_of(client, "/portal/reviews/new")})
    assert good.status_code == 200 and "審査依頼を受け付けました" in good.text and "手形 F-1" in good.text


@pytest.mark.parametrize("typed", ["", "abc", "²", "9" * 40])
def test_staff_uploading_for_no_real_customer_get_a_message_by_the_field(
    client: TestClient, demo: Database, typed: str
) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    line = {**_typed_line("手形 S-1"), "customer_id": typed}
    page = client.post("/portal/reviews/new", data={**line, "csrf": csrf_of(client, "/portal/reviews/new")})
    assert page.status_code == 422
    assert 'id="customer_id-error"' in page.text and "整数" in page.text
    assert 'value="手形 S-1"' in page.text  # what was typed is kept


def test_the_notification_centres_show_reminders_read_and_unread(client: TestClient, demo: Database) -> None:
    web_login(client, "hei", DEMO_PASSWORD)
    page = client.get("/portal/notifications")
    assert page.status_code == 200 and "保証料の支払期限間近" in page.text and "未読" in page.text
    assert page.text.count("お支払期限は") == 1 and "保留" not in page.text  # 丙's own; 乙's hold is not shown
    unread = page.text.count("既読にする</button>")  # 丙's overdue fee and expiring certificates too
    form = client.get("/portal/notifications").text.split('action="/portal/notifications/')[1]
    notification_id = form.split("/")[0]
    done = client.post(f"/portal/notifications/{notification_id}/read", data={"csrf": csrf_of(client)})
    assert done.status_code == 200 and "既読にしました。" in done.text
    assert unread > 1 and done.text.count("既読にする</button>") == unread - 1
    web_login(client, "kou", DEMO_PASSWORD)
    assert "お支払期限は" not in client.get("/portal/notifications").text  # 甲 paid its fee
    web_login(client, "jimu", DEMO_PASSWORD)
    staff = client.get("/staff/notifications").text  # read marks are per user
    assert staff.count("お支払期限は") == 1 and "保留（限度額）" in staff and "既読にする" in staff


def test_an_admin_registers_a_webhook_and_sees_its_secret_once(client: TestClient, demo: Database) -> None:
    web_login(client, "admin", DEMO_PASSWORD)
    refused = client.post("/staff/webhooks", data={"csrf": csrf_of(client), "url": "ftp://x", "description": "基幹"})
    assert refused.status_code == 422
    beside = field_container(refused.text, "url")
    assert 'value="ftp://x"' in beside
    assert re.search(r'class="field-error"[^>]*>送信先URLは http:// または https:// で始まる', beside)
    assert 'value="基幹"' in field_container(refused.text, "description")
    created = client.post(
        "/staff/webhooks", data={"csrf": csrf_of(client), "url": "https://erp.example.jp/hozen", "description": "基幹"}
    )
    assert "送信先を登録しました。" in created.text and 'id="webhook-secret"' in created.text
    again = client.get("/staff/webhooks").text
    assert "https://erp.example.jp/hozen" in again and 'id="webhook-secret"' not in again
    with demo.unit_of_work() as uow:  # two of the demo's events, one waiting and one that failed
        endpoint = uow.session.scalars(select(WebhookEndpoint)).one()
        events = uow.session.scalars(select(OutboxEvent.id).order_by(OutboxEvent.id).limit(2)).all()
        uow.session.add_all(
            OutboxDelivery(
                event_id=event,
                channel="webhook",
                endpoint_id=endpoint.id,
                recipient=endpoint.url,
                state=state,
                attempts=attempts,
                next_attempt_at=uow.clock.now(),
            )
            for event, state, attempts in zip(events, ("pending", "failed"), (0, 8), strict=True)
        )
        uow.commit()
    log = client.get("/staff/webhooks").text
    assert "<td>送信待ち</td>" in log and "<td>送信失敗</td>" in log  # the registry's labels, never the stored words
    assert "<td>pending</td>" not in log and "<td>failed</td>" not in log
    web_login(client, "jimu", DEMO_PASSWORD)
    assert client.get("/staff/webhooks").status_code == 403


def test_an_unknown_page_and_an_unexpected_failure_are_japanese_pages(
    app: FastAPI, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        web_login(client, "shinsa", DEMO_PASSWORD)
        missing = client.get("/staff/no-such-page")
        assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
        assert "見つかりません" in missing.text and "Not Found" not in missing.text

        def failing(*_: object, **__: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(portfolio, "work_queues", failing)
        broken = client.get("/staff")
        assert broken.status_code == 500 and broken.headers["content-type"].startswith("text/html")
        assert "内部エラーが発生しました" in broken.text
        assert "disk on fire" not in broken.text and "Traceback" not in broken.text
        api = client.get("/api/v1/no-such-thing")
        assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"


def test_the_business_date_page_shows_every_change_to_administrators(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    assert client.get("/staff/business-date").status_code == 403
    assert 'href="/staff/business-date"' not in client.get("/staff").text
    client.post("/logout", data={"csrf": csrf_of(client, "/staff")})
    web_login(client, "admin", DEMO_PASSWORD)
    assert 'href="/staff/business-date"' in client.get("/staff").text
    page = client.get("/staff/business-date")
    assert page.status_code == 200 and "業務日付の変更" in page.text
    assert "業務日付: 2026年11月6日 → 2026年11月20日" in page.text  # the demonstration's last move
