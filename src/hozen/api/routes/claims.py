"""Claims under guarantees over HTTP: filing, documents, assessment, four-eyes payout, recoveries."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Response, UploadFile, status

from hozen.api.deps import CurrentActor, IdempotencyKey, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Day, Id, ShortText
from hozen.contract.claims import (
    ClaimDocumentInput,
    ClaimFilingInput,
    ClaimOut,
    ClaimPayoutInput,
    DiscountInput,
    DiscountOut,
    LossCompensationOut,
    RecoveryInput,
)
from hozen.domain.claim_documents import MAX_FILE_BYTES
from hozen.services import claims, discounts, portfolio, presenters

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["claims"])


@router.post("/claims", status_code=status.HTTP_201_CREATED)
def file_claim(data: ClaimFilingInput, actor: CurrentActor, uow: WriteUow, today: Today) -> ClaimOut:
    return presenters.claim_out(claims.file_claim(uow, actor, data, today=today))


@router.get("/claims")
def list_claims(actor: CurrentActor, uow: ReadUow) -> list[ClaimOut]:
    return [presenters.claim_out(c) for c in portfolio.claims(uow, actor)]


@router.get("/claims/{claim_id}")
def read_claim(claim_id: Id, actor: CurrentActor, uow: ReadUow) -> ClaimOut:
    return presenters.claim_out(claims.get_claim(uow, actor, claim_id))


@router.post("/claims/{claim_id}/documents", status_code=status.HTTP_201_CREATED)
def confirm_paper_document(claim_id: Id, data: ClaimDocumentInput, actor: CurrentActor, uow: WriteUow) -> ClaimOut:
    """Staff (claims, operations) confirm receipt of a paper copy of a document; who is recorded."""
    return presenters.claim_out(claims.confirm_paper(uow, actor, claim_id, data))


@router.post("/claims/{claim_id}/documents/{kind}/file", status_code=status.HTTP_201_CREATED)
def upload_claim_document(
    claim_id: Id,
    kind: ShortText,
    actor: CurrentActor,
    uow: WriteUow,
    today: Today,
    file: Annotated[UploadFile, File(description="the document: PDF, JPEG or PNG, at most 10 MB")],
) -> ClaimOut:
    """The file of a document (the customer's way to submit one): received when it is kept."""
    content = file.file.read(MAX_FILE_BYTES + 1)
    return presenters.claim_out(
        claims.upload_document(uow, actor, claim_id, kind, file.filename or "", content, today=today)
    )


@router.get("/claims/{claim_id}/documents/{document_id}/file", response_class=Response)
def download_claim_document(claim_id: Id, document_id: Id, actor: CurrentActor, uow: ReadUow) -> Response:
    """An uploaded document's file as it was received."""
    document = claims.document_file(uow, actor, claim_id, document_id)
    return Response(
        document.content,
        media_type=document.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(document.file_name)}"},
    )


@router.post("/claims/{claim_id}/assess")
def assess_claim(claim_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ClaimOut:
    return presenters.claim_out(claims.assess(uow, actor, claim_id, today=today))


@router.post("/claims/{claim_id}/decide")
def decide_claim(claim_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ClaimOut:
    return presenters.claim_out(claims.decide(uow, actor, claim_id, today=today))


@router.post("/claims/{claim_id}/payout")
def pay_claim(
    claim_id: Id, data: ClaimPayoutInput, actor: CurrentActor, uow: WriteUow, today: Today, key: IdempotencyKey = None
) -> ClaimOut:
    return presenters.claim_out(claims.pay(uow, actor, claim_id, data.paid_on, today=today, idempotency_key=key))


@router.post("/claims/{claim_id}/recoveries", status_code=status.HTTP_201_CREATED)
def record_recovery(
    claim_id: Id, data: RecoveryInput, actor: CurrentActor, uow: WriteUow, today: Today, key: IdempotencyKey = None
) -> ClaimOut:
    return presenters.claim_out(claims.record_recovery(uow, actor, claim_id, data, today=today, idempotency_key=key))


@router.post("/discounts", status_code=status.HTTP_201_CREATED)
def execute_discount(
    data: DiscountInput, actor: CurrentActor, uow: WriteUow, today: Today, key: IdempotencyKey = None
) -> DiscountOut:
    """割引: advance cash against a guaranteed note (operations, once the note is in hand)."""
    return presenters.discount_out(discounts.execute(uow, actor, data, today=today, idempotency_key=key))


@router.get("/discounts/{discount_id}")
def read_discount(discount_id: Id, actor: CurrentActor, uow: ReadUow) -> DiscountOut:
    return presenters.discount_out(discounts.get(uow, actor, discount_id))


@router.get("/reports/loss-compensation")
def loss_compensation(actor: CurrentActor, uow: ReadUow, start: Day, end: Day) -> LossCompensationOut:
    """Payouts net of recoveries × the programme's compensation ratio (SPEC §3)."""
    return claims.loss_compensation_claim(uow, actor, start, end)
