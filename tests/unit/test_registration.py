import datetime as dt

from hozen.domain.policy import Product
from hozen.domain.registration import (
    Document,
    DocumentKind,
    DocumentStatus,
    checklist,
    is_complete,
    required_documents,
)

K = DocumentKind
AS_OF = dt.date(2026, 11, 22)


def docs(**issued: dt.date | None) -> list[Document]:
    return [Document(K(kind), issue, AS_OF) for kind, issue in issued.items()]


COMMON_OK = {
    "registration_form": None,
    "seal_form": None,
    "registry_certificate": dt.date(2026, 9, 1),
    "seal_certificate": dt.date(2026, 9, 1),
    "financial_statements": None,
    "identity_document": None,
}


def status_of(items, kind: DocumentKind) -> DocumentStatus:  # type: ignore[no-untyped-def]
    return next(item.status for item in items if item.kind is kind)


def test_a_new_customer_sees_everything_missing() -> None:
    items = checklist([], [Product.NOTE], AS_OF)
    assert {item.status for item in items} == {DocumentStatus.MISSING}
    assert K.MASTER_AGREEMENT_NOTE in [item.kind for item in items]
    assert not is_complete(items)


def test_complete_for_one_product_not_for_another() -> None:
    documents = docs(**COMMON_OK, master_agreement_note=None)
    assert is_complete(checklist(documents, [Product.NOTE], AS_OF))
    other = checklist(documents, [Product.NOTE, Product.PURCHASE], AS_OF)
    # the common documents are not asked again; only the purchase agreement is missing
    assert [i.kind for i in other if i.status is not DocumentStatus.OK] == [K.MASTER_AGREEMENT_PURCHASE]


def test_certificates_are_valid_three_months() -> None:
    on_the_edge = docs(**{**COMMON_OK, "registry_certificate": dt.date(2026, 8, 22)})
    assert status_of(checklist(on_the_edge, [], AS_OF), K.REGISTRY_CERTIFICATE) is DocumentStatus.OK
    a_day_older = docs(**{**COMMON_OK, "registry_certificate": dt.date(2026, 8, 21)})
    assert status_of(checklist(a_day_older, [], AS_OF), K.REGISTRY_CERTIFICATE) is DocumentStatus.STALE
    undated = docs(**{**COMMON_OK, "seal_certificate": None})
    assert status_of(checklist(undated, [], AS_OF), K.SEAL_CERTIFICATE) is DocumentStatus.STALE


def test_discount_needs_the_loan_contracts() -> None:
    assert {K.LOAN_AGREEMENT, K.SPECIAL_TERMS, K.MASTER_AGREEMENT_NOTE} <= set(required_documents([Product.DISCOUNT]))
