"""Claims under guarantees (SPEC §9): filing, documents per trigger, assessment, four-eyes payout,
subrogation, recoveries, and the loss-compensation claim to the programme.

A claim is judged by the same rules engine as the public calculator (SPEC §14.4): the stored
guarantee and the claimed receivables are turned into that calculator's input, and its answer —
payable amount, reasons, per-line counts — is stored with the claim.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from hozen.contract.claims import (
    ClaimDocumentInput,
    ClaimFilingInput,
    LossCompensationOut,
    RecoveryInput,
)
from hozen.domain import claim_documents
from hozen.domain.claim_documents import ClaimDocumentKind
from hozen.domain.codes import AuthCode, ClaimCode, CompanyCode, WorkflowCode
from hozen.domain.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from hozen.domain.money import format_rate
from hozen.domain.policy import Product, Trigger
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import CLAIM, GUARANTEE, ClaimState, DiscountState, Entity, GuaranteeState
from hozen.domain.subsidies import loss_compensation
from hozen.policies import programme
from hozen.services import discounts, idempotency
from hozen.services.common import UnitOfWork, get_visible, move, not_found, policy_of, read_visible, record_creation
from hozen.store.models import Claim, ClaimDocument, Guarantee, Recovery
from hozen.store.repositories import release_reservation

FILERS = (Role.CUSTOMER, Role.CLAIMS, Role.OPERATIONS)


def _claimed_lines(guarantee: Guarantee, data: ClaimFilingInput) -> list[dict[str, Any]]:
    if data.receivables:
        return [r.model_dump(mode="json") for r in data.receivables]
    if guarantee.product == Product.FRAME.value:
        raise DomainError(ClaimCode.RECEIVABLES_REQUIRED)
    line = guarantee.line
    return [
        {
            "id": line.reference or f"line-{line.id}",
            "kind": line.kind,
            "acquired_on": line.issue_date.isoformat(),
            "due_on": line.due_date.isoformat(),
            "amount": line.amount,
            "collected": data.collected,
            "due_extended": False,
            "admitted_amount": data.admitted_amount,
        }
    ]


def file_claim(uow: UnitOfWork, actor: Actor, data: ClaimFilingInput, *, today: dt.date) -> Claim:
    """The customer (or staff for it) claims under a live guarantee."""
    if actor.role not in FILERS:
        raise ForbiddenError(AuthCode.FORBIDDEN)
    session = uow.session
    guarantee = get_visible(session, actor, Guarantee, data.guarantee_id, Entity.GUARANTEE)
    if data.event_date > today:
        raise DomainError(ClaimCode.EVENT_IN_FUTURE)
    claim = Claim(
        guarantee_id=guarantee.id,
        customer_id=guarantee.customer_id,
        trigger=data.trigger.value,
        event_date=data.event_date,
        claim_date=today,
        state=ClaimState.FILED.value,
        receivables=json.dumps(_claimed_lines(guarantee, data), ensure_ascii=False),
        filed_by=actor.user_id,
        note=data.note,
    )
    move(
        session,
        guarantee,
        GUARANTEE,
        GuaranteeState.CLAIMED,
        actor=actor,
        today=today,
        reason=f"claim filed: {data.trigger.value} on {data.event_date.isoformat()}",
    )
    session.add(claim)
    record_creation(session, CLAIM.entity, claim, actor=actor, today=today, reason=data.trigger.value)
    uow.commit()
    return claim


def _claim(uow: UnitOfWork, actor: Actor, claim_id: int) -> Claim:
    return get_visible(uow.session, actor, Claim, claim_id, Entity.CLAIM)


def get_claim(uow: UnitOfWork, actor: Actor, claim_id: int) -> Claim:
    return read_visible(uow.session, actor, Claim, claim_id, Entity.CLAIM)


STAFF_RECEIVERS = (Role.CLAIMS, Role.OPERATIONS)
UPLOAD, PAPER = "upload", "paper"


def _document_kind(kind: str) -> ClaimDocumentKind:
    if kind not in {known.value for known in ClaimDocumentKind}:
        raise DomainError(CompanyCode.UNKNOWN_DOCUMENT_KIND, {"kind": kind, "allowed": sorted(ClaimDocumentKind)})
    return ClaimDocumentKind(kind)


def confirm_paper(uow: UnitOfWork, actor: Actor, claim_id: int, data: ClaimDocumentInput) -> Claim:
    """Staff confirm that a paper copy of a document arrived; the row keeps who confirmed it.

    A customer cannot mark a document received: its way in is an uploaded file."""
    if actor.role not in STAFF_RECEIVERS:
        raise ForbiddenError(AuthCode.FORBIDDEN)
    claim = _claim(uow, actor, claim_id)
    kind = _document_kind(data.kind)
    claim.documents.append(
        ClaimDocument(kind=kind.value, received_on=data.received_on, how=PAPER, received_by=actor.user_id)
    )
    uow.commit()
    return claim


def upload_document(
    uow: UnitOfWork, actor: Actor, claim_id: int, kind: str, file_name: str, content: bytes, *, today: dt.date
) -> Claim:
    """A document's file, kept with the claim: PDF, JPEG or PNG by its first bytes, at most 10 MB."""
    if actor.role not in FILERS:
        raise ForbiddenError(AuthCode.FORBIDDEN)
    claim = _claim(uow, actor, claim_id)
    checked = _document_kind(kind)
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "document"
    if not content:
        raise DomainError(ClaimCode.DOCUMENT_FILE_REQUIRED)
    if len(content) > claim_documents.MAX_FILE_BYTES:
        raise DomainError(
            ClaimCode.DOCUMENT_FILE_TOO_LARGE, {"limit_mb": claim_documents.MAX_FILE_BYTES // 2**20, "file_name": name}
        )
    media = claim_documents.file_type(content)
    if media is None:
        raise DomainError(ClaimCode.DOCUMENT_FILE_TYPE, {"file_name": name})
    claim.documents.append(
        ClaimDocument(
            kind=checked.value,
            received_on=today,
            how=UPLOAD,
            received_by=actor.user_id,
            file_name=name,
            content_type=media,
            size=len(content),
            content=content,
        )
    )
    uow.commit()
    return claim


def document_file(uow: UnitOfWork, actor: Actor, claim_id: int, document_id: int) -> ClaimDocument:
    """An uploaded document of a claim the caller may see, with its file."""
    claim = get_claim(uow, actor, claim_id)
    document = next((d for d in claim.documents if d.id == document_id), None)
    if document is None:
        raise not_found(Entity.CLAIM, f"{claim_id}/documents/{document_id}")
    if document.how != UPLOAD or document.content is None:
        raise NotFoundError(ClaimCode.DOCUMENT_FILE_MISSING)
    return document


def checklist(claim: Claim) -> tuple[claim_documents.Requirement, ...]:
    return claim_documents.checklist(
        Trigger(claim.trigger), Product(claim.guarantee.product), (d.kind for d in claim.documents)
    )


def assessment_input(claim: Claim, policy_name: str) -> dict[str, Any]:
    """The stored claim as the SPEC §14.4 calculator's input."""
    guarantee = claim.guarantee
    frame = guarantee.product == Product.FRAME.value
    return {
        "guarantee": {
            "type": "frame" if frame else "individual",
            ("limit" if frame else "amount"): guarantee.amount,
            "start": (guarantee.effect_date or guarantee.start_date).isoformat(),
            "end": guarantee.end_date.isoformat(),
        },
        "event": {"code": claim.trigger, "date": claim.event_date.isoformat()},
        "claim_date": claim.claim_date.isoformat(),
        "receivables": json.loads(claim.receivables),
        "policy": policy_name,
    }


def assess(uow: UnitOfWork, actor: Actor, claim_id: int, *, today: dt.date) -> Claim:
    """Run the rules engine once every document is in; the result waits for a second person."""
    from hozen.services.claim_assessment import assess_input

    actor.require(Permission.HANDLE_CLAIMS)
    session = uow.session
    claim = _claim(uow, actor, claim_id)
    missing = [r for r in checklist(claim) if not r.received]
    if missing:
        raise ConflictError(ClaimCode.CLAIM_DOCUMENTS_MISSING, {"missing": [r.kind for r in missing]})
    result = assess_input(assessment_input(claim, policy_of(session, claim.guarantee.application_id)))
    claim.assessment = json.dumps(result, ensure_ascii=False)
    claim.payable = int(result["payable"])
    claim.assessed_by = actor.user_id
    move(
        session,
        claim,
        CLAIM,
        ClaimState.ASSESSED,
        actor=actor,
        today=today,
        reason=", ".join(result["reasons"]) or "assessed",
    )
    uow.commit()
    return claim


def decide(uow: UnitOfWork, actor: Actor, claim_id: int, *, today: dt.date) -> Claim:
    """Four eyes: a second person approves the payout (or confirms that nothing is payable)."""
    actor.require(Permission.APPROVE)
    claim = _claim(uow, actor, claim_id)
    if claim.assessed_by == actor.user_id:
        raise ForbiddenError(WorkflowCode.FOUR_EYES_REQUIRED, {"variant": "claim"})
    target = ClaimState.APPROVED if (claim.payable or 0) > 0 else ClaimState.REJECTED
    move(uow.session, claim, CLAIM, target, actor=actor, today=today)
    claim.approved_by = actor.user_id
    if target is ClaimState.REJECTED:
        move(
            uow.session,
            claim.guarantee,
            GUARANTEE,
            GuaranteeState.ENDED,
            actor=actor,
            today=today,
            reason="claim rejected: nothing payable",
        )
        claim.guarantee.ended_on = today
        release_reservation(uow.session, uow.clock.now(), claim.guarantee_id)
    uow.commit()
    return claim


def pay(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: int,
    paid_on: dt.date,
    *,
    today: dt.date,
    idempotency_key: str | None = None,
) -> Claim:
    """Settle the approved amount; the customer assigns the receivable to the company (subrogation).

    A discounted note is not paid in cash: the guarantee obligation and the claim on the customer to
    buy the discounted note back are set off, and the claim records why.
    """
    actor.require(Permission.HANDLE_CLAIMS)
    request = {"claim_id": claim_id, "paid_on": paid_on.isoformat()}
    command, earlier = idempotency.begin(uow, "claim_payout", idempotency.STAFF, idempotency_key, request)
    claim = _claim(uow, actor, claim_id)
    if earlier is not None:
        return claim
    if paid_on > today:
        raise DomainError(WorkflowCode.PAID_ON_IN_FUTURE)
    discount = discounts.settle(
        uow.session,
        claim.guarantee_id,
        DiscountState.SET_OFF,
        actor,
        today,
        reason=f"set off against claim {claim.id}",
    )
    if discount is not None and discount.state == DiscountState.SET_OFF.value:
        move(
            uow.session,
            claim,
            CLAIM,
            ClaimState.SET_OFF,
            actor=actor,
            today=today,
            reason=f"set off against the buy-back of discounted note (proceeds ¥{discount.proceeds:,}): no cash",
        )
        claim.note = (claim.note + "\n" if claim.note else "") + (
            f"割引手形（割引日 {discount.discount_date.isoformat()}、額面 {discount.face:,}円）の"
            "買戻請求権と相殺。資金の移動なし。"
        )
    else:
        move(
            uow.session,
            claim,
            CLAIM,
            ClaimState.PAID,
            actor=actor,
            today=today,
            reason="payout; receivable assigned to the company",
        )
    claim.paid_on = claim.assigned_on = paid_on
    claim.paid_amount = claim.payable
    move(uow.session, claim.guarantee, GUARANTEE, GuaranteeState.PAID_OUT, actor=actor, today=today)
    release_reservation(uow.session, uow.clock.now(), claim.guarantee_id)
    idempotency.finish(uow, command, [claim.id])
    uow.commit()
    return claim


def record_recovery(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: int,
    data: RecoveryInput,
    *,
    today: dt.date,
    idempotency_key: str | None = None,
) -> Claim:
    """A dividend or other money recovered on the assigned receivable."""
    actor.require(Permission.HANDLE_CLAIMS)
    request = {"claim_id": claim_id, **data.model_dump(mode="json")}
    command, earlier = idempotency.begin(uow, "recovery", idempotency.STAFF, idempotency_key, request)
    claim = _claim(uow, actor, claim_id)
    if earlier is not None:
        return claim
    if claim.state not in (ClaimState.PAID.value, ClaimState.SET_OFF.value):
        raise ConflictError(ClaimCode.CLAIM_NOT_PAID, {"state": claim.state})
    recovered = sum(r.amount for r in claim.recoveries) + data.amount
    if recovered > (claim.paid_amount or 0):
        raise DomainError(
            ClaimCode.RECOVERY_EXCEEDS_PAYOUT, {"recovered": recovered, "paid_amount": claim.paid_amount or 0}
        )
    recovery = Recovery(amount=data.amount, received_on=data.received_on, note=data.note)
    claim.recoveries.append(recovery)
    uow.session.flush()
    idempotency.finish(uow, command, [recovery.id])
    uow.commit()
    return claim


def loss_compensation_claim(uow: UnitOfWork, actor: Actor, start: dt.date, end: dt.date) -> LossCompensationOut:
    """Payouts of the period net of recoveries received in it × the programme's ratio in force at its end."""
    actor.require(Permission.VIEW_PORTFOLIO)
    session = uow.session
    payouts = [
        amount
        for amount in session.scalars(select(Claim.paid_amount).where(Claim.paid_on >= start, Claim.paid_on <= end))
        if amount
    ]
    recoveries = list(
        session.scalars(select(Recovery.amount).where(Recovery.received_on >= start, Recovery.received_on <= end))
    )
    ratio = programme().in_force(end).loss_compensation_ratio
    result = loss_compensation(payouts, recoveries, ratio)
    return LossCompensationOut(
        start=start,
        end=end,
        payouts=result.payouts,
        recoveries=result.recoveries,
        net_loss=result.net_loss,
        ratio=format_rate(ratio),
        compensation=result.compensation,
    )
