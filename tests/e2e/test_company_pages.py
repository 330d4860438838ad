"""Customers, debtors and their limits in the staff pages, over HTTP: forms keep what was typed and show
each refusal in Japanese inside the refused field's container; a limit raised above the policy's amount
waits for a second person, and its approval releases the held application."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from hozen.domain.identifiers import corporate_check_digit
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from tests.support import csrf_of, field_container, web_login

NEW_NUMBER = f"{corporate_check_digit('800000000001')}800000000001"


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


def post(client: TestClient, path: str, form: dict[str, str], page: str) -> object:
    return client.post(path, data={**form, "csrf": csrf_of(client, page)}, follow_redirects=True)


def test_lists_and_pages_of_companies(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    debtors = client.get("/staff/debtors")
    assert debtors.status_code == 200 and "北陸土木株式会社" in debtors.text
    found = client.get("/staff/debtors", params={"q": "北陸"})
    assert "北陸土木株式会社" in found.text and len(re.findall(r'href="/staff/debtors/\d+"', found.text)) == 1
    link = re.search(r'href="(/staff/debtors/\d+)">北陸土木株式会社', found.text)
    assert link is not None
    page = client.get(link.group(1))
    assert page.status_code == 200
    for words in ("登録内容", "保証残高と限度額", "純資産額による上限", "有効な保証", "履歴"):
        assert words in page.text
    customers = client.get("/staff/customers")
    first = re.search(r'href="(/staff/customers/\d+)"', customers.text)
    assert first is not None
    assert "登録書類のチェックリスト" in client.get(first.group(1)).text
    assert client.get("/staff/debtors/99999").status_code == 404
    assert client.get("/staff/debtors/abc").status_code == 404


def test_a_refused_registration_keeps_every_typed_value_and_names_the_field(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    typed = {
        "name": "株式会社丙建設",
        "corporate_number": "1234567890123",  # the check digit does not match
        "net_assets": "12億",
        "review_base_date": "2026-03-31",
        "public_works_orders": "2026-06-01",
        "insolvency_filings": "",
        "dishonoured": "on",
    }
    refused = client.post("/staff/debtors/new", data={**typed, "csrf": csrf_of(client, "/staff/debtors/new")})
    assert refused.status_code == 422
    number = field_container(refused.text, "corporate_number")
    assert "法人番号" in number and "チェックデジット" in number and 'value="1234567890123"' in number
    assets = field_container(refused.text, "net_assets")
    assert "純資産額: 整数（半角数字）で入力してください。" in assets and 'value="12億"' in assets
    assert 'value="株式会社丙建設"' in refused.text and ">2026-06-01</textarea>" in refused.text
    assert 'id="dishonoured" name="dishonoured" value="on" checked' in refused.text
    assert "Input should" not in refused.text and "corporate_number" not in re.sub(r'="[^"]*"', "", refused.text)


def test_register_edit_and_history_of_a_debtor(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    form = {"name": "株式会社丙建設", "corporate_number": NEW_NUMBER, "net_assets": "80,000,000", "prefecture": "13"}
    created = post(client, "/staff/debtors/new", form, "/staff/debtors/new")
    assert created.status_code == 200 and "登録しました。" in created.text  # type: ignore[attr-defined]
    assert facts(created.text)["都道府県"] == "東京都"  # type: ignore[attr-defined]
    path = str(created.url).removeprefix("http://testserver")  # type: ignore[attr-defined]
    edit = client.get(f"{path}/edit")
    assert f'value="{NEW_NUMBER}"' in edit.text and 'value="80000000"' in edit.text
    no_reason = client.post(
        f"{path}/edit",
        data={"name": "株式会社丙建設", "corporate_number": NEW_NUMBER, "net_assets": "90000000", "reason": " ",
              "trading_suspended": "on", "csrf": csrf_of(client, f"{path}/edit")},
    )  # fmt: skip
    assert no_reason.status_code == 422
    assert "変更の理由を入力してください" in field_container(no_reason.text, "reason")
    assert 'value="90000000"' in no_reason.text  # kept
    changed = post(
        client,
        f"{path}/edit",
        {"name": "株式会社丙建設", "corporate_number": NEW_NUMBER, "net_assets": "90000000", "reason": "決算書の確認",
         "trading_suspended": "on", "densai_user_number": "A12345678", "prefecture": "13"},
        f"{path}/edit",
    )  # fmt: skip
    text = changed.text  # type: ignore[attr-defined]
    assert "登録内容を変更しました。" in text
    history = text[text.index('id="history"') :]
    assert "登録内容の変更" in history and "決算書の確認" in history
    assert "純資産額: 80,000,000 → 90,000,000" in history and "取引停止処分: いいえ → はい" in history
    assert 'でんさい利用者番号: <span translate="no">（なし）</span> → <span translate="no">A12345678</span>' in history
    assert "取引先の登録" in history and "都道府県" not in history  # unchanged, so not recorded


def hokuriku(client: TestClient) -> str:
    found = client.get("/staff/debtors", params={"q": "北陸土木"}).text
    link = re.search(r'href="(/staff/debtors/\d+)">北陸土木株式会社', found)
    assert link is not None
    return link.group(1)


def test_four_eyes_on_a_limit_raised_from_the_held_application(client: TestClient, demo: Database) -> None:
    """The demonstration's held application (¥6,000,000 on 北陸土木, whose net assets of ¥5,000,000 cap
    its limit): the new accounts show ¥500,000,000 of net assets, the debtor gets an own limit of
    ¥5,000,000, then the limit is raised above the four-eyes amount (¥50,000,000) from the held
    application, a second person approves, and the application is reserved."""
    web_login(client, "jimu", DEMO_PASSWORD)
    debtor = hokuriku(client)
    edit = client.get(f"{debtor}/edit").text
    values = dict(re.findall(r'name="(name|corporate_number|review_base_date)" value="([^"]*)"', edit))
    post(client, f"{debtor}/edit", {**values, "net_assets": "500000000", "reason": "新しい決算書"}, f"{debtor}/edit")
    client.post("/logout", data={"csrf": csrf_of(client, "/staff")})
    web_login(client, "jokyu", DEMO_PASSWORD)
    lowered = post(client, f"{debtor}/limit", {"own_limit": "5,000,000", "reason": "当面の上限"}, debtor)
    assert "限度額を変更しました。" in lowered.text  # type: ignore[attr-defined]
    held = re.search(r'href="(/staff/applications/(\d+)/held)"', client.get("/staff").text)
    assert held is not None
    base = held.group(1).removesuffix("/held")
    page = client.get(held.group(1)).text
    assert "保留の理由" in page and "注文者の限度額超過" in page and "別の決裁者の承認が必要" in page
    company_id = re.search(r'name="company_id" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    no_reason = client.post(
        f"{base}/limit/debtors",
        data={"company_id": company_id, "own_limit": "60000000", "reason": "", "csrf": csrf_of(client, held.group(1))},
    )
    assert no_reason.status_code == 422
    assert "変更の理由: 1文字以上で入力してください。" in field_container(no_reason.text, "reason")
    assert 'value="60000000"' in field_container(no_reason.text, "own_limit")
    requested = post(
        client, f"{base}/limit/debtors", {"company_id": company_id, "own_limit": "60,000,000", "reason": "受注増"},
        held.group(1),
    )  # fmt: skip
    text = requested.text  # type: ignore[attr-defined]
    assert "別の決裁者が承認すると限度額が変わります" in text and "承認されると、この申込は自動で確保されます" in text
    change = re.search(r'href="/staff/limit-changes/(\d+)"', text)
    assert change is not None
    mine = client.get(f"/staff/limit-changes/{change.group(1)}").text
    assert "別の決裁者が行います" in mine and "承認する</button>" not in mine
    refused = client.post(f"/staff/limit-changes/{change.group(1)}/approve", data={"csrf": csrf_of(client, "/staff")})
    assert refused.status_code == 403 and "依頼した方" in refused.text
    client.post("/logout", data={"csrf": csrf_of(client, "/staff")})
    web_login(client, "admin", DEMO_PASSWORD)
    assert f"依頼 {change.group(1)}" in client.get("/staff").text  # the approvers' queue
    approved = post(client, f"/staff/limit-changes/{change.group(1)}/approve", {"confirm": "on"}, "/staff")
    assert f"保留中の申込 {held.group(2)} を確保しました。" in approved.text  # type: ignore[attr-defined]
    assert "確保済み" in client.get(held.group(1)).text
    application = client.get(f"/staff/records/applications/{held.group(2)}")  # the page's link to its history
    assert application.status_code == 200 and "限度額の判断の後に確保" in application.text
    history = client.get(debtor).text
    assert "個別限度額: 5,000,000 → 60,000,000" in history and "受注増" in history
    live = history[history.index('id="guarantees"') :]
    guarantee = re.search(r'href="(/staff/records/guarantees/\d+)"', live)  # the released application's guarantee
    assert guarantee is not None and client.get(guarantee.group(1)).status_code == 200


def edit_form(client: TestClient, path: str) -> dict[str, str]:
    """What a debtor's edit page sends as it is: its text inputs and text areas (the boxes left unticked)."""
    page = client.get(f"{path}/edit").text
    typed = re.findall(r'<input type="(?:text|date)" id="\w+" name="(\w+)" value="([^"]*)"', page)
    written = re.findall(r'<textarea id="(\w+)" name="\w+"[^>]*>([^<]*)</textarea>', page)
    return {name: html.unescape(value) for name, value in typed + written}


