"""Money going out (SPEC §16): customers' payout accounts and the 全銀 総合振込 exports.

Every outgoing payment — a purchase's proceeds, a discount's advance, a claim's payout — is exported
once: an export takes the day's payments that no export holds yet, writes the file, keeps its bytes
(so that it can be downloaded again byte for byte) and one line per payment, whose unique
(kind, payment) makes a second export of it impossible. A payment whose customer has no payout
account is listed as blocked and left for a later export of the same date.

The export is not a money event: the journal books each payment when it is made (services/journal.py),
whether or not it has been exported yet.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from hozen.contract.transfers import BankAccountInput, DuePaymentOut, TransfersDueOut
from hozen.documents.zengin import Transfer, transfer_file
from hozen.domain import zengin
from hozen.domain.codes import AccountType, TransferCode, TransferKind
from hozen.domain.errors import ConflictError
from hozen.domain.roles import Actor, Permission, Role
from hozen.domain.states import Entity
from hozen.services.common import UnitOfWork, get_or_404, not_found
from hozen.services.presenters import bank_account_out
from hozen.store.models import BankAccount, Customer, TransferExport, TransferLine
from hozen.store.repositories import record_transition
from hozen.store.transfers import DuePayment, due_payments, lock_exports

REGISTERED = "registered"  # the one state of a bank account in the history
EXPORTED = "exported"
KIND_DIGIT = {TransferKind.PURCHASE: 1, TransferKind.DISCOUNT: 2, TransferKind.CLAIM: 3}
"""顧客コード2 = this digit and the payment's id in 9 digits, so a bank's result names the payment."""


# --- bank accounts ------------------------------------------------------------------------------


def bank_account(uow: UnitOfWork, actor: Actor, customer_id: int) -> BankAccount:
    """A customer's payout account: staff who see the portfolio, or the customer's own users."""
    account = find_bank_account(uow, actor, customer_id)
    if account is None:
        raise not_found(Entity.BANK_ACCOUNT, customer_id)
    return account


def find_bank_account(uow: UnitOfWork, actor: Actor, customer_id: int) -> BankAccount | None:
    """As :func:`bank_account`, None while the customer has none registered."""
    if actor.role is not Role.CUSTOMER:
        actor.require(Permission.VIEW_PORTFOLIO)
    actor.require_customer(customer_id)
    get_or_404(uow.session, Customer, customer_id, Entity.CUSTOMER)
    return _account_of(uow, customer_id)


def _account_of(uow: UnitOfWork, customer_id: int) -> BankAccount | None:
    return uow.session.scalars(select(BankAccount).where(BankAccount.customer_id == customer_id)).first()


def set_bank_account(
    uow: UnitOfWork, actor: Actor, customer_id: int, data: BankAccountInput, *, today: dt.date
) -> BankAccount:
    """Register or change the payout account (staff who manage companies; the history keeps both)."""
    actor.require(Permission.MANAGE_COMPANIES)
    session = uow.session
    get_or_404(session, Customer, customer_id, Entity.CUSTOMER)
    account = _account_of(uow, customer_id)
    before = _summary(account) if account else None
    if account is None:
        account = BankAccount(customer_id=customer_id)
        session.add(account)
    checked = data.account()
    for name in ("bank_code", "bank_name", "branch_code", "branch_name", "account_number", "holder_name"):
        setattr(account, name, getattr(checked, name))
    account.account_type = checked.account_type.value
    account.updated_at = uow.clock.now()
    account.updated_by = actor.user_id
    session.flush()
    after = _summary(account)
    reason = f"bank account registered: {after}" if before is None else f"bank account changed: {before} → {after}"
    record_transition(
        session,
        entity=Entity.BANK_ACCOUNT.value,
        entity_id=customer_id,
        from_state=None if before is None else REGISTERED,
        to_state=REGISTERED,
        actor_id=actor.user_id,
        business_date=today,
        reason=reason,
    )
    uow.commit()
    return account


def _summary(account: BankAccount) -> str:
    kind = AccountType.label_of(account.account_type)
    return (
        f"{account.bank_code}-{account.branch_code} {kind} {account.account_number} {account.holder_name}"
        f" ({account.bank_name} {account.branch_name})"
    )


# --- what is due, and the exports ---------------------------------------------------------------


def _due_out(payment: DuePayment) -> DuePaymentOut:
    blocked = None if payment.account else TransferCode.BANK_ACCOUNT_MISSING
    context = {"customer": payment.customer_name}
    return DuePaymentOut(
        kind=payment.kind.value,
        kind_label=payment.kind.label,
        payment_id=payment.payment_id,
        reference=payment.reference,
        customer_id=payment.customer_id,
        customer_name=payment.customer_name,
        amount=payment.amount,
        account=bank_account_out(payment.account) if payment.account else None,
        blocked=blocked.value if blocked else None,
        blocked_message_ja=blocked.message_ja(context) if blocked else None,
        blocked_message_en=blocked.message_en(context) if blocked else None,
    )


def due(uow: UnitOfWork, actor: Actor, day: dt.date) -> TransfersDueOut:
    """The day's payments not exported yet: those the next export will hold, and those held back."""
    actor.require(Permission.VIEW_PORTFOLIO)
    found = [_due_out(p) for p in due_payments(uow.session, day)]
    payable = [p for p in found if p.blocked is None]
    blocked = [p for p in found if p.blocked is not None]
    return TransfersDueOut(
        date=day, payable=payable, blocked=blocked, count=len(payable), total=sum(p.amount for p in payable)
    )


