"""Journeys in Chromium: a payout asked first with its amount, a return with its reason read by the
customer, a claim document's file refused and accepted, readable charts and whole numbers on a
tablet (screenshots at 1366 × 900 and 820 × 1180 in tests/artifacts/browser/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser
DESKTOP, TABLET = {"width": 1366, "height": 900}, {"width": 820, "height": 1180}
ASSESSED_CLAIM, FILED_CLAIM = 2, 3  # the demonstration's claims of 丙電工 (assessed) and 乙設備 (filed)
AWAITING_APPROVAL = 11  # 丙電工's review 手形 No.CD-3310


def test_a_payout_is_confirmed_with_its_amount(page: Page, server_url: str) -> None:
    log_in(page, server_url, "kessai")
    page.goto(f"{server_url}/staff/claims/{ASSESSED_CLAIM}")
    page.get_by_role("button", name="決裁する").click()
    log_in(page, server_url, "rikou")
    page.goto(f"{server_url}/staff/claims/{ASSESSED_CLAIM}")
    page.get_by_role("button", name="支払を記録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認: 保証履行の支払")
    expect(page.locator("dl.figures")).to_contain_text("1,100,000円")
    expect(page.locator("dl.figures")).to_contain_text("丙電工株式会社")
    for name, size in (("desktop", DESKTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        screenshot(page, f"confirm-payout-{name}")
    page.get_by_role("link", name="戻る（実行しない）").click()
    expect(page.locator("h1 .badge")).to_have_text("決裁済み")  # going back paid nothing
    page.get_by_role("button", name="支払を記録する").click()
    page.get_by_role("button", name="1,100,000円の支払を記録する").click()
    expect(page.locator("h1 .badge")).to_have_text("支払済み")


def test_a_return_needs_a_reason_and_the_customer_reads_it(page: Page, server_url: str) -> None:
    log_in(page, server_url, "kessai")
    page.goto(f"{server_url}/staff/reviews/{AWAITING_APPROVAL}")
    reason = page.get_by_label(re.compile("^差戻し理由"))
    reason.fill("　")  # a full-width space only: the browser lets it through, the server does not
    page.get_by_role("button", name="差し戻す").click()
    expect(page.locator("#return-reason-error")).to_have_text("差し戻す理由を入力してください。")
    expect(reason).to_have_value("　")
    screenshot(page, "return-without-reason")
    reason.fill("裏書人の信用調査を追加してください")
    page.get_by_role("button", name="差し戻す").click()
    expect(page.get_by_role("status")).to_contain_text("差し戻しました")
    log_in(page, server_url, "hei")
    page.goto(f"{server_url}/portal/reviews/{AWAITING_APPROVAL}")
    expect(page.get_by_role("region", name="審査のやり直し")).to_contain_text("裏書人の信用調査を追加してください")
    screenshot(page, "return-reason-in-portal")


def test_a_claim_document_is_received_with_its_file(page: Page, server_url: str, tmp_path: Path) -> None:
    text = tmp_path / "元帳.pdf"
    text.write_bytes(b"not a pdf at all")
    ledger = tmp_path / "総勘定元帳.pdf"
    ledger.write_bytes(b"%PDF-1.4\n% ledger\n%%EOF\n")
    log_in(page, server_url, "otsu")
    page.goto(f"{server_url}/portal/claims/{FILED_CLAIM}")
    expect(page.get_by_role("button", name="提出した")).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="総勘定元帳")
    row.get_by_label(re.compile("ファイル")).set_input_files(str(text))
    row.get_by_role("button", name="提出する").click()
    row = page.get_by_role("row").filter(has_text="総勘定元帳")
    expect(row).to_contain_text("PDF・JPEG・PNGのいずれか")
    expect(row).to_contain_text("未提出")
    screenshot(page, "claim-document-refused")
    row.get_by_label(re.compile("ファイル")).set_input_files(str(ledger))
    row.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("status")).to_contain_text("書類のファイルを受け付けました")
    expect(page.get_by_role("row").filter(has_text="総勘定元帳")).to_contain_text("受領済み")
    for name, size in (("desktop", DESKTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        screenshot(page, f"claim-documents-portal-{name}")

    log_in(page, server_url, "rikou")
    page.goto(f"{server_url}/staff/claims/{FILED_CLAIM}")
    with page.expect_download() as download:
        page.get_by_role("row").filter(has_text="総勘定元帳").get_by_role("link", name="ダウンロード").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == ledger.read_bytes()
    evidence = page.get_by_role("row").filter(has_text="不渡り")
    evidence.get_by_role("button", name="紙の写しの受領を記録").click()
    expect(page.get_by_role("row").filter(has_text="不渡り")).to_contain_text("紙の写しを受領")
    expect(page.get_by_role("row").filter(has_text="不渡り")).to_contain_text("履行 四郎")
    screenshot(page, "claim-documents-staff")


LABEL_SIZES = """svg => [...svg.querySelectorAll('text')].map(t => ({
    text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a }))"""


@pytest.mark.parametrize("size", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_charts_are_readable(page: Page, server_url: str, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    log_in(page, server_url, "otsu")
    page.goto(server_url + "/portal/simulate")
    page.get_by_role("button", name="試算する").click()
    chart = page.locator("svg.chart")
    labels = chart.evaluate(LABEL_SIZES)
    assert labels and all(label["px"] >= 12 for label in labels), labels
    months = [label["text"] for label in labels if label["text"].endswith("月")]
    assert re.fullmatch(r"2026年\d{1,2}月", months[0]), months  # the first month with its year
    assert all(re.fullmatch(r"(\d{4}年)?\d{1,2}月", month) for month in months), months
    assert "業務日 11月20日" in [label["text"] for label in labels]
    chart.scroll_into_view_if_needed()
    screenshot(page, f"chart-simulation-{size['width']}")
    log_in(page, server_url, "shinsa")
    page.goto(server_url + "/staff/risk?date=2026-12-10&scenarios=1&share=0.5")
    bars = page.locator("svg.chart").evaluate(LABEL_SIZES)
    assert bars and all(label["px"] >= 12 for label in bars), bars
    screenshot(page, f"chart-risk-{size['width']}")


LINES = """cell => { const range = document.createRange(); range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""


@pytest.mark.parametrize(
    ("login", "path"),
    [
        ("rikou", "/staff/claims"),
        ("jimu", "/staff/purchases"),
        ("shinsa", "/staff/guarantees"),
        ("shinsa", "/staff/records/claims"),
        ("shinsa", "/staff"),
        ("kou", "/portal"),
    ],
)
def test_tables_keep_numbers_whole_on_a_tablet(page: Page, server_url: str, login: str, path: str) -> None:
    page.set_viewport_size(TABLET)
    log_in(page, server_url, login)
    page.goto(server_url + path)
    cells = page.locator("table td.num, table th")
    assert cells.count() > 0
    broken = [
        (cell.inner_text(), lines)
        for cell in cells.all()
        if (lines := cell.evaluate(LINES)) > 1 and cell.inner_text().strip()
    ]
    assert broken == [], broken
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the page does not slide
    screenshot(page, "tablet" + path.replace("/", "-"))
