"""Japanese A4 PDFs (SPEC §10) with WeasyPrint: each document type has its template."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from weasyprint import HTML

from hozen.documents.data import (
    ClaimDecision,
    Document,
    FeeInvoice,
    GuaranteeCertificate,
    PurchaseNotice,
    ReviewResultNotice,
)
from hozen.formatting import install_filters

TEMPLATES = {
    ReviewResultNotice: "review_result.html",
    FeeInvoice: "invoice.html",
    GuaranteeCertificate: "certificate.html",
    PurchaseNotice: "purchase.html",
    ClaimDecision: "claim_decision.html",
}
_environment = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
)
install_filters(_environment)


def render_html(document: Document) -> str:
    return _environment.get_template(TEMPLATES[type(document)]).render(doc=document)


def render_pdf(document: Document) -> bytes:
    pdf: bytes = HTML(string=render_html(document)).write_pdf()
    return pdf
