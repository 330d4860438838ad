"""First-use registration documents and their checklist (SPEC §8.1, rule CREDITOR_NOT_REGISTERED).

The business-registry and seal certificates must have been issued within the three months before
the day they are judged (``as_of``: today while registration is open). The common documents serve
every product; each product adds its master agreement, and discount adds the loan agreement and
its special terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hozen.domain.calendar import add_months
from hozen.domain.codes import Labelled
from hozen.domain.policy import Product

CERTIFICATE_VALIDITY_MONTHS = 3


class DocumentKind(Labelled):
    """A first-use registration document (SPEC §8.1)."""

    REGISTRATION_FORM = ("registration_form", "登録申込書")
    SEAL_FORM = ("seal_form", "届出印鑑票")
    REGISTRY_CERTIFICATE = ("registry_certificate", "履歴事項全部証明書（発行後3か月以内）")
    SEAL_CERTIFICATE = ("seal_certificate", "印鑑証明書（発行後3か月以内）")
    FINANCIAL_STATEMENTS = ("financial_statements", "直近の決算書")
    IDENTITY_DOCUMENT = ("identity_document", "ご担当者の本人確認書類")
    MASTER_AGREEMENT_AR = ("master_agreement_ar", "売掛金保証の基本契約書")
    MASTER_AGREEMENT_NOTE = ("master_agreement_note", "手形保証の基本契約書")
    MASTER_AGREEMENT_ERECORD = ("master_agreement_erecord", "電子記録債権保証の基本契約書")
    MASTER_AGREEMENT_FRAME = ("master_agreement_frame", "枠保証の基本契約書")
    MASTER_AGREEMENT_PURCHASE = ("master_agreement_purchase", "買取の基本契約書")
    LOAN_AGREEMENT = ("loan_agreement", "融資取引基本契約書")
    SPECIAL_TERMS = ("special_terms", "特約書")


COMMON = (
    DocumentKind.REGISTRATION_FORM,
    DocumentKind.SEAL_FORM,
    DocumentKind.REGISTRY_CERTIFICATE,
    DocumentKind.SEAL_CERTIFICATE,
    DocumentKind.FINANCIAL_STATEMENTS,
    DocumentKind.IDENTITY_DOCUMENT,
)
DATED = frozenset({DocumentKind.REGISTRY_CERTIFICATE, DocumentKind.SEAL_CERTIFICATE})
PER_PRODUCT: Mapping[Product, tuple[DocumentKind, ...]] = {
    Product.AR: (DocumentKind.MASTER_AGREEMENT_AR,),
    Product.NOTE: (DocumentKind.MASTER_AGREEMENT_NOTE,),
    Product.ERECORD: (DocumentKind.MASTER_AGREEMENT_ERECORD,),
    Product.FRAME: (DocumentKind.MASTER_AGREEMENT_FRAME,),
    Product.PURCHASE: (DocumentKind.MASTER_AGREEMENT_PURCHASE,),
    Product.DISCOUNT: (
        DocumentKind.MASTER_AGREEMENT_NOTE,
        DocumentKind.LOAN_AGREEMENT,
        DocumentKind.SPECIAL_TERMS,
    ),
}


class DocumentStatus(Labelled):
    """Where a required registration document stands."""

    OK = ("ok", "有効")
    MISSING = ("missing", "未提出")
    STALE = ("stale", "期限切れ")


@dataclass(frozen=True, slots=True)
class Document:
    kind: DocumentKind
    issue_date: dt.date | None
    received_on: dt.date


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    kind: DocumentKind
    status: DocumentStatus


def required_documents(products: Iterable[Product]) -> tuple[DocumentKind, ...]:
    """The common documents, then each product's own, without repeats."""
    kinds = list(COMMON)
    for product in products:
        kinds.extend(kind for kind in PER_PRODUCT[product] if kind not in kinds)
    return tuple(kinds)


def _status(kind: DocumentKind, documents: list[Document], as_of: dt.date) -> DocumentStatus:
    if not documents:
        return DocumentStatus.MISSING
    if kind not in DATED:
        return DocumentStatus.OK
    oldest_valid = add_months(as_of, -CERTIFICATE_VALIDITY_MONTHS)
    fresh = any(d.issue_date is not None and oldest_valid <= d.issue_date <= as_of for d in documents)
    return DocumentStatus.OK if fresh else DocumentStatus.STALE


def checklist(documents: Iterable[Document], products: Iterable[Product], as_of: dt.date) -> tuple[ChecklistItem, ...]:
    """Every required document with its status as of ``as_of``."""
    by_kind: dict[DocumentKind, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    return tuple(
        ChecklistItem(kind, _status(kind, by_kind.get(kind, []), as_of)) for kind in required_documents(products)
    )


def is_complete(items: Iterable[ChecklistItem]) -> bool:
    return all(item.status is DocumentStatus.OK for item in items)
