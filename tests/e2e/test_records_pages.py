"""Past work through HTTP: the lists and detail pages per role, their filters, and a crawl of every
page reachable from the navigation as each demonstration user."""

from __future__ import annotations

import html
import re
from collections import deque

import pytest
from fastapi.testclient import TestClient

from hozen.domain.codes import RecordKind
from hozen.services.demo import DEMO_PASSWORD, demo_logins, seed
from hozen.store.db import Database
from tests.support import web_login

TELL_TALES = re.compile(
    r"\b(note|erecord|ar|frame|default|month_end|DISHONOUR\w*|NOT_FOUND|None|True|False|null|"
    r"fee received|limits reserved|review started|approved|applied|pending|accepted|declined|"
    r"awaiting_\w+|in_review|paid_out|set_off|Field required|Input should)\b"
)
"""Words that show a raw code, a stored value or an English sentence leaked onto a page."""


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


def visible_text(page: str) -> str:
    """What a person reads: the body without tags, scripts, attribute values or the code to quote."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"エラーコード [A-Z_]+", " ", body)  # the error page's code, meant to be quoted to support
    return html.unescape(body)


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"#]+)"', page)]


def test_staff_find_every_kind_of_work_with_its_parties(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    for kind in RecordKind:
        listing = client.get(f"/staff/records/{kind.value}")
        assert listing.status_code == 200
        assert f"過去の業務 — {kind.label}" in listing.text
        details = [href for href in links(listing.text) if re.fullmatch(rf"/staff/records/{kind.value}/\d+", href)]
        for href in details[:2]:
            page = client.get(href)
            assert page.status_code == 200, href
            assert "お客様" in page.text and "履歴" in page.text and "株式会社" in page.text


def test_a_review_links_to_its_application_guarantee_and_pdf(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    listing = client.get("/staff/records/reviews?state=applied&order=oldest")
    first = next(h for h in links(listing.text) if re.fullmatch(r"/staff/records/reviews/\d+", h))
    review = client.get(first).text
    assert "審査結果通知書（PDF）" in review and "甲工業株式会社" in review
    assert "審査 花子" in review and "決裁 一郎" in review  # who reviewed and who approved, by name
    assert "受付 → 審査中" in visible_text(review) and "審査開始" in review  # history in Japanese labels
    pdf = next(h for h in links(review) if h.endswith("result.pdf"))
    document = client.get(pdf)
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
    application = client.get(next(h for h in links(review) if "/records/applications/" in h)).text
    guarantee_href = next(h for h in links(application) if "/records/guarantees/" in h)
    guarantee = client.get(guarantee_href).text
    assert "保証金額" in guarantee and first in links(guarantee)  # and back to the review


def test_filters_narrow_the_list(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    everything = client.get("/staff/records/guarantees").text
    assert "甲工業株式会社" in everything and "乙設備株式会社" in everything
    only_kou = client.get("/staff/records/guarantees?customer_id=1").text
    table = only_kou.split("<tbody>")[1]
    assert "甲工業株式会社" in table and "乙設備株式会社" not in table
    nothing = client.get("/staff/records/guarantees?date_from=2099-01-01").text
    assert "該当する保証はありません。" in nothing and "0件" in nothing


BAD_FILTERS = [
    ("state=bogus", "保証に「bogus」という状態はありません"),
    ("date_from=2027-01-01&date_to=2026-01-01", "期間の終わりが始まりより前です"),
    ("customer_id=abc", "整数"),
    ("customer_id=99999999999", "2147483647以下"),
    ("date_from=1999-12-31", "2000年から2100年までの日付"),
    ("date_to=2026-02-30", "日付を"),
    ("page=0", "1以上"),
    ("order=sideways", "並び順は「新しい順」か「古い順」"),
]


def test_a_bad_filter_is_a_japanese_message_with_the_values_kept(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    for query, message in BAD_FILTERS:
        page = client.get(f"/staff/records/guarantees?{query}")
        assert page.status_code == 422, query
        assert message in page.text and 'role="alert"' in page.text, query
        leaked = TELL_TALES.search(visible_text(page.text))
        assert leaked is None, (query, leaked.group(0) if leaked else "")
        first_value = query.split("&")[0].split("=")[1]
        if query.startswith("date"):
            assert f'value="{first_value}"' in page.text  # what was typed is kept


def test_the_form_as_sent_with_every_field_blank_lists_everything(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    blank = "customer_id=&debtor_id=&state=&date_from=&date_to=&order=newest"
    page = client.get(f"/staff/records/reviews?{blank}")
    assert page.status_code == 200
    assert page.text.count("/staff/records/reviews/") == client.get("/staff/records/reviews").text.count(
        "/staff/records/reviews/"
    )
    assert client.get("/staff/records/reviews?state=applied&customer_id=1").status_code == 200


def test_paging_is_bounded_and_moves_on(client: TestClient, demo: Database) -> None:
    web_login(client, "jimu", DEMO_PASSWORD)
    beyond = client.get("/staff/records/reviews?page=9999")
    assert beyond.status_code == 200 and "ページ）" in beyond.text  # the last page, not an error
    assert client.get("/staff/records/reviews?page=10001").status_code == 422


def test_unknown_kinds_and_ids_are_not_found(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    for path in (
        "/staff/records/users",
        "/staff/records/reviews/abc",
        "/staff/records/reviews/99999999999",
        "/staff/records/claims/999",
    ):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "見つかりません" in page.text or "この種類の一覧はありません" in page.text, path


def test_a_customer_sees_only_its_own_work(client: TestClient, demo: Database) -> None:
    web_login(client, "kou", DEMO_PASSWORD)
    for kind in RecordKind:
        listing = client.get(f"/portal/records/{kind.value}?customer_id=2")  # asking for another's is ignored
        assert listing.status_code == 200
        table = listing.text.split("<tbody>")[1]
        assert "乙設備株式会社" not in table and "丙電工株式会社" not in table, kind
    web_login(client, "otsu", DEMO_PASSWORD)
    others = links(client.get("/portal/records/guarantees").text)
    web_login(client, "kou", DEMO_PASSWORD)
    for href in [h for h in others if re.fullmatch(r"/portal/records/guarantees/\d+", h)]:
        refused = client.get(href)
        assert refused.status_code == 404 and "見つかりません" in refused.text
    assert client.get("/staff/records/reviews").status_code == 403


def test_a_customer_reads_its_purchases_in_its_own_words(client: TestClient, demo: Database) -> None:
    web_login(client, "kou", DEMO_PASSWORD)
    listing = client.get("/portal/records/purchases").text
    assert "振込予定日" in listing and "額面" in listing
    for href in [h for h in links(listing) if re.fullmatch(r"/portal/records/purchases/\d+", h)]:
        page = client.get(href).text
        assert "買取料" in page and "買取代金" in page and "振込予定日" in page
        assert "保証料" not in page and "保証金額" not in page


def test_the_work_lists_name_the_parties_and_link_to_the_records(client: TestClient, demo: Database) -> None:
    web_login(client, "shinsa", DEMO_PASSWORD)
    guarantees = client.get("/staff/guarantees").text
    assert "甲工業株式会社" in guarantees and "株式会社大和建設" in guarantees
    assert any(re.fullmatch(r"/staff/records/guarantees/\d+", h) for h in links(guarantees))
    invoices = client.get("/staff/invoices").text
    assert "お支払者" in invoices and "/staff/records/invoices/" in invoices
    review = client.get("/staff/reviews/1").text
    assert "お客様 甲工業株式会社" in review and "審査担当 審査 花子" in review and "決裁者 決裁 一郎" in review


def shape(path: str) -> str:
    """A page's kind: its path with the ids taken out (one page of each kind is enough to read)."""
    return re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")


def test_every_page_reachable_from_the_navigation_answers_in_japanese(client: TestClient, demo: Database) -> None:
    for entry in demo_logins():
        web_login(client, entry.login, DEMO_PASSWORD)
        home = "/portal" if entry.role.value == "customer" else "/staff"
        seen: set[str] = set()
        queue = deque([home])
        while queue:
            path = queue.popleft()
            if shape(path) in seen:
                continue
            seen.add(shape(path))
            response = client.get(path)
            assert response.status_code == 200, (entry.login, path)
            if path.endswith(".pdf"):
                assert response.content.startswith(b"%PDF"), path
                continue
            if not response.headers["content-type"].startswith("text/html"):
                assert response.content, path  # a download (Excel, CSV) is served, not read as a page
                continue
            leaked = TELL_TALES.search(visible_text(response.text))
            assert leaked is None, (entry.login, path, leaked.group(0) if leaked else "")
            for href in links(response.text):
                if href.startswith(("/staff", "/portal", "/api/v1/")) and "/new" not in href:
                    queue.append(href)
        assert len(seen) > 10, entry.login
