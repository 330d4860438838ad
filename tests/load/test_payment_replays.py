"""Payments retried over HTTP against two worker processes: ten copies of one payment at once
record it once and all get that payment; one key sent for two invoices at once pays exactly one
invoice, and the other caller gets 409 ``IDEMPOTENCY_KEY_REUSED`` — never the other's payment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import httpx

from tests.integration.scenario import TODAY
from tests.load.conftest import Server
from tests.load.workday import Cast, make_cast

REPLAYS = 10


def _open_invoice(client: httpx.Client, cast: Cast, amount: int, reference: str) -> dict[str, Any]:
    """A list of one note taken from submission to its application; its fee invoice, still open."""
    customer_id, customer = cast.customers[0]
    line = {
        "kind": "note",
        "debtor_corporate_number": cast.debtor_numbers[0],
        "reference": reference,
        "amount": amount,
        "issue_date": "2026-11-02",
        "due_date": "2027-02-26",
    }
    review = client.post(
        "/api/v1/review-requests", headers=customer, json={"customer_id": customer_id, "lines": [line]}
    )
    review_id, line_id = review.json()["id"], review.json()["lines"][0]["id"]
    client.post(f"/api/v1/review-requests/{review_id}/start", headers=cast.underwriter)
    decision = {"accept": True, "rate": "4.5"}
    client.post(
        f"/api/v1/review-requests/{review_id}/lines/{line_id}/decision", headers=cast.underwriter, json=decision
    )
    client.post(f"/api/v1/review-requests/{review_id}/submit", headers=cast.underwriter)
    client.post(f"/api/v1/review-requests/{review_id}/approve", headers=cast.approver)
    applied = client.post(
        "/api/v1/applications", headers=customer, json={"review_id": review_id, "line_ids": [line_id]}
    )
    assert applied.status_code == 201, applied.text
    invoice: dict[str, Any] = applied.json()[0]["invoice"]
    return invoice


def _payment(invoice: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "invoice_id": invoice["id"],
        "amount": invoice["amount"],
        "received_on": TODAY.isoformat(),
        "idempotency_key": key,
    }


def _at_once(server: Server, cast: Cast, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    start = Barrier(len(bodies))

    def send(body: dict[str, Any]) -> httpx.Response:
        with server.client(headers=cast.operations) as client:
            start.wait()
            return client.post("/api/v1/payments", json=body)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(send, bodies))


def test_ten_replays_of_one_payment_record_it_once(server: Server) -> None:
    cast = make_cast(server)
    with server.client() as client:
        invoice = _open_invoice(client, cast, 2_000_000, "手形 R-1")
    answers = _at_once(server, cast, [_payment(invoice, "replayed-payment-1")] * REPLAYS)
    assert {answer.status_code for answer in answers} == {201}, [a.text for a in answers]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert {answer.json()["invoice_id"] for answer in answers} == {invoice["id"]}
    assert server.violations() == []


def test_one_key_for_two_invoices_at_once_pays_exactly_one(server: Server) -> None:
    cast = make_cast(server)
    with server.client() as client:
        invoices = [_open_invoice(client, cast, 2_000_000 + n * 100_000, f"手形 K-{n}") for n in range(2)]
    answers = _at_once(server, cast, [_payment(invoice, "one-key-two-invoices") for invoice in invoices])
    assert sorted(answer.status_code for answer in answers) == [201, 409], [a.text for a in answers]
    for invoice, answer in zip(invoices, answers, strict=True):
        if answer.status_code == 201:
            assert answer.json()["invoice_id"] == invoice["id"]  # its own invoice's payment, never the other's
        else:
            assert answer.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert server.violations() == []
