"""A purchase over HTTP: request → review → application → papers → execution → maturity (SPEC §2.4, §8.4)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store import admin
from hozen.store.db import Database
from hozen.store.models import SubsidyEntry
from tests.support import account_balance, bearer, journal, ok, postings_of, set_business_date


def bought(client: TestClient, headers: dict[str, dict[str, str]], debtor_number: str) -> dict[str, Any]:
    """A ¥1,000,000 note due 2027-01-29, requested, reviewed at 5.0 %, approved and applied for on 11-20."""
    line = {
        "kind": "note",
        "debtor_corporate_number": debtor_number,
        "reference": "手形 P-77",
        "amount": 1_000_000,
        "issue_date": "2026-11-02",
        "due_date": "2027-01-29",
    }
    review = ok(
        client.post("/api/v1/purchase-requests", headers=headers["kou"], json={"customer_id": 1, "lines": [line]}), 201
    )
    assert review["lines"][0]["eligibility"] == []
    ok(client.post(f"/api/v1/review-requests/{review['id']}/start", headers=headers["shinsa"]))
    ok(
        client.post(
            f"/api/v1/review-requests/{review['id']}/lines/{review['lines'][0]['id']}/decision",
            headers=headers["shinsa"],
            json={"accept": True, "rate": "5.0"},
        )
    )
    ok(client.post(f"/api/v1/review-requests/{review['id']}/submit", headers=headers["shinsa"]))
    ok(client.post(f"/api/v1/review-requests/{review['id']}/approve", headers=headers["kessai"]))
    [application] = ok(
        client.post(
            "/api/v1/applications",
            headers=headers["kou"],
            json={"review_id": review["id"], "line_ids": [review["lines"][0]["id"]]},
        ),
        201,
    )
    assert application["state"] == "reserved" and application["invoice"] is None  # the company pays, no invoice
    return application["purchases"][0]  # type: ignore[no-any-return]


def test_purchase_from_request_to_collection(client: TestClient, database: Database, tmp_path: Path) -> None:
    seed(database)  # business date 2026-11-20 (Fri); 11-23 is a holiday
    headers = {
        name: bearer(client, name, DEMO_PASSWORD) for name in ("admin", "kou", "otsu", "shinsa", "kessai", "jimu")
    }
    debtors = ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))
    yamato = debtors[0]
    purchase = bought(client, headers, yamato["corporate_number"])
    # purchase date: 4 business days after 11-20 → 11-27; 11-27 … 2027-01-29 = 64 days
    # gross 1,000,000 × 5 % × 64 / 365 = 8,767.12 → 8,767; subsidy at the 1.5 % cap → 2,630.13 → 2,630
    assert (purchase["purchase_date"], purchase["days"]) == ("2026-11-27", 64)
    assert (purchase["gross_fee"], purchase["subsidy"], purchase["net_fee"]) == (8_767, 2_630, 6_137)
    assert purchase["proceeds"] == 1_000_000 - 6_137 - purchase["transfer_fee"]
    exposure = ok(client.get(f"/api/v1/debtors/{yamato['id']}", headers=headers["shinsa"]))["exposure"]

    set_business_date(client, headers["admin"], "2026-11-24")
    late = client.post(
        f"/api/v1/purchases/{purchase['id']}/papers", headers=headers["jimu"], json={"arrived_on": "2026-11-24"}
    )
    assert late.status_code == 422 and late.json()["code"] == "PURCHASE_LEAD_TIME_TOO_SHORT"
    ok(
        client.post(
            f"/api/v1/purchases/{purchase['id']}/papers", headers=headers["jimu"], json={"arrived_on": "2026-11-20"}
        )
    )
    early = client.post(f"/api/v1/purchases/{purchase['id']}/execute", headers=headers["jimu"])
    assert early.status_code == 409 and early.json()["code"] == "BEFORE_PURCHASE_DATE"
    set_business_date(client, headers["admin"], "2026-11-27")
    keyed = {**headers["jimu"], "Idempotency-Key": f"execute-{purchase['id']:08d}"}
    executed = ok(client.post(f"/api/v1/purchases/{purchase['id']}/execute", headers=keyed))
    assert executed["state"] == "executed" and executed["number"].startswith("P-2026-")
    retried = ok(client.post(f"/api/v1/purchases/{purchase['id']}/execute", headers=keyed))  # a lost answer, retried
    assert retried == executed
    unkeyed = client.post(f"/api/v1/purchases/{purchase['id']}/execute", headers=headers["jimu"])
    assert unkeyed.status_code == 409 and unkeyed.json()["code"] == "ILLEGAL_TRANSITION"  # never bought twice
    notice = client.get(f"/api/v1/purchases/{purchase['id']}/notice.pdf", headers=headers["kou"])
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(notice.content)
    text = "".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "買取実行通知書" in text and f"{executed['proceeds']:,}円" in text and "手形譲渡損" in text
    fee, tax = executed["transfer_fee"], executed["transfer_fee"] * 10 // 110
    taxable = f"10%対象{fee:,}円{fee - tax:,}円{tax:,}円" if fee else ""  # the demo policy charges no transfer fee
    assert f"消費税額{taxable}非課税6,137円6,137円0円" in text  # the qualified invoice's totals per rate
    assert "登録番号T" in text
    assert client.get(f"/api/v1/purchases/{purchase['id']}", headers=headers["otsu"]).status_code == 404

    set_business_date(client, headers["admin"], "2027-01-29")
    settled = ok(
        client.post(
            f"/api/v1/purchases/{purchase['id']}/settle",
            headers=headers["jimu"],
            json={"outcome": "collected", "on": "2027-01-29"},
        )
    )
    assert settled["state"] == "collected"
    after = ok(client.get(f"/api/v1/debtors/{yamato['id']}", headers=headers["shinsa"]))["exposure"]
    assert after == exposure - 1_000_000  # the purchased note no longer counts
    claim = ok(
        client.get(
            "/api/v1/reports/subsidy-claim",
            headers=headers["admin"],
            params={"start": "2026-11-20", "end": "2026-11-20"},
        )
    )
    assert any(row["product"] == "purchase" and row["subsidy"] == 2_630 for row in claim["rows"])
    entries = journal(client, headers["admin"], "2026-11-01", "2027-01-31")
    assert postings_of(entries, "purchase_executed") == [
        ("debit", "purchased_receivables", 1_000_000),
        ("credit", "cash", executed["proceeds"]),
        ("credit", "purchase_fee_income", 6_137),
        *[
            ("credit", account, amount)
            for account, amount in (("transfer_fee_income", fee - tax), ("output_tax", tax))
            if amount
        ],
    ]
    assert account_balance(entries, "purchased_receivables") == 0  # bought and collected
    assert ("credit", "purchase_fee_income", 2_630) in postings_of(entries, "subsidy_booked")


def test_a_dishonoured_purchase_is_the_companys_loss(client: TestClient, database: Database) -> None:
    seed(database)
    headers = {name: bearer(client, name, DEMO_PASSWORD) for name in ("admin", "kou", "shinsa", "kessai", "jimu")}
    yamato = ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))[0]
    purchase = bought(client, headers, yamato["corporate_number"])
    ok(
        client.post(
            f"/api/v1/purchases/{purchase['id']}/papers", headers=headers["jimu"], json={"arrived_on": "2026-11-20"}
        )
    )
    set_business_date(client, headers["admin"], "2026-11-27")
    ok(client.post(f"/api/v1/purchases/{purchase['id']}/execute", headers=headers["jimu"]))
    set_business_date(client, headers["admin"], "2027-02-01")
    too_early = client.post(
        f"/api/v1/purchases/{purchase['id']}/settle",
        headers=headers["jimu"],
        json={"outcome": "dishonoured", "on": "2027-01-28"},
    )
    assert too_early.status_code == 422
    settled = ok(
        client.post(
            f"/api/v1/purchases/{purchase['id']}/settle",
            headers=headers["jimu"],
            json={"outcome": "dishonoured", "on": "2027-01-29"},
        )
    )
    assert settled["state"] == "dishonoured"  # no recourse: nothing is asked of the customer
    entries = journal(client, headers["admin"], "2027-01-01", "2027-01-31")
    assert postings_of(entries, "purchase_dishonoured") == [
        ("debit", "purchase_losses", 1_000_000),
        ("credit", "purchased_receivables", 1_000_000),
    ]
    # the daily run long after leaves the bought note and its application alone
    set_business_date(client, headers["admin"], "2027-04-30")
    report = ok(client.post("/api/v1/daily-runs", headers=headers["jimu"]))
    assert purchase["application_id"] not in report["lapsed"] and report["expired_purchases"] == []
    assert (
        ok(client.get(f"/api/v1/applications/{purchase['application_id']}", headers=headers["jimu"]))["state"] == "paid"
    )


def test_papers_that_never_come_cancel_the_purchase(client: TestClient, database: Database) -> None:
    seed(database)
    headers = {name: bearer(client, name, DEMO_PASSWORD) for name in ("admin", "kou", "shinsa", "kessai", "jimu")}
    yamato = ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))[0]
    before = yamato["exposure"]
    purchase = bought(client, headers, yamato["corporate_number"])  # purchase date 2026-11-27
    set_business_date(client, headers["admin"], "2026-12-27")
    assert ok(client.post("/api/v1/daily-runs", headers=headers["jimu"]))["expired_purchases"] == []
    set_business_date(client, headers["admin"], "2026-12-28")
    report = ok(client.post("/api/v1/daily-runs", headers=headers["jimu"]))
    assert report["expired_purchases"] == [purchase["id"]]
    assert ok(client.get(f"/api/v1/purchases/{purchase['id']}", headers=headers["kou"]))["state"] == "cancelled"
    after = ok(client.get(f"/api/v1/debtors/{yamato['id']}", headers=headers["shinsa"]))["exposure"]
    assert after == before  # the purchased face no longer counts (the demo note is still live)
    assert (
        ok(client.get(f"/api/v1/applications/{purchase['application_id']}", headers=headers["jimu"]))["state"]
        == "lapsed"
    )
    # the purchase's subsidy is reversed once, and the programme's claim nets it to nothing
    ok(client.post("/api/v1/daily-runs", headers=headers["jimu"]))  # a second run reverses nothing again
    claim = ok(
        client.get(
            "/api/v1/reports/subsidy-claim",
            headers=headers["admin"],
            params={"start": "2026-11-01", "end": "2026-12-31"},
        )
    )
    rows = [row for row in claim["rows"] if row["product"] == "purchase"]
    assert sorted(row["subsidy"] for row in rows) == [-purchase["subsidy"], purchase["subsidy"]]
    assert len({row["reference"] for row in rows}) == 1  # the reversal names the same purchase


def test_the_upgrade_names_the_purchase_of_a_reversal_booked_without_it(client: TestClient, database: Database) -> None:
    """Books written before revision 0007 reversed a purchase's subsidy without naming the purchase."""
    seed(database)
    headers = {name: bearer(client, name, DEMO_PASSWORD) for name in ("admin", "kou", "shinsa", "kessai", "jimu")}
    yamato = ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))[0]
    purchase = bought(client, headers, yamato["corporate_number"])
    set_business_date(client, headers["admin"], "2026-12-28")
    assert ok(client.post("/api/v1/daily-runs", headers=headers["jimu"]))["expired_purchases"] == [purchase["id"]]
    client.app.state.database.dispose()  # type: ignore[attr-defined]
    database.dispose()
    admin.downgrade(database.url, "0006")
    with database.engine.begin() as connection:  # as such a reversal was stored
        connection.execute(
            text("UPDATE subsidy_entries SET purchase_id = NULL WHERE reversal AND product = 'purchase'")
        )
    database.dispose()
    admin.upgrade(database.url)
    with database.unit_of_work(write=False) as uow:
        reversal = uow.session.scalars(
            select(SubsidyEntry).where(SubsidyEntry.reversal, SubsidyEntry.product == "purchase")
        ).one()
        assert reversal.purchase_id == purchase["id"] and reversal.subsidy == -purchase["subsidy"]
