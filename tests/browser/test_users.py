"""Managing users and changing a password in Chromium: an administrator creates a user, the new user
logs in with the temporary password and is led to change it (screenshots in tests/artifacts/browser/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser
NEW_PASSWORD = "zakuro no ki ni hana 2026"


def test_an_administrator_creates_a_user_who_then_chooses_a_password(page: Page, server_url: str) -> None:
    log_in(page, server_url, "admin")
    page.get_by_role("navigation", name="メイン").get_by_role("link", name="利用者").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("利用者の管理")
    page.get_by_label("ログインID", exact=True).fill("x")
    page.get_by_label("表示名", exact=True).fill("新人 花子")
    page.get_by_label("役割", exact=True).select_option(label="事務担当")
    page.get_by_role("button", name="作成する").click()
    expect(page.locator("#login-error")).to_contain_text("ログインIDは英数字で始まる")
    expect(page.get_by_label("表示名", exact=True)).to_have_value("新人 花子")
    screenshot(page, "users-create-refused")

    page.get_by_label("ログインID", exact=True).fill("hanako")
    page.get_by_role("button", name="作成する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("新人 花子")
    temporary = page.locator("#temporary-password").inner_text()
    expect(page.get_by_role("region", name="履歴")).to_contain_text("利用者の作成")
    screenshot(page, "users-detail-new")

    page.get_by_role("button", name="無効にする").click()
    expect(page.locator("#confirm-error")).to_contain_text("確認のチェック")
    screenshot(page, "users-deactivate-unconfirmed")

    log_in(page, server_url, "hanako", temporary)
    expect(page).to_have_url(server_url + "/staff/password")
    expect(page.get_by_role("alert")).to_contain_text("仮パスワードでログインしています")
    page.get_by_label("現在のパスワード").fill(temporary)
    page.get_by_label("新しいパスワード", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("新しいパスワード（確認）").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="変更する").click()
    expect(page.locator("#new_password_again-error")).to_contain_text("一致しません")
    screenshot(page, "users-password-mismatch")
    page.get_by_label("現在のパスワード").fill(temporary)
    page.get_by_label("新しいパスワード", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("新しいパスワード（確認）").fill(NEW_PASSWORD)
    page.get_by_role("button", name="変更する").click()
    expect(page).to_have_url(server_url + "/staff")
    expect(page.get_by_role("status")).to_contain_text("パスワードを変更しました")
