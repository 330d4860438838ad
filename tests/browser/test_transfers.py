"""Paying out in Chromium: a discount blocked for want of a payout account, the account typed in
hiragana, then the day's 全銀 file made after a confirmation and downloaded at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from hozen.config import Settings
from hozen.store.admin import upgrade
from hozen.store.db import Database
from tests.browser.conftest import log_in, screenshot, serving
from tests.integration.test_journal import seeded_with_a_discount

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def transfers_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Its own server: the demonstration with guarantee 1's note discounted on 2026-11-20."""
    url = f"sqlite:///{tmp_path_factory.mktemp('transfers') / 'hozen.sqlite3'}"
    upgrade(url)
    database = Database(url)
    seeded_with_a_discount(database)
    database.dispose()
    with serving(Settings(database_url=url, demo=True, secret_key="browser-tests-" * 3)) as served:
        yield served


def test_a_blocked_payment_is_registered_exported_and_downloaded(
    page: Page, transfers_url: str, tmp_path: Path
) -> None:
    log_in(page, transfers_url, "jimu")
    page.goto(transfers_url + "/staff/transfers?date=2026-11-20")
    expect(page.get_by_role("region", name="振込予定")).to_contain_text("振込先口座が登録されていません")
    screenshot(page, "transfers-blocked")

    page.get_by_role("link", name="口座を登録").click()
    page.get_by_label("金融機関コード（4桁）").fill("0005")
    page.get_by_label("金融機関名（カナ）").fill("みつびし")
    page.get_by_label("支店コード（3桁）").fill("12")
    page.get_by_label("支店名（カナ）").fill("まるのうち")
    page.get_by_label("口座番号（7桁まで）").fill("98765")
    page.get_by_label("受取人名（カナ・30文字まで）").fill("こうこうぎょう（かぶ")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#branch_code-error")).to_contain_text("3桁の数字")
    expect(page.get_by_label("受取人名（カナ・30文字まで）")).to_have_value("こうこうぎょう（かぶ")
    screenshot(page, "transfers-account-refused")
    page.get_by_label("支店コード（3桁）").fill("123")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("region", name="登録されている口座")).to_contain_text("ｺｳｺｳｷﾞﾖｳ(ｶﾌﾞ")
    screenshot(page, "transfers-account-saved")

    page.goto(transfers_url + "/staff/transfers?date=2026-11-20")
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    with page.expect_download() as caught:
        page.get_by_role("button", name="総合振込データを作成してダウンロード").click()
    download = caught.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert asked and "1件" in asked[0]
    assert download.suggested_filename == "zengin-2026-11-20-1.txt"
    assert len(content) == 4 * 122 and content[122 + 50 : 122 + 80].decode("cp932").rstrip() == "ｺｳｺｳｷﾞﾖｳ(ｶﾌﾞ"
    expect(page.get_by_role("region", name="作成済みの総合振込データ")).to_contain_text("再ダウンロード")
    expect(page.get_by_role("region", name="振込予定")).to_contain_text("未出力の支払はありません")
    screenshot(page, "transfers-exported")
