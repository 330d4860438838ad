"""Customers, debtors and limits in Chromium: register a debtor (a refused form keeps what was typed),
then release the demonstration's held application by raising a limit above the four-eyes amount,
approved by a second person (screenshots in tests/artifacts/browser/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hozen.domain.identifiers import corporate_check_digit
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser
BASE = "812345678901"
NUMBER = f"{corporate_check_digit(BASE)}{BASE}"


def test_register_a_debtor_with_a_mistyped_corporate_number(page: Page, server_url: str) -> None:
    log_in(page, server_url, "jimu")
    page.get_by_role("navigation", name="メイン").get_by_role("link", name="注文者").click()
    page.get_by_role("link", name="注文者を登録する").click()
    page.get_by_label("商号").fill("株式会社丙建設")
    page.get_by_label("法人番号（13桁）").fill("1" + BASE)  # a wrong check digit
    page.get_by_label("純資産額（円、マイナス可）").fill("80,000,000")
    page.get_by_label("経審の審査基準日").fill("2026-03-31")
    page.get_by_role("button", name="登録する").click()
    number = page.locator("#corporate_number-field")
    expect(number.locator(".field-error")).to_contain_text("法人番号のチェックデジット")
    expect(page.get_by_label("商号")).to_have_value("株式会社丙建設")
    expect(page.get_by_label("純資産額（円、マイナス可）")).to_have_value("80,000,000")
    screenshot(page, "companies-1-refused-registration")
    page.get_by_label("法人番号（13桁）").fill(NUMBER)
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("株式会社丙建設")
    expect(page.get_by_role("region", name="履歴")).to_contain_text("取引先の登録")
    screenshot(page, "companies-2-debtor-page")


def test_a_limit_raised_from_the_held_application_waits_for_a_second_person(page: Page, server_url: str) -> None:
    # the new accounts of 北陸土木 (its net assets capped its limit at ¥5,000,000)
    log_in(page, server_url, "jimu")
    page.goto(server_url + "/staff/debtors?q=北陸土木")
    page.get_by_role("link", name="北陸土木株式会社").click()
    debtor = page.url
    page.get_by_role("link", name="登録内容を変更する").click()
    page.get_by_label("純資産額（円、マイナス可）").fill("500000000")
    page.get_by_label("変更の理由（履歴に記録されます）").fill("新しい決算書")
    page.get_by_role("button", name="変更を保存").click()
    expect(page.get_by_role("region", name="履歴")).to_contain_text("純資産額: 5,000,000 → 500,000,000")
    # a senior approver sets an own limit, then raises it from the held application
    log_in(page, server_url, "jokyu")
    page.goto(debtor)
    page.get_by_label("新しい個別限度額（円）").fill("5,000,000")
    page.get_by_label("変更の理由（必須・履歴に記録されます）").fill("当面の上限")
    page.get_by_role("button", name="限度額を変更する").click()
    expect(page.get_by_role("status")).to_contain_text("限度額を変更しました。")
    page.goto(server_url + "/staff")
    page.get_by_role("region", name=re.compile("保留中の申込")).get_by_role("link", name=re.compile(r"^申込 ")).click()
    why = page.get_by_role("region", name="保留の理由")
    expect(why).to_contain_text("注文者の限度額超過")
    screenshot(page, "companies-3-held-application")
    page.get_by_role("button", name="限度額を変更して確保する").click()  # no reason yet
    expect(page.locator("#reason-field .field-error")).to_contain_text("変更の理由")
    page.get_by_label("新しい個別限度額（円）").fill("60,000,000")
    page.get_by_label("変更の理由（必須・履歴に記録されます）").fill("受注増")
    page.get_by_role("button", name="限度額を変更して確保する").click()
    expect(page.get_by_role("status").first).to_contain_text("承認されると申込は自動で確保されます")
    screenshot(page, "companies-4-waiting-for-approval")
    # a second person approves from the dashboard's queue
    log_in(page, server_url, "admin")
    page.get_by_role("region", name=re.compile("承認待ちの限度額の変更")).get_by_role("link").first.click()
    expect(page.get_by_role("region", name="依頼の内容")).to_contain_text("60,000,000円")
    screenshot(page, "companies-5-approval")
    page.get_by_label("内容を確認しました").check()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status").first).to_contain_text("を確保しました。")
    screenshot(page, "companies-6-released")
    page.goto(debtor)
    expect(page.get_by_role("region", name="履歴")).to_contain_text("個別限度額: 5,000,000 → 60,000,000")
    screenshot(page, "companies-7-debtor-history")
