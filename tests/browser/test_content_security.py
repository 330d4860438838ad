"""Chromium enforces the Content-Security-Policy: the API documentation and the pages run without
one violation (no inline script or style is needed anywhere)."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def record_console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and errors.append(f"{response.status} {response.url}"))
    return errors


def test_the_api_documentation_works_under_the_policy(page: Page, server_url: str) -> None:
    errors = record_console_errors(page)
    page.goto(server_url + "/docs")
    # a generous guard for a busy machine: Swagger UI renders the whole API document first
    expect(page.locator(".swagger-ui .opblock").first, errors).to_be_visible(timeout=60_000)
    expect(page.get_by_text("/api/v1/quotes").first).to_be_visible()
    screenshot(page, "csp-api-docs")
    assert errors == []


def test_the_staff_dashboard_works_under_the_policy(page: Page, server_url: str) -> None:
    errors = record_console_errors(page)
    log_in(page, server_url, "shinsa")
    page.goto(server_url + "/staff")
    bar = page.locator("svg.bar").first
    expect(bar).to_be_visible()
    percent = int(str(bar.get_attribute("aria-label")).removeprefix("使用率 ").removesuffix("%"))
    used = bar.locator(".bar-used").bounding_box()
    track = bar.locator(".bar-track").bounding_box()
    assert used is not None and track is not None
    assert used["width"] == pytest.approx(track["width"] * min(percent, 100) / 100, abs=1.5)
    screenshot(page, "csp-staff-dashboard")
    assert errors == []
