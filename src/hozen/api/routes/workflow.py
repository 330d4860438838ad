"""The guarantee workflow over HTTP: companies, review requests, applications, payments, maturity.

Every endpoint needs an authenticated user; the services check the role and, for customer users,
that the object belongs to their own company (otherwise 404).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile, status
from pydantic import BaseModel

from hozen.api.deps import CompanyPolicy, CurrentActor, DatabaseDep, PolicyName, ReadUow, Today, WriteUow
from hozen.contract.companies import CustomerInput, CustomerOut, DebtorInput, DebtorOut, DocumentInput, LimitInput
from hozen.contract.reviews import (
    ApplicationInput,
    ApplicationOut,
    FrameChangeInput,
    FrameChangeOut,
    FrameRequestInput,
    GuaranteeOut,
    LineDecisionInput,
    MaturityInput,
    PapersInput,
    PaymentInput,
    PaymentOut,
    PurchaseOut,
    PurchaseSettlementInput,
    ReasonInput,
    ReviewOut,
    ReviewRequestInput,
    TopUpInput,
)
from hozen.domain.policy import Product
from hozen.domain.roles import Permission
from hozen.services import applications, frame_guarantees, guarantees, portfolio, purchases, registration, reviews
from hozen.services.imports import parse_receivable_lines

router = APIRouter(prefix="/api/v1", tags=["workflow"])


# --- companies ---------------------------------------------------------------------------------


@router.post("/customers", status_code=status.HTTP_201_CREATED)
def create_customer(
    data: CustomerInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    customer = registration.create_customer(uow, actor, data)
    return registration.customer_out(uow, customer, policy, today)


@router.get("/customers")
def list_customers(actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> list[CustomerOut]:
    return [registration.customer_out(uow, c, policy, today) for c in portfolio.customers(uow, actor)]


@router.get("/customers/{customer_id}")
def read_customer(
    customer_id: int, actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    actor.require_customer(customer_id)
    customer = registration.get_customer(uow, actor, customer_id)
    return registration.customer_out(uow, customer, policy, today)


@router.post("/customers/{customer_id}/documents", status_code=status.HTTP_201_CREATED)
def add_document(
    customer_id: int, data: DocumentInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    registration.add_document(uow, actor, customer_id, data)
    return registration.customer_out(uow, registration.get_customer(uow, actor, customer_id), policy, today)


class RegistrationInput(BaseModel):
    products: list[Product]


@router.post("/customers/{customer_id}/registration")
def register_customer(
    customer_id: int, data: RegistrationInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    customer = registration.register_customer(uow, actor, customer_id, data.products, today)
    return registration.customer_out(uow, customer, policy, today)


@router.put("/customers/{customer_id}/limit")
def set_customer_limit(
    customer_id: int, data: LimitInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> CustomerOut:
    customer = registration.set_customer_limit(uow, actor, customer_id, data.own_limit)
    return registration.customer_out(uow, customer, policy, today)


@router.post("/debtors", status_code=status.HTTP_201_CREATED)
def create_debtor(
    data: DebtorInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> DebtorOut:
    return registration.debtor_out(uow, registration.create_debtor(uow, actor, data), policy, today)


@router.get("/debtors")
def list_debtors(actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> list[DebtorOut]:
    return [registration.debtor_out(uow, d, policy, today) for d in portfolio.debtors(uow, actor)]


@router.get("/debtors/{debtor_id}")
def read_debtor(debtor_id: int, actor: CurrentActor, uow: ReadUow, today: Today, policy: CompanyPolicy) -> DebtorOut:
    return registration.debtor_out(uow, registration.get_debtor(uow, actor, debtor_id), policy, today)


@router.put("/debtors/{debtor_id}/limit")
def set_debtor_limit(
    debtor_id: int, data: LimitInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: CompanyPolicy
) -> DebtorOut:
    debtor = registration.set_debtor_limit(uow, actor, debtor_id, data.own_limit)
    return registration.debtor_out(uow, debtor, policy, today)


# --- review requests ---------------------------------------------------------------------------


@router.post("/review-requests", status_code=status.HTTP_201_CREATED)
def submit_review_request(
    data: ReviewRequestInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    review = reviews.submit_review_request(uow, actor, data.customer_id, data.lines, today=today, policy_name=policy)
    return reviews.review_out(review)


@router.post("/review-requests/import", status_code=status.HTTP_201_CREATED)
async def import_review_request(
    actor: CurrentActor,
    database: DatabaseDep,
    today: Today,
    policy: PolicyName,
    customer_id: Annotated[int, Form()],
    file: Annotated[UploadFile, File(description="CSV or Excel (.xlsx) list of receivables")],
) -> ReviewOut:
    """A review request from a spreadsheet: every row valid, or nothing imported (per-row errors)."""
    actor.require(Permission.SUBMIT_REVIEW)
    actor.require_customer(customer_id)
    lines = parse_receivable_lines(await file.read(), file.filename or "")
    with database.unit_of_work() as uow:
        review = reviews.submit_review_request(uow, actor, customer_id, lines, today=today, policy_name=policy)
        return reviews.review_out(review)


@router.get("/review-requests")
def list_review_requests(actor: CurrentActor, uow: ReadUow, state: str | None = None) -> list[ReviewOut]:
    return [reviews.review_out(r) for r in portfolio.review_requests(uow, actor, state)]


@router.get("/review-requests/{review_id}")
def read_review_request(review_id: int, actor: CurrentActor, uow: ReadUow) -> ReviewOut:
    return reviews.review_out(reviews.get_review(uow, actor, review_id))


@router.post("/review-requests/{review_id}/start")
def start_review(review_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return reviews.review_out(reviews.start_review(uow, actor, review_id, today=today))


@router.post("/review-requests/{review_id}/lines/{line_id}/decision")
def decide_line(
    review_id: int, line_id: int, data: LineDecisionInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> ReviewOut:
    reviews.decide_line(uow, actor, review_id, line_id, data, today=today)
    return reviews.review_out(reviews.get_review(uow, actor, review_id))


@router.post("/review-requests/{review_id}/submit")
def submit_for_approval(review_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return reviews.review_out(reviews.submit_for_approval(uow, actor, review_id, today=today))


@router.post("/review-requests/{review_id}/approve")
def approve_review(review_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return reviews.review_out(reviews.approve_review(uow, actor, review_id, today=today))


@router.post("/review-requests/{review_id}/return")
def return_review(review_id: int, data: ReasonInput, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return reviews.review_out(reviews.return_review(uow, actor, review_id, data.reason, today=today))


@router.post("/review-requests/{review_id}/withdraw")
def withdraw_review(review_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> ReviewOut:
    return reviews.review_out(reviews.withdraw_review(uow, actor, review_id, today=today))


# --- applications, invoices, payments, guarantees ----------------------------------------------


@router.post("/applications", status_code=status.HTTP_201_CREATED)
def apply(data: ApplicationInput, actor: CurrentActor, uow: WriteUow, today: Today) -> list[ApplicationOut]:
    created = applications.apply(
        uow, actor, data.review_id, data.line_ids, today=today, idempotency_key=data.idempotency_key
    )
    return [applications.application_out(a) for a in created]


@router.get("/applications/{application_id}")
def read_application(application_id: int, actor: CurrentActor, uow: ReadUow) -> ApplicationOut:
    return applications.application_out(applications.get_application(uow, actor, application_id))


@router.post("/applications/{application_id}/release")
def release_held(application_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> ApplicationOut:
    return applications.application_out(applications.release_held(uow, actor, application_id, today=today))


@router.post("/applications/{application_id}/decline")
def decline_held(
    application_id: int, data: ReasonInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> ApplicationOut:
    return applications.application_out(applications.decline_held(uow, actor, application_id, data.reason, today=today))


@router.post("/payments", status_code=status.HTTP_201_CREATED)
def record_payment(data: PaymentInput, actor: CurrentActor, uow: WriteUow, today: Today) -> PaymentOut:
    payment = guarantees.record_payment(uow, actor, data, today=today)
    return guarantees.payment_out(uow, payment)


@router.get("/guarantees/{guarantee_id}")
def read_guarantee(guarantee_id: int, actor: CurrentActor, uow: ReadUow) -> GuaranteeOut:
    return applications.guarantee_out(guarantees.get_guarantee(uow, actor, guarantee_id))


@router.post("/guarantees/{guarantee_id}/maturity")
def confirm_paid(
    guarantee_id: int, data: MaturityInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> GuaranteeOut:
    return applications.guarantee_out(guarantees.confirm_paid(uow, actor, guarantee_id, data.paid_on, today=today))


# --- purchases ----------------------------------------------------------------------------------


@router.post("/purchase-requests", status_code=status.HTTP_201_CREATED)
def submit_purchase_request(
    data: ReviewRequestInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    """買取: the customer asks the company to buy notes or e-receivables; reviewed like a guarantee."""
    review = reviews.submit_review_request(
        uow, actor, data.customer_id, data.lines, today=today, policy_name=policy, purchase=True
    )
    return reviews.review_out(review)


@router.get("/purchases/{purchase_id}")
def read_purchase(purchase_id: int, actor: CurrentActor, uow: ReadUow) -> PurchaseOut:
    return purchases.out(purchases.get(uow, actor, purchase_id))


@router.post("/purchases/{purchase_id}/papers")
def record_papers(purchase_id: int, data: PapersInput, actor: CurrentActor, uow: WriteUow, today: Today) -> PurchaseOut:
    return purchases.out(purchases.record_papers(uow, actor, purchase_id, data, today=today))


@router.post("/purchases/{purchase_id}/execute")
def execute_purchase(purchase_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> PurchaseOut:
    return purchases.out(purchases.execute(uow, actor, purchase_id, today=today))


@router.post("/purchases/{purchase_id}/settle")
def settle_purchase(
    purchase_id: int, data: PurchaseSettlementInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> PurchaseOut:
    return purchases.out(purchases.settle(uow, actor, purchase_id, data, today=today))


# --- frame guarantees and AR top-ups ----------------------------------------------------------


@router.post("/frame-requests", status_code=status.HTTP_201_CREATED)
def submit_frame_request(
    data: FrameRequestInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    """A frame guarantee (枠保証) over one construction contract: reviewed like a review request."""
    review = frame_guarantees.submit_frame_request(uow, actor, data, today=today, policy_name=policy)
    return reviews.review_out(review)


@router.post("/guarantees/{guarantee_id}/top-ups", status_code=status.HTTP_201_CREATED)
def submit_top_up(
    guarantee_id: int, data: TopUpInput, actor: CurrentActor, uow: WriteUow, today: Today, policy: PolicyName
) -> ReviewOut:
    """売掛金保証②: the difference up to the notified amount, as a new review request."""
    review = frame_guarantees.submit_top_up(
        uow, actor, guarantee_id, data.notified_amount, today=today, policy_name=policy
    )
    return reviews.review_out(review)


@router.post("/guarantees/{guarantee_id}/frame-changes", status_code=status.HTTP_201_CREATED)
def request_frame_change(
    guarantee_id: int, data: FrameChangeInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> FrameChangeOut:
    change = frame_guarantees.request_frame_change(uow, actor, guarantee_id, data, today=today)
    return frame_guarantees.frame_change_out(uow.session, change)


@router.get("/frame-changes/{change_id}")
def read_frame_change(change_id: int, actor: CurrentActor, uow: ReadUow) -> FrameChangeOut:
    change = frame_guarantees.get_frame_change(uow, actor, change_id)
    return frame_guarantees.frame_change_out(uow.session, change)


@router.post("/frame-changes/{change_id}/approve")
def approve_frame_change(change_id: int, actor: CurrentActor, uow: WriteUow, today: Today) -> FrameChangeOut:
    change = frame_guarantees.approve_frame_change(uow, actor, change_id, today=today)
    return frame_guarantees.frame_change_out(uow.session, change)


@router.post("/frame-changes/{change_id}/reject")
def reject_frame_change(
    change_id: int, data: ReasonInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> FrameChangeOut:
    change = frame_guarantees.reject_frame_change(uow, actor, change_id, data.reason, today=today)
    return frame_guarantees.frame_change_out(uow.session, change)


# --- operations --------------------------------------------------------------------------------


class DailyRunOut(BaseModel):
    business_date: dt.date
    activated: list[int]
    matured: list[int]
    lapsed: list[int]
    expired_purchases: list[int]
    expired_reviews: list[int]
    reminders: list[int]


@router.post("/daily-runs")
def run_daily(actor: CurrentActor, uow: WriteUow, today: Today) -> DailyRunOut:
    return DailyRunOut(**dataclasses.asdict(guarantees.run_daily(uow, actor, today=today)))


class BusinessDateInput(BaseModel):
    today: dt.date


@router.get("/business-date")
def read_business_date(actor: CurrentActor, today: Today) -> BusinessDateInput:
    return BusinessDateInput(today=today)


@router.put("/business-date")
def put_business_date(data: BusinessDateInput, actor: CurrentActor, uow: WriteUow) -> BusinessDateInput:
    return BusinessDateInput(today=portfolio.set_today(uow, actor, data.today))


class NotificationOut(BaseModel):
    id: int
    audience: str
    customer_id: int | None
    kind: str
    entity: str
    entity_id: int
    message_ja: str
    resolved: bool


@router.get("/notifications")
def list_notifications(actor: CurrentActor, uow: ReadUow, open_only: bool = True) -> list[NotificationOut]:
    return [
        NotificationOut(
            id=n.id,
            audience=n.audience,
            customer_id=n.customer_id,
            kind=n.kind,
            entity=n.entity,
            entity_id=n.entity_id,
            message_ja=n.message_ja,
            resolved=n.resolved_at is not None,
        )
        for n in portfolio.notifications(uow, actor, open_only=open_only)
    ]
