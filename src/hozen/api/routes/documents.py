"""Documents as PDF downloads (SPEC §10): each only for those who may see the object."""

from __future__ import annotations

from fastapi import APIRouter, Response

from hozen.api.deps import AppSettings, CurrentActor, ReadUow, Today
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id
from hozen.services import documents

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["documents"])


def _pdf(content: bytes, filename: str) -> Response:
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}.pdf"'}
    )


@router.get("/review-requests/{review_id}/result.pdf", response_class=Response)
def review_result(review_id: Id, actor: CurrentActor, uow: ReadUow, today: Today, settings: AppSettings) -> Response:
    """審査結果通知書."""
    return _pdf(documents.review_result(uow, actor, review_id, settings, today), f"review-result-{review_id}")


@router.get("/invoices/{invoice_id}.pdf", response_class=Response)
def invoice(invoice_id: Id, actor: CurrentActor, uow: ReadUow, settings: AppSettings) -> Response:
    """保証料請求書兼事前確認書."""
    return _pdf(documents.invoice(uow, actor, invoice_id, settings), f"invoice-{invoice_id}")


@router.get("/guarantees/{guarantee_id}/certificate.pdf", response_class=Response)
def certificate(guarantee_id: Id, actor: CurrentActor, uow: ReadUow, settings: AppSettings) -> Response:
    """保証承諾書."""
    return _pdf(documents.certificate(uow, actor, guarantee_id, settings), f"certificate-{guarantee_id}")


@router.get("/claims/{claim_id}/decision.pdf", response_class=Response)
def claim_decision(claim_id: Id, actor: CurrentActor, uow: ReadUow, today: Today, settings: AppSettings) -> Response:
    """保証履行決定通知書."""
    return _pdf(documents.claim_decision(uow, actor, claim_id, settings, today), f"claim-decision-{claim_id}")


@router.get("/purchases/{purchase_id}/notice.pdf", response_class=Response)
def purchase_notice(purchase_id: Id, actor: CurrentActor, uow: ReadUow, settings: AppSettings) -> Response:
    """買取実行通知書."""
    return _pdf(documents.purchase_notice(uow, actor, purchase_id, settings), f"purchase-notice-{purchase_id}")
