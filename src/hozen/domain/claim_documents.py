"""What a claim needs besides its form (SPEC §9.1): the documents per trigger."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hozen.domain.policy import Product, Trigger

LEDGER = "general_ledger_extract"  # 総勘定元帳の写し
DISHONOUR_EVIDENCE = "dishonour_evidence"  # 不渡り・支払不能の証明

LABELS_JA: Mapping[str, str] = {
    LEDGER: "総勘定元帳（売掛金・受取手形）の写し",
    DISHONOUR_EVIDENCE: "不渡り（支払不能）を証する書面",
    "filing_papers": "法的整理の申立書類の写し",
    "admitted_claim_proof": "届出債権額を証する書面（債権者表等）",
    "credit_bureau_record": "取引停止処分を証する信用調査機関の記録",
    "proceedings_preparation": "法的整理の準備に関する書面",
    "workout_notice": "私的整理の通知書",
    "recognised_claim_proof": "確定債権額を証する書面",
    "whereabouts_proof": "代表者等の所在不明を証する書面",
    "closure_proof": "事業の廃止・本店閉鎖を証する書面",
}
PER_TRIGGER: Mapping[Trigger, tuple[str, ...]] = {
    Trigger.LEGAL_PROCEEDING: ("filing_papers", "admitted_claim_proof"),
    Trigger.TRADING_SUSPENSION: ("credit_bureau_record", "proceedings_preparation"),
    Trigger.PRIVATE_WORKOUT: ("workout_notice", "recognised_claim_proof"),
    Trigger.DISHONOUR: (),
    Trigger.WHEREABOUTS_UNKNOWN: ("whereabouts_proof",),
    Trigger.BUSINESS_CLOSURE: ("closure_proof",),
}


@dataclass(frozen=True, slots=True)
class Requirement:
    kind: str
    label_ja: str
    received: bool


def required(trigger: Trigger, product: Product) -> tuple[str, ...]:
    """The ledger extract always; the dishonour evidence for note and e-receivable guarantees."""
    kinds = [LEDGER]
    if product in (Product.NOTE, Product.ERECORD, Product.DISCOUNT):
        kinds.append(DISHONOUR_EVIDENCE)
    kinds.extend(PER_TRIGGER[trigger])
    return tuple(kinds)


def checklist(trigger: Trigger, product: Product, received: Iterable[str]) -> tuple[Requirement, ...]:
    have = set(received)
    return tuple(Requirement(kind, LABELS_JA[kind], kind in have) for kind in required(trigger, product))
