"""A customer uploads its bank's でんさい 開示 CSV in real Chromium (screenshots in tests/artifacts/browser/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "densai-kaiji.csv"


def test_a_densai_file_with_a_bad_row_then_the_bank_file(page: Page, server_url: str, tmp_path: Path) -> None:
    log_in(page, server_url, "hei")
    page.goto(server_url + "/portal/reviews/new")
    page.get_by_label("でんさい 開示CSV").check()

    broken = tmp_path / "kji-broken.csv"
    broken.write_bytes(EXAMPLE.read_bytes().replace(b"98765432100000100025", b"9876-5432"))
    page.get_by_label("一覧ファイル（.xlsx / .csv）").set_input_files(str(broken))
    page.get_by_role("button", name="審査を依頼する").click()
    expect(page.get_by_role("alert")).to_contain_text("1行に誤りがあるため、取り込みませんでした")
    expect(page.get_by_role("table", name="誤りのある行")).to_contain_text("記録番号: 記録番号は半角英数字20文字です")
    expect(page.get_by_label("でんさい 開示CSV")).to_be_checked()  # the choice is kept
    screenshot(page, "densai-1-row-error")

    page.get_by_label("一覧ファイル（.xlsx / .csv）").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="審査を依頼する").click()
    expect(page.get_by_role("status")).to_contain_text("審査依頼を受け付けました")
    for number in ("98765432100000100017", "98765432100000100025", "98765432100000100033"):
        expect(page.get_by_role("cell", name=number, exact=True)).to_be_visible()
    screenshot(page, "densai-2-review")

    review_id = page.url.rsplit("/", 1)[-1]  # the underwriter sees the transferred record's finding
    log_in(page, server_url, "shinsa")
    page.goto(f"{server_url}/staff/reviews/{review_id}")
    expect(page.get_by_text("譲渡記録により取得した電子記録債権です")).to_be_visible()
    screenshot(page, "densai-3-staff-review")
