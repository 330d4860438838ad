"""Claims: the calculator (SPEC §14.4) and stored claims from filing to recovery, over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.domain.roles import Role
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from tests.support import account_balance, bearer, journal, ok, postings_of, set_business_date

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "claim-assessment.json"
runner = CliRunner()
PDF = b"%PDF-1.4\n% a ledger extract\n%%EOF\n"


def test_the_documented_frame_claim(client: TestClient, tmp_path: Path) -> None:
    body = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    api = ok(client.post("/api/v1/claim-assessments", json=body))
    assert api == {
        "payable": 9_000_000,
        "accepted": True,
        "reasons": [],
        "lines": [
            {"id": "A-0720", "counted": 6_000_000, "reasons": []},
            {"id": "N-0930", "counted": 0, "reasons": ["DUE_EXTENDED"]},
            {"id": "A-1020", "counted": 3_000_000, "reasons": ["COLLECTED"]},
            {"id": "A-0115", "counted": 0, "reasons": ["ACQUIRED_TOO_LATE"]},
        ],
    }
    result = runner.invoke(cli_app, ["claim-assess", "--input", str(EXAMPLE), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == api


def test_bad_claim_input(client: TestClient) -> None:
    body = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del body["guarantee"]["limit"]
    body["receivables"][0]["amount"] = 1.5
    problem = client.post("/api/v1/claim-assessments", json=body).json()
    assert problem["code"] == "INVALID_INPUT"
    assert {e["field"] for e in problem["errors"]} == {"guarantee", "receivables.0.amount"}


def test_a_claim_from_filing_to_recovery(client: TestClient, database: Database, make_user) -> None:  # type: ignore[no-untyped-def]
    seed(database, past_work=False)  # 甲工業's note guarantee HZ-2026-000001 (¥3,000,000, due 2026-12-25) is active
    admin = bearer(client, "admin", DEMO_PASSWORD)
    kou, claims_officer, approver = (bearer(client, name, DEMO_PASSWORD) for name in ("kou", "rikou", "kessai"))
    make_user(Role.CLAIMS, login="claims-two")
    second_officer = bearer(client, "claims-two")
    set_business_date(client, admin, "2026-12-28")
    filed = ok(
        client.post(
            "/api/v1/claims",
            headers=kou,
            json={
                "guarantee_id": 1,
                "trigger": "DISHONOUR",
                "event_date": "2026-12-25",
                "note": "手形が不渡りとなりました",
            },
        ),
        201,
    )
    assert filed["state"] == "filed"
    assert [(d["kind"], d["received"]) for d in filed["documents"]] == [
        ("general_ledger_extract", False),
        ("dishonour_evidence", False),
    ]
    missing = client.post(f"/api/v1/claims/{filed['id']}/assess", headers=claims_officer)
    assert missing.status_code == 409 and missing.json()["code"] == "CLAIM_DOCUMENTS_MISSING"
    # the customer cannot just say a document arrived: it uploads the file, or staff confirm the paper
    paper = {"kind": "general_ledger_extract", "received_on": "2026-12-28"}
    said = client.post(f"/api/v1/claims/{filed['id']}/documents", headers=kou, json=paper)
    assert said.status_code == 403
    ledger = f"/api/v1/claims/{filed['id']}/documents/general_ledger_extract/file"
    uploaded = ok(client.post(ledger, headers=kou, files={"file": ("元帳.pdf", PDF, "application/pdf")}), 201)
    [receipt] = uploaded["documents"][0]["receipts"]
    assert (receipt["how"], receipt["file_name"], receipt["size"]) == ("upload", "元帳.pdf", len(PDF))
    download = client.get(f"/api/v1/claims/{filed['id']}/documents/{receipt['id']}/file", headers=claims_officer)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    evidence = {**paper, "kind": "dishonour_evidence"}
    confirmed = ok(client.post(f"/api/v1/claims/{filed['id']}/documents", headers=claims_officer, json=evidence), 201)
    [paper_receipt] = confirmed["documents"][1]["receipts"]
    assert paper_receipt["how"] == "paper" and paper_receipt["file_name"] == ""
    assert paper_receipt["received_by"] not in (None, receipt["received_by"])  # the officer, not the customer
    assessed = ok(client.post(f"/api/v1/claims/{filed['id']}/assess", headers=claims_officer))
    assert (assessed["state"], assessed["payable"]) == ("assessed", 3_000_000)
    paid = client.post(f"/api/v1/claims/{filed['id']}/payout", headers=second_officer, json={"paid_on": "2026-12-28"})
    assert paid.status_code == 409  # not approved yet
    assert ok(client.post(f"/api/v1/claims/{filed['id']}/decide", headers=approver))["state"] == "approved"
    paid = ok(
        client.post(f"/api/v1/claims/{filed['id']}/payout", headers=second_officer, json={"paid_on": "2026-12-28"})
    )
    assert (paid["state"], paid["paid_amount"], paid["assigned_on"]) == ("paid", 3_000_000, "2026-12-28")
    assert ok(client.get("/api/v1/guarantees/1", headers=kou))["state"] == "paid_out"
    set_business_date(client, admin, "2027-03-15")
    dividend = {"amount": 400_000, "received_on": "2027-03-15", "note": "破産配当"}
    keyed = {**claims_officer, "Idempotency-Key": "dividend-2027-03-15"}
    recovered = ok(client.post(f"/api/v1/claims/{filed['id']}/recoveries", headers=keyed, json=dividend), 201)
    assert (recovered["recovered"], recovered["net_loss"]) == (400_000, 2_600_000)
    # the same dividend sent again (a lost answer retried) is counted once
    again = ok(client.post(f"/api/v1/claims/{filed['id']}/recoveries", headers=keyed, json=dividend), 201)
    assert (again["recovered"], again["net_loss"]) == (400_000, 2_600_000)
    other = client.post(f"/api/v1/claims/{filed['id']}/recoveries", headers=keyed, json={**dividend, "amount": 100_000})
    assert other.status_code == 409 and other.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    too_much = client.post(
        f"/api/v1/claims/{filed['id']}/recoveries",
        headers=claims_officer,
        json={"amount": 2_600_001, "received_on": "2027-03-15"},
    )
    assert too_much.status_code == 422 and too_much.json()["code"] == "RECOVERY_EXCEEDS_PAYOUT"
    compensation = ok(
        client.get(
            "/api/v1/reports/loss-compensation", headers=admin, params={"start": "2026-04-01", "end": "2027-03-31"}
        )
    )
    # (3,000,000 − 400,000) × 3/4
    assert (compensation["net_loss"], compensation["ratio"], compensation["compensation"]) == (
        2_600_000,
        "0.75",
        1_950_000,
    )
    report = ok(client.get("/api/v1/reports/claims", headers=admin))
    assert [(r["paid_amount"], r["recovered"], r["net_loss"]) for r in report] == [(3_000_000, 400_000, 2_600_000)]
    entries = journal(client, admin, "2026-04-01", "2027-03-31")
    assert postings_of(entries, "claim_paid") == [
        ("debit", "subrogation_claims", 3_000_000),
        ("credit", "cash", 3_000_000),
    ]
    assert postings_of(entries, "recovery_received") == [
        ("debit", "cash", 400_000),
        ("credit", "subrogation_claims", 400_000),
    ]
    assert account_balance(entries, "subrogation_claims") == 2_600_000  # the net loss
    compensated = [e for e in entries if e["event"] == "loss_compensation_claimed"]
    assert [(e["date"], e["postings"][0]["amount"]) for e in compensated] == [("2027-03-31", 1_950_000)]
    stranger = bearer(client, "otsu", DEMO_PASSWORD)
    assert client.get(f"/api/v1/claims/{filed['id']}", headers=stranger).status_code == 404


def test_a_frame_claim(client: TestClient, database: Database) -> None:
    seed(database)  # 乙設備's frame HZ-2026-000003: ¥9,200,000 from 2026-09-04 to 2027-02-28
    admin, otsu, officer = (bearer(client, name, DEMO_PASSWORD) for name in ("admin", "otsu", "rikou"))
    set_business_date(client, admin, "2027-01-20")
    receivables = [
        {"id": "A-0920", "kind": "ar", "acquired_on": "2026-09-20", "due_on": "2027-01-10", "amount": 5_000_000},
        {"id": "A-0820", "kind": "ar", "acquired_on": "2026-08-20", "due_on": "2027-01-10", "amount": 2_000_000},
        {
            "id": "A-1220",
            "kind": "ar",
            "acquired_on": "2026-12-20",
            "due_on": "2027-02-28",
            "amount": 1_000_000,
            "collected": 400_000,
        },
    ]
    filed = ok(
        client.post(
            "/api/v1/claims",
            headers=otsu,
            json={
                "guarantee_id": 3,
                "trigger": "LEGAL_PROCEEDING",
                "event_date": "2027-01-12",
                "receivables": receivables,
            },
        ),
        201,
    )
    assert [d["kind"] for d in filed["documents"]] == [
        "general_ledger_extract",
        "filing_papers",
        "admitted_claim_proof",
    ]
    for document in filed["documents"]:
        ok(
            client.post(
                f"/api/v1/claims/{filed['id']}/documents",
                headers=officer,
                json={"kind": document["kind"], "received_on": "2027-01-20"},
            ),
            201,
        )
    assessed = ok(client.post(f"/api/v1/claims/{filed['id']}/assess", headers=officer))
    assert assessed["payable"] == 5_000_000 + 600_000
    assert [(line["id"], line["counted"], line["reasons"]) for line in assessed["lines"]] == [
        ("A-0920", 5_000_000, []),
        ("A-0820", 0, ["ACQUIRED_BEFORE_PERIOD"]),
        ("A-1220", 600_000, ["COLLECTED"]),
    ]
    refused = client.post(f"/api/v1/claims/{filed['id']}/decide", headers=officer)
    assert refused.status_code == 403  # a claims officer cannot approve a payout


def test_a_discounted_note_dishonoured_is_set_off(client: TestClient, database: Database) -> None:
    seed(
        database, past_work=False
    )  # 甲工業's note HZ-2026-000001: face ¥3,000,000, due 2026-12-25, guaranteed and active
    admin, kou, ops, officer, approver = (
        bearer(client, name, DEMO_PASSWORD) for name in ("admin", "kou", "jimu", "rikou", "kessai")
    )
    discount = {
        "guarantee_id": 1,
        "discount_date": "2026-11-20",
        "discount_rate": "1.5",
        "note_received_on": "2026-11-19",
    }
    missing = client.post("/api/v1/discounts", headers=ops, json=discount)
    assert missing.status_code == 409 and missing.json()["code"] == "DISCOUNT_CONTRACTS_MISSING"
    for kind in ("loan_agreement", "special_terms"):
        ok(
            client.post("/api/v1/customers/1/documents", headers=ops, json={"kind": kind, "received_on": "2026-11-19"}),
            201,
        )
    over_cap = client.post("/api/v1/discounts", headers=ops, json={**discount, "discount_rate": "2.001"})
    assert over_cap.status_code == 422 and over_cap.json()["code"] == "DISCOUNT_RATE_OVER_CAP"
    advanced = ok(client.post("/api/v1/discounts", headers=ops, json=discount), 201)
    # 2026-11-20 … 2026-12-25 = 36 days: 3,000,000 × 1.5 % × 36 / 365 = 4,438.36 → 4,438 (north: down)
    assert (advanced["days"], advanced["discount_fee"], advanced["proceeds"]) == (36, 4_438, 2_995_562)
    assert client.post("/api/v1/discounts", headers=ops, json=discount).status_code == 409  # only once

    set_business_date(client, admin, "2026-12-28")
    claim = ok(
        client.post(
            "/api/v1/claims", headers=kou, json={"guarantee_id": 1, "trigger": "DISHONOUR", "event_date": "2026-12-25"}
        ),
        201,
    )
    for kind in ("general_ledger_extract", "dishonour_evidence"):
        ok(
            client.post(
                f"/api/v1/claims/{claim['id']}/documents",
                headers=officer,
                json={"kind": kind, "received_on": "2026-12-28"},
            ),
            201,
        )
    ok(client.post(f"/api/v1/claims/{claim['id']}/assess", headers=officer))
    ok(client.post(f"/api/v1/claims/{claim['id']}/decide", headers=approver))
    settled = ok(client.post(f"/api/v1/claims/{claim['id']}/payout", headers=officer, json={"paid_on": "2026-12-28"}))
    assert settled["state"] == "set_off" and "相殺" in settled["note"] and "資金の移動なし" in settled["note"]
    assert ok(client.get(f"/api/v1/discounts/{advanced['id']}", headers=kou))["state"] == "set_off"
    entries = journal(client, admin, "2026-11-01", "2026-12-31")
    assert postings_of(entries, "discount_advanced") == [
        ("debit", "discounted_notes", 3_000_000),
        ("credit", "cash", 2_995_562),
        ("credit", "discount_fee_income", 4_438),
    ]
    # no cash moves: the subrogated claim replaces the note the customer would have bought back
    assert postings_of(entries, "claim_set_off") == [
        ("debit", "subrogation_claims", 3_000_000),
        ("credit", "discounted_notes", 3_000_000),
    ]
    assert account_balance(entries, "discounted_notes") == 0 and postings_of(entries, "claim_paid") == []
    assert ok(client.get("/api/v1/guarantees/1", headers=kou))["state"] == "paid_out"
