"""Real Chromium (Debian's) driven by Playwright against a live Hozen server on localhost."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from hozen.app import create_app
from hozen.config import Settings
from hozen.services.demo import seed
from hozen.store.admin import upgrade
from hozen.store.db import Database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def browser_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A migrated SQLite file with the demonstration story (business date 2026-11-20)."""
    path = tmp_path_factory.mktemp("browser") / "hozen.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    database = Database(url)
    seed(database)
    database.dispose()
    return Settings(database_url=url, demo=True, secret_key="browser-tests-" * 3)


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """A live Hozen server on a free port of localhost, in a thread; its base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # a guard against a server that never starts, not a timing test
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the Hozen test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def server_url(browser_settings: Settings) -> Iterator[str]:
    with serving(browser_settings) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Keep a screenshot of a step as a test artifact (tests/artifacts/browser/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, server_url: str, login: str, password: str = "hozen-demo-2026") -> None:
    page.context.clear_cookies()
    page.goto(server_url + "/login")
    page.get_by_label("ログインID").fill(login)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
