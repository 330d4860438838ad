"""The documents as a customer reads them: text read back from the PDF, A4, a page rendered to PNG."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from hozen.documents.data import (
    Addressee,
    ClaimDecision,
    ClaimDecisionLine,
    Document,
    FeeInvoice,
    GuaranteeCertificate,
    InvoiceLine,
    Issuer,
    PurchaseNotice,
    ResultLine,
    ReviewResultNotice,
)
from hozen.documents.pdf import render_pdf

D = dt.date
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "documents"
ISSUER = Issuer(
    "保全ファクタリング株式会社", "東京都千代田区丸の内一丁目1番1号", "みずなみ銀行 普通 1234567", "T8700110005901"
)
CUSTOMER = Addressee("甲工業株式会社", "8700110005901")
DEBTOR = "株式会社大和建設"

DOCUMENTS: dict[str, tuple[Document, list[str]]] = {
    "review-result": (
        ReviewResultNotice(
            ISSUER,
            CUSTOMER,
            "R-000012",
            D(2026, 11, 20),
            D(2026, 11, 18),
            (
                ResultLine(
                    "手形 AB-1188",
                    DEBTOR,
                    "手形",
                    D(2027, 2, 26),
                    5_000_000,
                    "承認",
                    5_000_000,
                    "4.5",
                    93,
                    57_328,
                    19_109,
                    38_219,
                ),
                ResultLine("手形 CD-3302", DEBTOR, "手形", D(2027, 2, 26), 1_200_000, "謝絶", note="裏書手形のため"),
            ),
            1_100,
        ),
        ["審査結果通知書", "5,000,000円", "38,219円", "謝絶", "裏書手形のため", "2026年11月18日"],
    ),
    "invoice": (
        FeeInvoice(
            ISSUER,
            CUSTOMER,
            "INV-2026-000004",
            D(2026, 11, 20),
            D(2026, 11, 25),
            D(2026, 11, 26),
            (
                InvoiceLine(
                    "手形 AB-1021", DEBTOR, 2_000_000, D(2026, 11, 26), D(2027, 2, 26), 93, 22_931, 7_643, 15_288
                ),
            ),
            1_100,
        ),
        [
            "保証料請求書兼事前確認書",
            "16,388円",
            "令和8年11月25日",
            "2026年11月25日",
            "みずなみ銀行",
            "10%対象1,100円1,000円100円",
            "非課税15,288円15,288円0円",
        ],
    ),
    "invoice-frame-change": (
        FeeInvoice(
            ISSUER,
            CUSTOMER,
            "INV-2026-000009",
            D(2026, 12, 1),
            D(2026, 12, 7),
            D(2026, 12, 8),
            (
                InvoiceLine(
                    "工事 K-77（増額）",
                    DEBTOR,
                    30_000_000,
                    D(2026, 12, 8),
                    D(2027, 6, 30),
                    205,
                    126_369,
                    42_123,
                    84_246,
                ),
            ),
            3_300,
        ),
        [
            "87,546円",
            # the per-rate totals: 10 % 3,300 = 3,000 + 300 tax; exempt 84,246 with no tax
            "10%対象3,300円3,000円300円",
            "非課税84,246円84,246円0円",
        ],
    ),
    "certificate": (
        GuaranteeCertificate(
            ISSUER,
            CUSTOMER,
            "HZ-2026-000001",
            D(2026, 11, 26),
            "手形保証",
            "手形 AB-1021",
            DEBTOR,
            2_000_000,
            D(2026, 11, 26),
            D(2027, 2, 26),
        ),
        [
            "保証承諾書",
            "HZ-2026-000001",
            "2,000,000円",
            "2026年11月26日（令和8年11月26日）",
            "2027年2月26日（令和9年2月26日）",
            "甲工業株式会社",
        ],
    ),
    "purchase": (
        PurchaseNotice(
            ISSUER,
            CUSTOMER,
            "P-2026-000003",
            D(2026, 11, 30),
            "手形 EF-9",
            DEBTOR,
            1_000_000,
            D(2026, 11, 30),
            D(2027, 1, 18),
            50,
            "3.5",
            4_795,
            660,
        ),
        [
            "買取実行通知書",
            "994,545円",
            "4,795円",
            "手形譲渡損",
            "50日",
            "10%対象660円600円60円",
            "非課税4,795円4,795円0円",
        ],
    ),
    "claim-decision": (
        ClaimDecision(
            ISSUER,
            CUSTOMER,
            "C-2027-000001",
            D(2027, 1, 20),
            "HZ-2026-000003",
            "法的整理の申立て",
            D(2027, 1, 12),
            (
                ClaimDecisionLine("A-0920", 5_000_000, 5_000_000),
                ClaimDecisionLine("A-0820", 2_000_000, 0, ("保証期間前に取得",)),
            ),
            5_000_000,
            D(2027, 1, 25),
        ),
        ["保証履行決定通知書", "5,000,000円", "保証期間前に取得", "HZ-2026-000003", "代位"],
    ),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_document_reads_right(name: str, tmp_path: Path) -> None:
    document, expected = DOCUMENTS[name]
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(render_pdf(document))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    squeezed = "".join(text.split())
    for phrase in expected:
        assert "".join(phrase.split()) in squeezed, phrase
    assert "御中" in text and ISSUER.name in text and "登録番号T8700110005901" in squeezed
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert "x 841.89 pts (A4)" in info and "595.2" in info
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(ARTIFACTS / name)], check=True)
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000
