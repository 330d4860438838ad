"""The staff pages of money going out: the day's transfers, a customer's payout account, the file."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.store.models import Customer
from tests.integration.test_journal import seeded_with_a_discount
from tests.support import csrf_of, web_login

DAY = "2026-11-20"
TYPED = {
    "bank_code": "０００５",
    "bank_name": "みつびし",
    "branch_code": "123",
    "branch_name": "まるのうち",
    "account_type": "2",
    "account_number": "98765",
    "holder_name": "こうこうぎょう（かぶ",
}


def test_a_day_of_transfers_from_blocked_to_downloaded(client: TestClient, database: Database) -> None:
    seeded_with_a_discount(database)
    web_login(client, "jimu", DEMO_PASSWORD)  # operations

    page = client.get(f"/staff/transfers?date={DAY}").text
    assert "割引代金" in page and "保留" in page and "振込先口座が登録されていません" in page
    assert 'href="/staff/customers/1/bank-account"' in page and "/staff/transfers/export" not in page

    # a wrong account: each message beside its field, every typed value kept
    path = "/staff/customers/1/bank-account"
    bad = {**TYPED, "bank_code": "5", "holder_name": "甲工業（カ"}
    refused = client.post(path, data={"csrf": csrf_of(client, path), **bad})
    assert refused.status_code == 422
    assert re.search(r'id="bank_code-error">金融機関コードは4桁の数字で入力してください', refused.text)
    assert re.search(r'id="holder_name-error">受取人名（カナ）に全銀の振込データで使えない文字「甲」', refused.text)
    assert 'value="甲工業（カ"' in refused.text and 'value="みつびし"' in refused.text
    assert '<option value="2" selected>' in refused.text
    assert "branch_code-error" not in refused.text

    saved = client.post(path, data={"csrf": csrf_of(client, path), **TYPED}, follow_redirects=True)
    assert saved.status_code == 200 and "振込先口座を保存しました" in saved.text
    assert "ｺｳｺｳｷﾞﾖｳ(ｶﾌﾞ" in saved.text and "0098765" in saved.text and "当座" in saved.text

    page = client.get(f"/staff/transfers?date={DAY}").text
    assert "出力できます" in page and "0005 ﾐﾂﾋﾞｼ" in page and "出力できる支払 1件" in page
    assert re.search(r'<form method="post" action="/staff/transfers/export" data-confirm="[^"]*1件', page)

    made = client.post(
        "/staff/transfers/export",
        data={"csrf": csrf_of(client, "/staff/transfers"), "date": DAY},
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"] == f"/staff/transfers?date={DAY}&download=1"
    after = client.get(made.headers["location"]).text
    assert "総合振込データを作成しました（1件、合計 2,994,083円）" in after
    assert '<meta http-equiv="refresh" content="0;url=/api/v1/transfer-exports/1/file">' in after
    assert "この日に振り込む未出力の支払はありません" in after and "再ダウンロード" in after

    first = client.get("/api/v1/transfer-exports/1/file")  # the page's session is enough
    assert first.status_code == 200 and "attachment" in first.headers["content-disposition"]
    assert len(first.content) == 4 * 122 and client.get("/api/v1/transfer-exports/1/file").content == first.content
    assert hashlib.sha256(first.content).hexdigest()[:12] in after

    again = client.post(
        "/staff/transfers/export",
        data={"csrf": csrf_of(client, "/staff/transfers"), "date": DAY},
        follow_redirects=True,
    )
    assert "まだ振込データにしていない支払はありません" in again.text


def test_a_bad_date_is_a_message_and_other_roles_only_look(client: TestClient, database: Database) -> None:
    seeded_with_a_discount(database)
    web_login(client, "shinsa", DEMO_PASSWORD)  # an underwriter: sees, may edit accounts, may not export
    bad = client.get("/staff/transfers?date=2026-02-30")
    assert bad.status_code == 422 and 'id="date-error"' in bad.text
    assert "/staff/transfers/export" not in client.get(f"/staff/transfers?date={DAY}").text
    refused = client.post(
        "/staff/transfers/export",
        data={"csrf": csrf_of(client, "/staff/transfers"), "date": DAY},
        follow_redirects=True,
    )
    assert "権限" in refused.text
    web_login(client, "kessai", DEMO_PASSWORD)  # an approver: no form to change an account
    assert 'action="/staff/customers/1/bank-account"' not in client.get("/staff/customers/1/bank-account").text


def payout_account(page: str) -> str:
    return page[page.index('id="payout-title"') :].split("</section>")[0]


def test_a_customer_sees_its_own_payout_account_masked_in_the_portal(client: TestClient, database: Database) -> None:
    seed(database)
    with database.unit_of_work(write=False) as uow:
        ids = {c.name: c.id for c in uow.session.scalars(select(Customer))}
    web_login(client, "jimu", DEMO_PASSWORD)
    otsu = {**TYPED, "account_type": "1", "account_number": "1234567", "holder_name": "おつせつび（かぶ"}
    for name, typed in (("甲工業株式会社", TYPED), ("乙設備株式会社", otsu)):
        path = f"/staff/customers/{ids[name]}/bank-account"
        saved = client.post(path, data={"csrf": csrf_of(client, path), **typed}, follow_redirects=True)
        assert "振込先口座を保存しました" in saved.text
    client.post("/logout", data={"csrf": csrf_of(client, "/staff")})

    web_login(client, "kou", DEMO_PASSWORD)
    home = client.get("/portal").text
    shown = payout_account(home)
    for words in ("0005 ﾐﾂﾋﾞｼ", "123 ﾏﾙﾉｳﾁ", "当座", "＊＊＊8765", "ｺｳｺｳｷﾞﾖｳ(ｶﾌﾞ"):
        assert words in shown, words
    assert "0098765" not in home and "98765" not in home.replace("＊＊＊8765", "")  # only the last four digits
    assert "4567" not in home and "普通" not in home and "ｵﾂｾﾂﾋﾞ" not in home  # 乙設備's is not shown to 甲
    client.post("/logout", data={"csrf": csrf_of(client, "/portal")})

    web_login(client, "hei", DEMO_PASSWORD)  # 丙電工 has none
    shown = payout_account(client.get("/portal").text)
    assert "未登録" in shown and "<dt>" not in shown
