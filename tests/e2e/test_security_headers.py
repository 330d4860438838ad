"""Every kind of response carries the security headers, and no template needs 'unsafe-inline'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from tests.support import web_login

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "hozen" / "web" / "templates"
REQUIRED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def assert_secured(response: object, what: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in REQUIRED.items():
        assert headers.get(name) == value, (what, name)
    policy = headers.get("content-security-policy", "")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["frame-ancestors"] == "'none'", what
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", what
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, what


def test_pages_api_static_files_and_documentation(client: TestClient, database: Database) -> None:
    seed(database)
    anonymous = {
        "the start page": client.get("/"),
        "the login page": client.get("/login"),
        "a redirect to the login": client.get("/staff", follow_redirects=False),
        "a static file": client.get("/static/hozen.css"),
        "a vendored script": client.get("/static/vendor/htmx.min.js"),
        "the API documentation": client.get("/docs"),
        "the OpenAPI document": client.get("/openapi.json"),
        "a 401 problem": client.get("/api/v1/guarantees"),
        "a 404 problem": client.get("/api/v1/no-such-thing"),
        "a 422 problem": client.post("/api/v1/quotes", json={"amount": "many"}),
        "a 405 problem": client.delete("/openapi.json"),
        "a missing static file": client.get("/static/no-such-file.js"),
    }
    assert anonymous["the API documentation"].status_code == 200
    assert [what for what, response in anonymous.items() if response.status_code >= 500] == []
    for what, response in anonymous.items():
        assert_secured(response, what)
    web_login(client, "shinsa", DEMO_PASSWORD)
    assert_secured(client.get("/staff"), "a logged-in page")
    assert_secured(client.get("/api/v1/debtors"), "an API answer through the page session")


def test_an_unexpected_error_is_secured_too(app: FastAPI) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken-for-this-test", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/broken-for-this-test")
    assert response.status_code == 500
    assert_secured(response, "a 500 problem")


def test_the_documentation_uses_only_vendored_files(client: TestClient) -> None:
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: path.name)
def test_no_template_needs_unsafe_inline(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) is None, "inline <script>"
    assert re.search(r"<style\b", text) is None, "<style> block"
    assert re.search(r"\sstyle=", text) is None, "style attribute"
    assert re.search(r"\son[a-z]+=", text) is None, "event-handler attribute"
