"""Finding past work in Chromium: from the list to a review, its guarantee and its PDF, as staff and
as a customer, at a desktop's and a tablet's width (screenshots in tests/artifacts/browser/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "tablet": {"width": 820, "height": 1180}}


def find_a_past_review(page: Page, server_url: str, area: str, name: str) -> None:
    """From the list of reviews (filtered to applied ones) to the review, its guarantee and its PDF."""
    page.get_by_label("状態").select_option(label="申込済み")
    page.get_by_role("button", name="絞り込む").click()
    rows = page.locator("table.records tbody tr")
    expect(rows.first).to_contain_text("申込済み")
    screenshot(page, f"records-{name}-list")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("審査依頼")
    expect(page.get_by_role("region", name="履歴")).to_contain_text("受付 → 審査中")
    screenshot(page, f"records-{name}-review")
    pdf = page.get_by_role("link", name="審査結果通知書（PDF）").get_attribute("href")
    assert pdf is not None
    document = page.request.get(server_url + pdf)
    assert document.ok and document.body().startswith(b"%PDF")
    page.get_by_role("region", name="書類").get_by_role("link", name=re.compile(r"^申込 ")).first.click()
    page.get_by_role("region", name="書類").get_by_role("link", name=re.compile(r"^(HZ-|保証 )")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("保証")
    expect(page.get_by_role("region", name="内容")).to_contain_text("保証期間")
    assert re.search(rf"/{area}/records/guarantees/\d+$", page.url)
    screenshot(page, f"records-{name}-guarantee")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_underwriter_finds_a_past_review(page: Page, server_url: str, width: str) -> None:
    page.set_viewport_size(WIDTHS[width])
    log_in(page, server_url, "shinsa")
    page.get_by_role("navigation", name="メイン").get_by_role("link", name="過去の業務").click()
    find_a_past_review(page, server_url, "staff", f"underwriter-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_customer_finds_its_past_review(page: Page, server_url: str, width: str) -> None:
    page.set_viewport_size(WIDTHS[width])
    log_in(page, server_url, "kou")
    page.get_by_role("navigation", name="メイン").get_by_role("link", name="これまでのお取引").click()
    expect(page.get_by_label("お客様")).to_have_count(0)  # a customer is never offered other companies
    find_a_past_review(page, server_url, "portal", f"customer-{width}")
    page.get_by_role("link", name="保証の一覧へ戻る").click()
    expect(page.locator("table.records tbody")).not_to_contain_text("乙設備株式会社")
