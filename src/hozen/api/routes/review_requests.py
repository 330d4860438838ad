"""Review requests (審査依頼): submitted by hand or from a spreadsheet, reviewed line by line, approved."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status

from hozen.api.deps import CurrentActor, PolicyName, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Id, ShortText
from hozen.contract.reviews import LineDecisionInput, ReasonInput, ReviewOut, ReviewPreviewOut, ReviewRequestInput
from hozen.domain.roles import Permission
from hozen.services import densai, portfolio, presenters, review_preview, reviews
from hozen.services.imports import parse_receivable_lines

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["workflow"])


@router.post("/review-requests", status_code=status.HTTP_201_CREATED)
def submit_review_request(
    data: ReviewRequestInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    review = reviews.submit_review_request(uow, actor, data.customer_id, data.lines, today=today, policy_name=policy)
    return presenters.review_out(review)


@router.post("/review-requests/import", status_code=status.HTTP_201_CREATED)
def import_review_request(
    actor: CurrentActor,
    uow: WriteUow,
    today: Today,
    policy: PolicyName,
    customer_id: Annotated[Id, Form()],
    file: Annotated[UploadFile, File(description="CSV or Excel (.xlsx) list of receivables")],
) -> ReviewOut:
    """A review request from a spreadsheet: every row valid, or nothing imported (per-row errors)."""
    actor.require(Permission.SUBMIT_REVIEW)
    actor.require_customer(customer_id)
    lines = parse_receivable_lines(file.file.read(), file.filename or "")
    review = reviews.submit_review_request(uow, actor, customer_id, lines, today=today, policy_name=policy)
    return presenters.review_out(review)


@router.post("/review-requests/densai-import", status_code=status.HTTP_201_CREATED)
def import_densai(
    actor: CurrentActor,
    uow: WriteUow,
    today: Today,
    policy: PolicyName,
    customer_id: Annotated[Id, Form()],
    file: Annotated[UploadFile, File(description="a bank's でんさい 開示結果 CSV (UTF-8 or Shift_JIS)")],
    mapping: Annotated[
        UploadFile | None, File(description="column mapping (TOML, docs/densai.md); default: the shipped one")
    ] = None,
    purchase: Annotated[bool, Form(description="ask for a purchase (買取) rather than a guarantee")] = False,
) -> ReviewOut:
    """A review request of e-receivables from a でんさい disclosure CSV: every row valid, or nothing imported
    (per-row errors naming the column). Transferred records and duplicates are findings on the lines."""
    actor.require(Permission.SUBMIT_REVIEW)
    actor.require_customer(customer_id)
    columns = densai.load_mapping(mapping.file.read() if mapping is not None else None)
    review = densai.import_densai(
        uow,
        actor,
        customer_id,
        file.file.read(),
        columns,
        today=today,
        policy_name=policy,
        purchase=purchase,
        filename=file.filename or "",
    )
    return presenters.review_out(review)


@router.get("/review-requests")
def list_review_requests(actor: CurrentActor, uow: ReadUow, state: ShortText | None = None) -> list[ReviewOut]:
    return [presenters.review_out(r) for r in portfolio.review_requests(uow, actor, state)]


@router.get("/review-requests/{review_id}")
def read_review_request(review_id: Id, actor: CurrentActor, uow: ReadUow) -> ReviewOut:
    return presenters.review_out(reviews.get_review(uow, actor, review_id))


@router.get("/review-requests/{review_id}/preview")
def preview_review_request(
    review_id: Id,
    actor: CurrentActor,
    uow: ReadUow,
    today: Today,
    rate: Annotated[str, Query(max_length=40, description="gross annual rate (%), e.g. 4.5")],
) -> ReviewPreviewOut:
    """Every line priced at ``rate`` as if applied for today, in full, and each debtor's and the
    customer's requested total against its limit. The policies set no standard rate: it is required."""
    preview = review_preview.import_preview(uow, actor, review_id, rate, today=today)
    return presenters.review_preview_out(review_id, preview)


@router.post("/review-requests/{review_id}/start")
def start_review(review_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return presenters.review_out(reviews.start_review(uow, actor, review_id, today=today))


@router.post("/review-requests/{review_id}/lines/{line_id}/decision")
def decide_line(
    review_id: Id, line_id: Id, data: LineDecisionInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> ReviewOut:
    reviews.decide_line(uow, actor, review_id, line_id, data, today=today)
    return presenters.review_out(reviews.get_review(uow, actor, review_id))


@router.post("/review-requests/{review_id}/submit")
def submit_for_approval(review_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return presenters.review_out(reviews.submit_for_approval(uow, actor, review_id, today=today))


@router.post("/review-requests/{review_id}/approve")
def approve_review(review_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return presenters.review_out(reviews.approve_review(uow, actor, review_id, today=today))


@router.post("/review-requests/{review_id}/return")
def return_review(review_id: Id, data: ReasonInput, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return presenters.review_out(reviews.return_review(uow, actor, review_id, data.reason, today=today))


@router.post("/review-requests/{review_id}/withdraw")
def withdraw_review(review_id: Id, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return presenters.review_out(reviews.withdraw_review(uow, actor, review_id, today=today))
