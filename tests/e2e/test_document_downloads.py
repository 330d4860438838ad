"""Documents of stored work downloaded over HTTP, each only by those who may see it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from fastapi.testclient import TestClient

from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from tests.support import TEST_REGISTRATION_NUMBER, bearer


def text_of(content: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(content)
    return "".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout.split()
    )


def test_downloads(client: TestClient, database: Database, tmp_path: Path) -> None:
    seed(database)
    kou, otsu, staff = (bearer(client, name, DEMO_PASSWORD) for name in ("kou", "otsu", "jimu"))
    certificate = client.get("/api/v1/guarantees/1/certificate.pdf", headers=kou)
    assert certificate.status_code == 200 and certificate.headers["content-type"] == "application/pdf"
    text = text_of(certificate.content, tmp_path)
    assert "保証承諾書" in text and "HZ-2026-000001" in text and "3,000,000円" in text and "甲工業株式会社" in text
    assert "令和8年9月4日" in text  # effect date in the Japanese era
    assert client.get("/api/v1/guarantees/1/certificate.pdf", headers=otsu).status_code == 404
    unpaid = client.get("/api/v1/guarantees/13/certificate.pdf", headers=staff)
    assert unpaid.status_code == 409 and unpaid.json()["code"] == "CERTIFICATE_NOT_ISSUED"

    invoices = [
        a["invoice"]
        for a in [client.get(f"/api/v1/applications/{i}", headers=staff).json() for i in range(1, 30)]
        if a.get("invoice")
    ]
    open_invoice = next(i for i in invoices if i["state"] == "open")
    invoice = client.get(f"/api/v1/invoices/{open_invoice['id']}.pdf", headers=staff)
    assert invoice.status_code == 200
    text = text_of(invoice.content, tmp_path)
    assert open_invoice["number"] in text and f"{open_invoice['amount']:,}円" in text
    assert f"登録番号{TEST_REGISTRATION_NUMBER}" in text
    standard, exempt = open_invoice["tax_totals"]
    assert [standard[key] for key in ("category", "gross", "net", "tax")] == ["standard", 1_100, 1_000, 100]
    assert exempt["category"] == "exempt" and exempt["tax"] == 0
    assert exempt["gross"] + standard["gross"] == open_invoice["amount"]
    assert f"10%対象1,100円1,000円100円非課税{exempt['gross']:,}円{exempt['gross']:,}円0円" in text

    approved = next(r for r in client.get("/api/v1/review-requests", headers=staff).json() if r["state"] == "approved")
    result = client.get(f"/api/v1/review-requests/{approved['id']}/result.pdf", headers=staff)
    assert result.status_code == 200 and "審査結果通知書" in text_of(result.content, tmp_path)
    submitted = next(
        r for r in client.get("/api/v1/review-requests", headers=staff).json() if r["state"] == "submitted"
    )
    assert client.get(f"/api/v1/review-requests/{submitted['id']}/result.pdf", headers=staff).status_code == 409
