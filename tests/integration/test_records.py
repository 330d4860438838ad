"""Past work: the lists' filters, paging and visibility, and each object's page (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from hozen.contract.records import PAGE_SIZE, RecordFilter
from hozen.domain.codes import RecordKind
from hozen.domain.errors import DomainError, NotFoundError
from hozen.domain.roles import Actor
from hozen.services import auth, records
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database


@pytest.fixture
def demo(database: Database) -> Database:
    seed(database)
    return database


def actor(database: Database, login: str) -> Actor:
    with database.unit_of_work(write=False) as uow:
        return auth.verify_password(uow, login, DEMO_PASSWORD).actor


def listed(database: Database, who: Actor, kind: RecordKind, **wanted: object) -> records.Listing:
    with database.unit_of_work(write=False) as uow:
        return records.list_records(uow, who, kind, RecordFilter.model_validate(wanted))


def test_pages_cover_every_row_once_newest_first(demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    staff = actor(demo, "jimu")
    for kind in (RecordKind.REVIEW, RecordKind.APPLICATION, RecordKind.GUARANTEE, RecordKind.INVOICE):
        monkeypatch.setattr(records, "PAGE_SIZE", PAGE_SIZE)  # the whole list first, then pages of two
        check_paging(demo, monkeypatch, staff, kind)


def check_paging(demo: Database, monkeypatch: pytest.MonkeyPatch, staff: Actor, kind: RecordKind) -> None:
    everything = listed(demo, staff, kind)
    assert everything.total >= 3
    monkeypatch.setattr(records, "PAGE_SIZE", 2)
    count = listed(demo, staff, kind).pages
    assert count == -(-everything.total // 2)
    pages = [listed(demo, staff, kind, page=number) for number in range(1, count + 2)]
    seen = [row.id for page in pages[: pages[0].pages] for row in page.rows]
    assert sorted(seen) == sorted(row.id for row in everything.rows) and len(seen) == len(set(seen))
    assert pages[-1].page == pages[0].pages  # a page beyond the last shows the last
    days = [row.day for page in pages[: pages[0].pages] for row in page.rows]
    assert days == sorted(days, reverse=True)
    oldest = listed(demo, staff, kind, order="oldest")
    assert [row.day for row in oldest.rows] == sorted(row.day for row in oldest.rows)


def test_filters_by_customer_debtor_state_and_dates(demo: Database) -> None:
    staff = actor(demo, "shinsa")
    every = listed(demo, staff, RecordKind.GUARANTEE).rows
    kou = listed(demo, staff, RecordKind.GUARANTEE, customer_id=1).rows
    assert kou and all(row.customer == "甲工業株式会社" for row in kou) and len(kou) < len(every)
    daiwa = listed(demo, staff, RecordKind.REVIEW, debtor_id=1).rows
    assert daiwa and all("株式会社大和建設" in row.debtor for row in daiwa)
    active = listed(demo, staff, RecordKind.GUARANTEE, state="active").rows
    assert active and all(row.state == "保証中" for row in active)
    middle = sorted({row.day for row in every})[len({row.day for row in every}) // 2]
    since = listed(demo, staff, RecordKind.GUARANTEE, date_from=middle).rows
    until = listed(demo, staff, RecordKind.GUARANTEE, date_to=middle - dt.timedelta(days=1)).rows
    assert all(row.day >= middle for row in since) and all(row.day < middle for row in until)
    assert len(since) + len(until) == len(every)


def test_a_filter_that_cannot_be_used_is_refused(demo: Database) -> None:
    staff = actor(demo, "shinsa")
    with pytest.raises(DomainError) as unknown:
        listed(demo, staff, RecordKind.CLAIM, state="active")  # a guarantee's state, not a claim's
    assert unknown.value.code == "UNKNOWN_STATE_FILTER" and "保証債務の履行請求" in unknown.value.message_ja
    with pytest.raises(DomainError) as reversed_dates:
        listed(demo, staff, RecordKind.CLAIM, date_from="2026-12-01", date_to="2026-11-01")
    assert reversed_dates.value.code == "DATES_REVERSED"


def test_a_customer_lists_and_opens_only_its_own_work(demo: Database) -> None:
    kou, otsu, staff = actor(demo, "kou"), actor(demo, "otsu"), actor(demo, "jimu")
    for kind in RecordKind:
        own = listed(demo, kou, kind, customer_id=2)  # asking for another company is ignored
        assert all(row.customer == "甲工業株式会社" for row in own.rows), kind
    theirs = listed(demo, otsu, RecordKind.GUARANTEE).rows
    assert theirs
    with demo.unit_of_work(write=False) as uow:
        with pytest.raises(NotFoundError):
            records.get_record(uow, kou, RecordKind.GUARANTEE, theirs[0].id)
        assert records.get_record(uow, staff, RecordKind.GUARANTEE, theirs[0].id).customer == "乙設備株式会社"


def test_a_guarantee_page_names_its_parties_documents_history_and_relations(demo: Database) -> None:
    staff = actor(demo, "shinsa")
    active = listed(demo, staff, RecordKind.GUARANTEE, state="active", customer_id=1).rows
    with demo.unit_of_work(write=False) as uow:
        detail = records.get_record(uow, staff, RecordKind.GUARANTEE, active[-1].id)
    assert detail.customer == "甲工業株式会社" and detail.debtor
    assert [d.title for d in detail.documents] == ["保証承諾書"]
    assert {link.kind for link in detail.related} >= {RecordKind.REVIEW, RecordKind.APPLICATION, RecordKind.INVOICE}
    assert detail.history[0].from_state == "" and detail.history[-1].to_state == "保証中"
    assert any(entry.reason == "保証料の入金" for entry in detail.history)


def test_a_customer_reads_the_company_where_staff_acted(demo: Database) -> None:
    kou, staff = actor(demo, "kou"), actor(demo, "shinsa")
    review = listed(demo, kou, RecordKind.REVIEW, state="applied").rows[0]
    with demo.unit_of_work(write=False) as uow:
        seen_by_customer = records.get_record(uow, kou, RecordKind.REVIEW, review.id)
        seen_by_staff = records.get_record(uow, staff, RecordKind.REVIEW, review.id)
    assert "当社" in [entry.who for entry in seen_by_customer.history]
    assert "審査 花子" in [entry.who for entry in seen_by_staff.history]
    assert "審査担当" not in dict(seen_by_customer.figures) and dict(seen_by_staff.figures)["審査担当"] == "審査 花子"


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("DEBTOR_LIMIT_EXCEEDED", "注文者の限度額超過"),
        ("fee received", "保証料の入金"),
        ("limits reserved after a limit decision", "限度額の判断の後に確保"),
        ("debtor paid on 2026-12-01 (confirmed)", "注文者の支払を確認"),
        ("proceeds advanced", "割引代金のお振込み"),
        ("increase", "増額"),
        ("注文者の信用状況を確認中のため", "注文者の信用状況を確認中のため"),
    ],
)
def test_history_reasons_read_in_japanese(stored: str, read: str) -> None:
    assert records.reason_text(stored) == read
