"""The main journeys through real Chromium, one step per screenshot (tests/artifacts/browser/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hozen.config import Settings
from hozen.domain.roles import Actor, Role
from hozen.services import portfolio
from hozen.services.demo import demo_corporate_number
from hozen.store.db import Database
from tests.browser.conftest import ARTIFACTS, log_in, screenshot
from tests.support import receivable_list

pytestmark = pytest.mark.browser
YAMATO = demo_corporate_number(7_010_001_001)  # 株式会社大和建設 in the demonstration


def _list_file(tmp_path: Path) -> Path:
    path = tmp_path / "保証希望銘柄リスト.xlsx"
    path.write_bytes(receivable_list(YAMATO, "手形 BR-2001", 2_400_000))
    return path


def set_business_date(settings: Settings, day: str) -> None:
    import datetime as dt

    database = Database(settings.database_url)
    with database.unit_of_work() as uow:
        portfolio.set_today(uow, Actor(1, Role.ADMIN), dt.date.fromisoformat(day))
    database.dispose()


def test_customer_quote_and_frame_simulation(page: Page, server_url: str) -> None:
    log_in(page, server_url, "otsu")
    page.get_by_role("link", name="枠保証シミュレーション").click()
    page.get_by_role("button", name="試算する").click()
    result = page.get_by_role("region", name="試算結果")
    expect(result).to_contain_text("9,200,000円")
    expect(result).to_contain_text("202,928円")
    expect(page.locator("svg.chart path")).to_have_count(1)
    screenshot(page, "journey-0-frame-simulation")
    page.set_viewport_size({"width": 800, "height": 1100})  # a tablet
    expect(page.get_by_role("navigation", name="メイン")).to_be_visible()
    screenshot(page, "journey-0-frame-simulation-tablet")


def test_from_list_to_certificate_and_claim(
    page: Page, server_url: str, browser_settings: Settings, tmp_path: Path
) -> None:
    # 1. the customer submits its list
    log_in(page, server_url, "kou")
    expect(page.get_by_role("heading", name="マイページ")).to_be_visible()
    page.get_by_role("link", name="審査依頼", exact=True).click()
    page.get_by_label("一覧ファイル（.xlsx / .csv）").set_input_files(str(_list_file(tmp_path)))
    screenshot(page, "journey-1-upload")
    page.get_by_role("button", name="審査を依頼する").click()
    expect(page.get_by_role("status")).to_contain_text("審査依頼を受け付けました")
    review_url = page.url
    review_id = re.search(r"/portal/reviews/(\d+)", review_url).group(1)  # type: ignore[union-attr]

    # 2. the underwriter reviews: eligibility, a rate with its live fee, accept, submit for approval
    log_in(page, server_url, "shinsa")
    page.goto(f"{server_url}/staff/reviews/{review_id}")
    page.get_by_role("button", name="審査を開始する").click()
    expect(page.get_by_text("対象要件をすべて満たしています")).to_be_visible()
    page.get_by_label("保証料率（年%・助成前）", exact=True).fill("4.5")
    expect(page.locator(".fee")).to_contain_text("お客様負担")
    screenshot(page, "journey-2-review")
    page.get_by_role("button", name="承認", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("明細の判断を保存しました")
    page.get_by_role("button", name="決裁に回す").click()

    # 3. a second person approves (the underwriter could not)
    log_in(page, server_url, "kessai")
    page.goto(f"{server_url}/staff/reviews/{review_id}")
    page.get_by_role("button", name="承認（決裁）").click()
    expect(page.get_by_role("status")).to_contain_text("承認しました")
    screenshot(page, "journey-3-approved")

    # 4. the customer applies
    log_in(page, server_url, "kou")
    page.goto(review_url)
    page.get_by_role("button", name="選んだ明細を申し込む").click()
    expect(page.get_by_role("status")).to_contain_text("お申込みを受け付けました")
    screenshot(page, "journey-4-applied")

    # 5. operations records the fee payment
    log_in(page, server_url, "jimu")
    page.get_by_role("link", name="請求・入金").click()
    invoice = page.locator("section.card").filter(has_text="INV-2026").last
    invoice.get_by_role("button", name="入金を記録").click()
    expect(page.get_by_role("status")).to_contain_text("入金を記録しました")
    screenshot(page, "journey-5-payment")

    # 6. on the start date the daily run issues the certificate; the customer downloads it
    set_business_date(browser_settings, "2026-11-26")
    page.goto(server_url + "/staff")
    page.get_by_role("button", name=re.compile("日次処理を実行")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認: 日次処理の実行")
    page.get_by_role("button", name="日次処理を実行する").click()
    expect(page.get_by_role("status")).to_contain_text("日次処理を実行しました")
    screenshot(page, "journey-6-staff-dashboard")
    log_in(page, server_url, "kou")
    page.get_by_role("link", name=re.compile("HZ-2026-")).last.click()
    screenshot(page, "journey-6-guarantee")
    with page.expect_download() as download:
        page.get_by_role("link", name="保証承諾書をダウンロード（PDF）").click()
    certificate = ARTIFACTS / "certificate.pdf"
    download.value.save_as(certificate)
    assert certificate.read_bytes().startswith(b"%PDF")

    # 7. the debtor fails: the customer files a claim and sees what is still missing
    page.get_by_label("保証事由").select_option("LEGAL_PROCEEDING")
    page.get_by_label("発生日").fill("2026-11-26")
    page.get_by_role("button", name="請求する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認: 保証履行のご請求")
    screenshot(page, "journey-7-claim-confirm")
    page.get_by_role("button", name="この内容で請求する").click()
    expect(page.get_by_role("status")).to_contain_text("保証履行のご請求を受け付けました")
    missing = page.get_by_role("table").first
    expect(missing).to_contain_text("法的整理の申立書類の写し")
    expect(missing).to_contain_text("未提出")
    expect(page.get_by_text("法的整理の申立て（破産・民事再生等）")).to_be_visible()
    screenshot(page, "journey-7-claim")
