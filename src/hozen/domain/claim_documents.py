"""What a claim needs besides its form (SPEC §9.1): the documents per trigger."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hozen.domain.codes import Labelled
from hozen.domain.policy import Product, Trigger


class ClaimDocumentKind(Labelled):
    """A document a claim needs besides its form (SPEC §9.1)."""

    LEDGER = ("general_ledger_extract", "総勘定元帳（売掛金・受取手形）の写し")
    DISHONOUR_EVIDENCE = ("dishonour_evidence", "不渡り（支払不能）を証する書面")
    FILING_PAPERS = ("filing_papers", "法的整理の申立書類の写し")
    ADMITTED_CLAIM_PROOF = ("admitted_claim_proof", "届出債権額を証する書面（債権者表等）")
    CREDIT_BUREAU_RECORD = ("credit_bureau_record", "取引停止処分を証する信用調査機関の記録")
    PROCEEDINGS_PREPARATION = ("proceedings_preparation", "法的整理の準備に関する書面")
    WORKOUT_NOTICE = ("workout_notice", "私的整理の通知書")
    RECOGNISED_CLAIM_PROOF = ("recognised_claim_proof", "確定債権額を証する書面")
    WHEREABOUTS_PROOF = ("whereabouts_proof", "代表者等の所在不明を証する書面")
    CLOSURE_PROOF = ("closure_proof", "事業の廃止・本店閉鎖を証する書面")


K = ClaimDocumentKind
PER_TRIGGER: Mapping[Trigger, tuple[ClaimDocumentKind, ...]] = {
    Trigger.LEGAL_PROCEEDING: (K.FILING_PAPERS, K.ADMITTED_CLAIM_PROOF),
    Trigger.TRADING_SUSPENSION: (K.CREDIT_BUREAU_RECORD, K.PROCEEDINGS_PREPARATION),
    Trigger.PRIVATE_WORKOUT: (K.WORKOUT_NOTICE, K.RECOGNISED_CLAIM_PROOF),
    Trigger.DISHONOUR: (),
    Trigger.WHEREABOUTS_UNKNOWN: (K.WHEREABOUTS_PROOF,),
    Trigger.BUSINESS_CLOSURE: (K.CLOSURE_PROOF,),
}


@dataclass(frozen=True, slots=True)
class Requirement:
    kind: ClaimDocumentKind
    received: bool


def required(trigger: Trigger, product: Product) -> tuple[ClaimDocumentKind, ...]:
    """The ledger extract always; the dishonour evidence for note and e-receivable guarantees."""
    kinds = [K.LEDGER]
    if product in (Product.NOTE, Product.ERECORD, Product.DISCOUNT):
        kinds.append(K.DISHONOUR_EVIDENCE)
    kinds.extend(PER_TRIGGER[trigger])
    return tuple(kinds)


def checklist(trigger: Trigger, product: Product, received: Iterable[str]) -> tuple[Requirement, ...]:
    have = set(received)
    return tuple(Requirement(kind, kind in have) for kind in required(trigger, product))


MAX_FILE_BYTES = 10 * 1024 * 1024
"""The largest document file a claim accepts (10 MB)."""

FILE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
"""The kinds of file a claim document may be, known by their first bytes (never by name or by what
the browser says)."""


def file_type(content: bytes) -> str | None:
    """The media type of a document file from its magic bytes: PDF, JPEG or PNG; else None."""
    return next((media for magic, media in FILE_SIGNATURES if content.startswith(magic)), None)
