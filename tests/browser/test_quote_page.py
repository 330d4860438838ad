import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_prospective_customer_prices_a_note_guarantee(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    expect(page.get_by_role("heading", name="保証料の試算")).to_be_visible()
    page.get_by_label("商品").select_option("note")
    page.get_by_label("保証金額・額面（円）").fill("2,000,000")
    page.get_by_label("保証料率（年率%・助成前）").fill("4.5")
    page.get_by_label("保証開始日").fill("2026-04-01")
    page.get_by_label("保証期限（支払期日）").fill("2026-06-29")
    screenshot(page, "quote-1-filled")
    page.get_by_role("button", name="試算する").click()
    result = page.get_by_role("region", name="試算結果")
    expect(result).to_contain_text("15,894円")
    expect(result).to_contain_text("90日")
    screenshot(page, "quote-2-result")


def test_a_bad_rate_is_explained_next_to_the_field(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    page.get_by_label("保証金額・額面（円）").fill("2000000")
    page.get_by_label("保証料率（年率%・助成前）").fill("abc")
    page.get_by_label("保証開始日").fill("2026-04-01")
    page.get_by_label("保証期限（支払期日）").fill("2026-06-29")
    page.get_by_role("button", name="試算する").click()
    expect(page.locator("#rate-error")).to_be_visible()
    expect(page.get_by_label("保証料率（年率%・助成前）")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "quote-3-error")