def facts(page: str) -> dict[str, str]:
    shown = page[page.index('id="facts"') : page.index('id="limit"')]
    return dict(re.findall(r"<dt>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", shown))


def test_classify_a_debtor_in_its_pages(client: TestClient, demo: Database) -> None:
    """株式会社みらい工務店 (no group, 神奈川県, 職別工事業) joins the 大和 group and moves to 北海道 as a
    設備工事業: refusals beside their fields with every choice kept, then one history row with the reason."""
    web_login(client, "kessai", DEMO_PASSWORD)  # an approver sees the classification but may not change it
    found = client.get("/staff/debtors", params={"q": "みらい"}).text
    link = re.search(r'href="(/staff/debtors/\d+)">株式会社みらい工務店', found)
    assert link is not None
    debtor = link.group(1)
    before = facts(client.get(debtor).text)
    classified = ("企業グループ", "企業グループコード", "都道府県", "業種")
    assert [before[name] for name in classified] == ["なし", "—", "神奈川県", "職別工事業（設備工事業を除く）"]
    assert f"{debtor}/edit" not in client.get(debtor).text
    typed = {"group_code": "YAMATO", "group_name": "大和グループ", "prefecture": "01", "trade": "08", "reason": "x"}
    whole = {"name": "株式会社みらい工務店", "corporate_number": before["法人番号"], **typed}
    forbidden = client.post(f"{debtor}/edit", data={**whole, "csrf": csrf_of(client, debtor)})
    assert forbidden.status_code == 403 and facts(client.get(debtor).text)["都道府県"] == "神奈川県"
    client.post("/logout", data={"csrf": csrf_of(client, "/staff")})

    web_login(client, "jimu", DEMO_PASSWORD)
    form = edit_form(client, debtor)
    page = client.get(f"{debtor}/edit").text
    assert '<option value="14" selected>神奈川県</option>' in field_container(page, "prefecture")
    assert '<option value="07" selected>職別工事業（設備工事業を除く）</option>' in field_container(page, "trade")
    assert field_container(page, "prefecture").count("<option") == 48  # 未設定 and the 47 prefectures

    def refused(changes: dict[str, str]) -> str:
        response = client.post(
            f"{debtor}/edit", data={**form, **typed, **changes, "csrf": csrf_of(client, f"{debtor}/edit")}
        )
        assert response.status_code == 422
        return response.text

    bad_code = refused({"group_code": "大和"})
    assert "企業グループコード: 入力の形式が正しくありません。" in field_container(bad_code, "group_code")
    assert 'value="大和"' in field_container(bad_code, "group_code")
    assert '<option value="01" selected>北海道</option>' in field_container(bad_code, "prefecture")
    assert '<option value="08" selected>設備工事業</option>' in field_container(bad_code, "trade")
    other_name = field_container(refused({"group_name": "ヤマト"}), "group_name")
    assert "企業グループコード YAMATO は「大和グループ」として登録済みです" in other_name
    assert 'value="ヤマト"' in other_name
    assert "コードと名称の両方を指定してください" in field_container(refused({"group_name": ""}), "group_name")
    assert facts(client.get(debtor).text)["都道府県"] == "神奈川県"  # nothing was changed by a refusal

    changed = post(client, f"{debtor}/edit", {**form, **typed, "reason": "本店移転の届出"}, f"{debtor}/edit")
    text = changed.text  # type: ignore[attr-defined]
    assert "登録内容を変更しました。" in text
    after = facts(text)
    assert [after[name] for name in classified] == ["大和グループ", "YAMATO", "北海道", "設備工事業"]
    rows = text[text.index('id="history"') :].split("<tr>")
    [row] = [row for row in rows if "本店移転の届出" in row]
    for change in ("企業グループコード: （なし） → YAMATO", "企業グループ名: （なし） → 大和グループ",
                   "都道府県: 神奈川県 → 北海道", "業種: 職別工事業（設備工事業を除く） → 設備工事業"):  # fmt: skip
        assert change in re.sub(r"<[^>]+>", "", row), change
