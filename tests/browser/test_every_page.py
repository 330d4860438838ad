"""Every page as every role, in Chromium: each link answers 200, no English or raw code is shown,
and axe-core finds no serious or critical accessibility violation.

axe-core is a vendored test asset (tests/browser/vendor/axe-core/, MPL-2.0), injected into each page
by the test; Hozen never serves it. The test's browser context bypasses the Content-Security-Policy
only so that the injected script can run (test_content_security.py checks the policy itself)."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import log_in, screenshot
from tests.e2e.test_records_pages import TELL_TALES, shape

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ROLES = {  # one demonstration user of each role
    "admin": "/staff",
    "shinsa": "/staff",
    "kessai": "/staff",
    "jokyu": "/staff",
    "jimu": "/staff",
    "rikou": "/staff",
    "kou": "/portal",
}
DOWNLOADS = re.compile(r"(\.pdf|\.xlsx|\.csv|/file)$")
NOT_PAGES = ("/logout", "/docs", "/static/", "/openapi")
ALLOWED_LATIN = {
    "Hozen", "PDF", "Excel", "CSV", "JPEG", "PNG", "Webhook", "xlsx", "csv", "pdf", "jpg", "jpeg", "png",
    "MB", "KB", "ID", "YYYY", "MM", "DD", "HZ", "INV", "URL", "https", "http", "example", "jp", "hozen",
    "HHI", "JIS", "API",
}  # fmt: skip
"""Latin words a Japanese page may show: product and file-format names, number prefixes, URLs, and HHI
(the concentration index, written so in Japanese finance and explained on the risk page)."""


VISIBLE_TEXT = """() => { const body = document.body.cloneNode(true);
    body.querySelectorAll('[translate="no"]').forEach(e => e.remove());  // data and commands, not words
    document.documentElement.appendChild(body); const text = body.innerText; body.remove(); return text; }"""
"""The page's text as a person reads it, without what is marked ``translate="no"``: login ids, commands."""


def english_words(text: str) -> list[str]:
    """Latin words of three letters or more that are not a name the pages use on purpose."""
    text = re.sub(r"エラーコード [A-Z_]+", " ", text)  # the code on an error page, meant to be quoted
    text = re.sub(r"https?://\S+", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED_LATIN]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def crawl(page: Page, server_url: str, login: str, home: str, checked: set[str]) -> tuple[set[str], list[str]]:
    """Visit one page of each kind reachable from ``home``; the kinds seen and what went wrong.
    axe-core reads each kind of page once over all roles (``checked``): the crawl stays short."""
    log_in(page, server_url, login)
    seen: set[str] = set()
    problems: list[str] = []
    queue = deque([home, "/"])
    while queue:
        path = queue.popleft()
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        if DOWNLOADS.search(path.split("?")[0]) or path.startswith("/api/"):
            response = page.request.get(server_url + path)
            if response.status != 200:
                problems.append(f"{login} {path}: {response.status}")
            continue
        answer = page.goto(server_url + path)
        if answer is None or answer.status != 200:
            problems.append(f"{login} {path}: {answer.status if answer else 'no answer'}")
            continue
        text = page.evaluate(VISIBLE_TEXT)
        leaked = TELL_TALES.search(text)
        if leaked:
            problems.append(f"{login} {path}: shows {leaked.group(0)!r}")
        english = english_words(text)
        if english:
            problems.append(f"{login} {path}: English {english[:5]}")
        if shape(path) not in checked:
            checked.add(shape(path))
            problems += [
                f"{login} {path}: axe {v['id']} ({v['impact']}) {v['help']} at {v['nodes'][:3]}"
                for v in axe_violations(page)
            ]
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(href)
            if target.netloc or not target.path.startswith("/") or target.path.startswith(NOT_PAGES):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen, problems


def test_every_page_as_every_role(browser: Browser, server_url: str) -> None:
    problems: list[str] = []
    checked: set[str] = set()
    for login, home in ROLES.items():
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP", bypass_csp=True)
        try:
            seen, found = crawl(context.new_page(), server_url, login, home, checked)
        finally:
            context.close()
        problems += found
        assert len(seen) > 10, (login, sorted(seen))
    assert problems == [], "\n".join(problems)


def test_the_review_preview_reads_in_japanese(browser: Browser, server_url: str) -> None:
    """The preview is behind a form (a rate typed), so the crawl never shows it: the customer and an
    underwriter ask for it on a review page, with a rate that is refused and then with a good one."""
    problems: list[str] = []
    for login, home in (("kou", "/portal"), ("shinsa", "/staff")):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP", bypass_csp=True)
        try:
            page = context.new_page()
            log_in(page, server_url, login)
            page.goto(server_url + home)
            links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
            for path in [link for link in links if re.fullmatch(r"/(portal|staff)/reviews/\d+", link)]:
                page.goto(server_url + path)
                if page.locator("#preview-rate").count():
                    break
            for rate, shown in (("4..5", "#preview-rate-error"), ("4.5", "#preview-total")):
                page.locator("#preview-rate").fill(rate)
                page.get_by_role("button", name="見込みを表示する").click()
                expect(page.locator(shown)).to_be_visible()
                text = page.evaluate(VISIBLE_TEXT)
                leaked = TELL_TALES.search(text)
                problems += [f"{login} {page.url}: shows {leaked.group(0)!r}"] if leaked else []
                problems += [f"{login} {page.url}: English {english_words(text)[:5]}"] if english_words(text) else []
                problems += [f"{login} {page.url}: axe {v['id']} {v['help']}" for v in axe_violations(page)]
            screenshot(page, f"review-preview-{login}")
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