def export(uow: UnitOfWork, actor: Actor | None, day: dt.date, originator: zengin.Originator) -> TransferExport:
    """Export the day's payable payments as one 全銀 file; ``actor`` None is the server's command line."""
    if actor is not None:
        actor.require(Permission.RECORD_PAYMENT)
    session = uow.session
    lock_exports(session)
    payable = [p for p in due_payments(session, day) if p.account is not None]
    if not payable:
        raise ConflictError(TransferCode.NOTHING_TO_EXPORT, {"date": day.isoformat()})
    transfers = [
        Transfer(
            account=zengin.account_of(p.account),
            amount=p.amount,
            customer_code=p.customer_id,
            reference_code=KIND_DIGIT[p.kind] * 10**9 + p.payment_id,
        )
        for p in payable
        if p.account is not None
    ]
    content = transfer_file(originator, day, transfers)
    record = TransferExport(
        transfer_date=day,
        created_by=actor.user_id if actor else None,
        count=len(transfers),
        total=sum(t.amount for t in transfers),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    session.add(record)
    session.flush()
    session.add_all(
        TransferLine(
            export_id=record.id, kind=p.kind.value, payment_id=p.payment_id, customer_id=p.customer_id, amount=p.amount
        )
        for p in payable
    )
    session.flush()  # a payment another export holds fails here, on the unique (kind, payment)
    record_transition(
        session,
        entity=Entity.TRANSFER_EXPORT.value,
        entity_id=record.id,
        from_state=None,
        to_state=EXPORTED,
        actor_id=actor.user_id if actor else None,
        business_date=day,
        reason=f"transfer file for {day.isoformat()}: {record.count} payments, ¥{record.total:,}",
    )
    uow.commit()
    return record


def exports(uow: UnitOfWork, actor: Actor, limit: int = 100) -> list[TransferExport]:
    """The latest exports, newest first."""
    actor.require(Permission.VIEW_PORTFOLIO)
    query = select(TransferExport).order_by(TransferExport.id.desc()).limit(limit)
    return list(uow.session.scalars(query))


def get_export(uow: UnitOfWork, actor: Actor, export_id: int) -> TransferExport:
    actor.require(Permission.VIEW_PORTFOLIO)
    return get_or_404(uow.session, TransferExport, export_id, Entity.TRANSFER_EXPORT)


def export_file(uow: UnitOfWork, actor: Actor, export_id: int) -> tuple[str, bytes]:
    """The file's name and its bytes, exactly as first handed out."""
    actor.require(Permission.VIEW_PORTFOLIO)
    record = get_or_404(uow.session, TransferExport, export_id, Entity.TRANSFER_EXPORT)
    return file_name(record), record.content


def file_name(record: TransferExport) -> str:
    return f"zengin-{record.transfer_date.isoformat()}-{record.id}.txt"
