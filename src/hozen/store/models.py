"""SQLAlchemy 2 typed models: the same schema on SQLite (embedded) and PostgreSQL.

Money is ``BigInteger`` yen; rates are strings of the exact decimal (``"4.5"``), never floats;
timestamps are timezone-aware UTC. States are the values of :mod:`hozen.domain.states`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Yen = BigInteger
RATE = String(12)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL stores ``timestamptz``; SQLite keeps no zone, so the value is converted to UTC and
    stored without it, and read back as aware UTC. Naive datetimes are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware timestamp (UTC)")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PricedFees:
    """The fee split fixed when a guarantee or purchase was priced (the subsidy ledger's source)."""

    gross_rate: Mapped[str] = mapped_column(RATE)
    subsidy_rate: Mapped[str] = mapped_column(RATE)
    days: Mapped[int] = mapped_column(Integer)
    gross_fee: Mapped[int] = mapped_column(Yen)
    subsidy: Mapped[int] = mapped_column(Yen)
    net_fee: Mapped[int] = mapped_column(Yen)


# --- people and companies -------------------------------------------------------------------


class User(Timestamped, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(30))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[str | None] = mapped_column(String(254))  # where notifications are e-mailed
    # set by an administrator's password reset: the user must choose a new password before anything else
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class WebSession(Base):
    """A login to the pages. The browser's cookie carries a random token; only its SHA-256 is stored.
    A session ends at logout, a password change (the user's other sessions), a deactivation or a
    password reset; it expires after ``HOZEN_SESSION_IDLE_MINUTES`` without a request or at
    ``expires_at`` (``HOZEN_SESSION_MAX_AGE`` after the login), whichever comes first."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class LoginThrottle(Base):
    """Failed logins counted per login id (``account``: in a row, until a success) or per client
    address (``address``: within a window). ``locked_until`` in the future refuses logins (429)."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("scope", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ApiToken(Timestamped, Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Customer(Timestamped, Base):
    """A subcontractor or material supplier (下請建設企業等)."""

    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    corporate_number: Mapped[str] = mapped_column(String(13), unique=True)
    licence_number: Mapped[str] = mapped_column(String(50), default="")
    capital: Mapped[int] = mapped_column(Yen)
    employees: Mapped[int] = mapped_column(Integer)
    direct: Mapped[bool] = mapped_column(Boolean, default=True)
    own_limit: Mapped[int | None] = mapped_column(Yen)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    sanctions: Mapped[list[Sanction]] = relationship(cascade="all, delete-orphan", order_by="Sanction.id")
    documents: Mapped[list[RegistrationDocument]] = relationship(
        cascade="all, delete-orphan", order_by="RegistrationDocument.id"
    )


class Sanction(Base):
    __tablename__ = "customer_sanctions"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date | None] = mapped_column(Date)


class RegistrationDocument(Base):
    __tablename__ = "registration_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    issue_date: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date] = mapped_column(Date)


class Debtor(Timestamped, Base):
    """The company that ordered the work (元請建設企業 / 注文者). Never contacted (SPEC §13)."""

    __tablename__ = "debtors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    corporate_number: Mapped[str] = mapped_column(String(13), unique=True)
    # でんさいネットの利用者番号 (9 letters or digits), by which a でんさい 開示 CSV names the debtor.
    densai_user_number: Mapped[str | None] = mapped_column(String(9), index=True)
    net_assets: Mapped[int | None] = mapped_column(Yen)
    review_base_date: Mapped[dt.date | None] = mapped_column(Date)
    trading_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    dishonoured: Mapped[bool] = mapped_column(Boolean, default=False)
    unsound: Mapped[bool] = mapped_column(Boolean, default=False)
    own_limit: Mapped[int | None] = mapped_column(Yen)
    group_code: Mapped[str | None] = mapped_column(String(20), index=True)  # corporate group (企業グループ)
    group_name: Mapped[str | None] = mapped_column(String(100))
    prefecture: Mapped[str | None] = mapped_column(String(2))  # JIS X 0401 code of the head office, "01"…"47"
    trade: Mapped[str | None] = mapped_column(String(2))  # JSIC middle group of construction, "06"…"08"
    version: Mapped[int] = mapped_column(Integer, default=1)
    public_works_orders: Mapped[list[PublicWorksOrder]] = relationship(
        cascade="all, delete-orphan", order_by="PublicWorksOrder.id"
    )
    insolvency_filings: Mapped[list[InsolvencyFiling]] = relationship(
        cascade="all, delete-orphan", order_by="InsolvencyFiling.id"
    )


class PublicWorksOrder(Base):
    __tablename__ = "debtor_public_works_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    ordered_on: Mapped[dt.date] = mapped_column(Date)


class InsolvencyFiling(Base):
    __tablename__ = "debtor_insolvency_filings"
    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40), default="")
    concluded: Mapped[bool] = mapped_column(Boolean, default=False)


class LimitChange(Timestamped, Base):
    """A change to a customer's or debtor's own limit that waits for a second person (four eyes): the
    limit changes only when someone other than the requester approves it. At most one per company
    waits at a time. ``application_id``: the held application the change is meant to release."""

    __tablename__ = "limit_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(20))  # "customer" or "debtor" (an Entity value)
    company_id: Mapped[int] = mapped_column(Integer, index=True)
    before_limit: Mapped[int | None] = mapped_column(Yen)
    requested_limit: Mapped[int | None] = mapped_column(Yen)
    reason: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20), index=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))


# --- the individual-guarantee workflow ------------------------------------------------------


class ReviewRequest(Timestamped, Base):
    """審査依頼: the customer's list of receivables, its review and its approval."""

    __tablename__ = "review_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    product: Mapped[str] = mapped_column(String(20))
    policy: Mapped[str] = mapped_column(String(40), index=True)  # the daily run reads the policies in use
    state: Mapped[str] = mapped_column(String(30), index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    underwriter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    lines: Mapped[list[ReviewLine]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewLine.id", back_populates="review"
    )
    customer: Mapped[Customer] = relationship()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)


class ReviewLine(Base):
    """One receivable of a review request, its eligibility findings and the underwriter's decision."""

    __tablename__ = "review_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_request_id: Mapped[int] = mapped_column(ForeignKey("review_requests.id"), index=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[int] = mapped_column(Yen)
    issue_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    endorsed: Mapped[bool] = mapped_column(Boolean, default=False)
    bill_of_exchange: Mapped[bool] = mapped_column(Boolean, default=False)
    transferred: Mapped[bool] = mapped_column(Boolean, default=False)
    has_contract: Mapped[bool] = mapped_column(Boolean, default=True)
    has_amount_document: Mapped[bool] = mapped_column(Boolean, default=True)
    eligibility: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of failures at submission
    decision: Mapped[str] = mapped_column(String(20), default="pending")  # pending / accepted / declined
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    guaranteed_amount: Mapped[int | None] = mapped_column(Yen)
    gross_rate: Mapped[str | None] = mapped_column(RATE)
    subsidy_rate: Mapped[str | None] = mapped_column(RATE)
    days: Mapped[int | None] = mapped_column(Integer)
    gross_fee: Mapped[int | None] = mapped_column(Yen)
    subsidy: Mapped[int | None] = mapped_column(Yen)
    net_fee: Mapped[int | None] = mapped_column(Yen)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    review: Mapped[ReviewRequest] = relationship(back_populates="lines")
    debtor: Mapped[Debtor] = relationship()


class Application(Timestamped, Base):
    """申込: the lines a customer takes up, one application per debtor; limits are reserved now."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_request_id: Mapped[int] = mapped_column(ForeignKey("review_requests.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    start_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Yen)
    office_fee: Mapped[int] = mapped_column(Yen)
    hold_reasons: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    guarantees: Mapped[list[Guarantee]] = relationship(order_by="Guarantee.id")
    purchases: Mapped[list[Purchase]] = relationship(order_by="Purchase.id")
    invoice: Mapped[Invoice | None] = relationship()
    debtor: Mapped[Debtor] = relationship()
    customer: Mapped[Customer] = relationship()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)


class Reservation(Timestamped, Base):
    """Exposure held against a debtor and a customer by one guarantee or purchased note (SPEC §5)."""

    __tablename__ = "reservations"
    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int | None] = mapped_column(ForeignKey("guarantees.id"), unique=True)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), unique=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    product: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Yen)
    state: Mapped[str] = mapped_column(String(20))  # reserved / released
    released_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    __table_args__ = (
        Index("ix_reservations_debtor_state", "debtor_id", "state"),
        Index("ix_reservations_customer_state", "customer_id", "state"),
        # the nightly limit alerts sum the live reservations by (debtor, customer) from this index alone
        Index(
            "ix_reservations_live_exposure",
            "debtor_id",
            "customer_id",
            "amount",
            postgresql_where=text("state = 'reserved'"),
            sqlite_where=text("state = 'reserved'"),
        ),
    )


class Guarantee(PricedFees, Timestamped, Base):
    """One guarantee; its fee split is fixed when it is priced (the subsidy ledger's source)."""

    __tablename__ = "guarantees"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    review_line_id: Mapped[int] = mapped_column(ForeignKey("review_lines.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    product: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Yen)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    effect_date: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(30), index=True)
    certificate_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    certificate_issued_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    line: Mapped[ReviewLine] = relationship()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)
    __table_args__ = (  # the daily run's selections: what takes effect, what matures
        Index("ix_guarantees_state_effect_date", "state", "effect_date"),
        Index("ix_guarantees_state_end_date", "state", "end_date"),
    )


class Purchase(PricedFees, Timestamped, Base):
    """A note or e-receivable bought without recourse (買取, SPEC §2.4, §8.4)."""

    __tablename__ = "purchases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    review_line_id: Mapped[int] = mapped_column(ForeignKey("review_lines.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # note / erecord
    face: Mapped[int] = mapped_column(Yen)
    purchase_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    transfer_fee: Mapped[int] = mapped_column(Yen)
    proceeds: Mapped[int] = mapped_column(Yen)
    state: Mapped[str] = mapped_column(String(20), index=True)
    papers_received_on: Mapped[dt.date | None] = mapped_column(Date)
    executed_on: Mapped[dt.date | None] = mapped_column(Date)
    settled_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    line: Mapped[ReviewLine] = relationship()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)


class Invoice(Timestamped, Base):
    """保証料請求書: the fee of one application (due the day before the start date) or of a frame change."""

    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), unique=True)
    frame_change_id: Mapped[int | None] = mapped_column(ForeignKey("frame_changes.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    amount: Mapped[int] = mapped_column(Yen)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), index=True)


class FrameChange(Timestamped, Base):
    """An increase, extension, decrease or abolition of a frame guarantee (SPEC §2.3, §8.3).

    The fee is fixed when the change is requested; an increase reserves the added limit when it is
    approved. Live cover is never cut retroactively: a decrease or abolition keeps the reservation
    until the frame's period ends.
    """

    __tablename__ = "frame_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int] = mapped_column(ForeignKey("guarantees.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    old_limit: Mapped[int] = mapped_column(Yen)
    new_limit: Mapped[int] = mapped_column(Yen)
    old_end: Mapped[dt.date] = mapped_column(Date)
    new_end: Mapped[dt.date] = mapped_column(Date)
    priced_from: Mapped[dt.date] = mapped_column(Date)
    priced_to: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    gross_fee: Mapped[int] = mapped_column(Yen)
    subsidy: Mapped[int] = mapped_column(Yen)
    net_fee: Mapped[int] = mapped_column(Yen)
    office_fee: Mapped[int] = mapped_column(Yen)
    version: Mapped[int] = mapped_column(Integer, default=1)
    guarantee: Mapped[Guarantee] = relationship()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)


class SubsidyEntry(Timestamped, Base):
    """The subsidy ledger (SPEC §11): one row when a guarantee or frame change is priced and reserved,
    one negated row when it is cancelled. A period's subsidy claim sums the rows booked in it."""

    __tablename__ = "subsidy_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int | None] = mapped_column(ForeignKey("guarantees.id"), index=True)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), index=True)
    frame_change_id: Mapped[int | None] = mapped_column(ForeignKey("frame_changes.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id"))
    product: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Yen)
    gross_rate: Mapped[str] = mapped_column(RATE)
    subsidy_rate: Mapped[str] = mapped_column(RATE)
    days: Mapped[int] = mapped_column(Integer)
    subsidy: Mapped[int] = mapped_column(Yen)  # negative for a reversal
    booked_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reversal: Mapped[bool] = mapped_column(Boolean, default=False)


class Claim(Timestamped, Base):
    """A claim under a guarantee: filing, the rules engine's assessment, four-eyes payout, subrogation."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int] = mapped_column(ForeignKey("guarantees.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(30))
    event_date: Mapped[dt.date] = mapped_column(Date)
    claim_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), index=True)
    receivables: Mapped[str] = mapped_column(Text)  # JSON: the claimed receivables (SPEC §14.4 lines)
    assessment: Mapped[str] = mapped_column(Text, default="")  # JSON: the rules engine's result
    payable: Mapped[int | None] = mapped_column(Yen)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_amount: Mapped[int | None] = mapped_column(Yen)
    assigned_on: Mapped[dt.date | None] = mapped_column(Date)  # the receivable assigned to the company
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    guarantee: Mapped[Guarantee] = relationship()
    documents: Mapped[list[ClaimDocument]] = relationship(cascade="all, delete-orphan", order_by="ClaimDocument.id")
    recoveries: Mapped[list[Recovery]] = relationship(cascade="all, delete-orphan", order_by="Recovery.id")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)


class ClaimDocument(Base):
    """A document of a claim, received either as an uploaded file (kept here, at most 10 MB, PDF,
    JPEG or PNG) or as a paper copy whose receipt a staff member confirmed; who and on which day."""

    __tablename__ = "claim_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[dt.date] = mapped_column(Date)
    how: Mapped[str] = mapped_column(String(10), default="", server_default="")  # upload, paper; "" = before 0022
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    content_type: Mapped[str] = mapped_column(String(40), default="", server_default="")
    size: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # read only for a download


class Recovery(Timestamped, Base):
    """Money recovered after a payout (dividends in the debtor's proceedings)."""

    __tablename__ = "recoveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    amount: Mapped[int] = mapped_column(Yen)
    received_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Discount(Timestamped, Base):
    """割引: cash advanced against a note or e-receivable the company guarantees (SPEC §2.5)."""

    __tablename__ = "discounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    guarantee_id: Mapped[int] = mapped_column(ForeignKey("guarantees.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    face: Mapped[int] = mapped_column(Yen)
    discount_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    discount_rate: Mapped[str] = mapped_column(RATE)
    days: Mapped[int] = mapped_column(Integer)
    discount_fee: Mapped[int] = mapped_column(Yen)
    proceeds: Mapped[int] = mapped_column(Yen)
    note_received_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), index=True)  # advanced / collected / set_off
    settled_on: Mapped[dt.date | None] = mapped_column(Date)
    executed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Payment(Timestamped, Base):
    """A bank transfer received; the idempotency key makes a retried recording harmless."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount: Mapped[int] = mapped_column(Yen)
    received_on: Mapped[dt.date] = mapped_column(Date)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class IdempotencyRecord(Timestamped, Base):
    """A command's idempotency key, held from the command's first transaction: who sent it (scope),
    which command, a fingerprint of the request, and the ids the command produced (JSON)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "command", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    command: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text, default="[]")


class StateChange(Base):
    """Every state change: who, when, from which state to which, and why (SPEC §8.5)."""

    __tablename__ = "state_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column(Integer)
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    business_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    # a decision's fields before and after (hozen.store.repositories.record_decision); NULL for a state change
    changes: Mapped[str | None] = mapped_column(Text)
    # the hash chain (hozen.store.audit_chain): NULL until the row's transaction commits
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ix_state_history_entity", "entity", "entity_id"),)


class Notification(Timestamped, Base):
    """Work for staff (a held application, an unpaid invoice…) or news for a customer."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    audience: Mapped[str] = mapped_column(String(30))  # a staff role, or "customer"
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column(Integer)
    message_ja: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    __table_args__ = (UniqueConstraint("kind", "entity", "entity_id", name="uq_notifications_subject"),)


class BusinessDate(Base):
    """The settable business date ("as of"); a single row. Absent means the calendar date."""

    __tablename__ = "business_date"
    id: Mapped[int] = mapped_column(primary_key=True)
    today: Mapped[dt.date] = mapped_column(Date)


# --- duplicate receivables (SPEC §4.3) ------------------------------------------------------


class ReceivableKeyHold(Base):
    """A key of a receivable on a live guarantee or purchase; the unique key makes a second one impossible.

    Written when the customer applies, deleted when the guarantee or purchase ends, is cancelled or lapses.
    """

    __tablename__ = "receivable_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    review_line_id: Mapped[int] = mapped_column(ForeignKey("review_lines.id"), index=True)


# --- notifications: read marks, the outbox, webhook endpoints ---------------------------------


class NotificationRead(Base):
    """A user has read a notification (each staff member and customer user keeps their own marks)."""

    __tablename__ = "notification_reads"
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    read_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class WebhookEndpoint(Timestamped, Base):
    """An address registered by an administrator that receives every notification, signed."""

    __tablename__ = "webhook_endpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200))
    secret: Mapped[str] = mapped_column(String(100))  # the HMAC key; shown once, when created
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class OutboxEvent(Timestamped, Base):
    """A notification leaving Hozen, written in the transaction that created the notification."""

    __tablename__ = "outbox_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)  # receivers deduplicate by it
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), unique=True)
    payload: Mapped[str] = mapped_column(Text)  # the exact JSON body a webhook receives


class OutboxDelivery(Base):
    """One event to one recipient on one channel, delivered at least once by a worker holding a lease."""

    __tablename__ = "outbox_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # email / webhook
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(500))  # the e-mail address or the endpoint URL
    state: Mapped[str] = mapped_column(String(12))  # pending / delivered / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    leased_by: Mapped[str | None] = mapped_column(String(100))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    __table_args__ = (Index("ix_outbox_deliveries_due", "state", "next_attempt_at"),)


class DeliveryAttempt(Base):
    """The delivery log: every attempt, its outcome and what the receiver answered."""

    __tablename__ = "delivery_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("outbox_deliveries.id"), index=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    succeeded: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(String(500))


# The daily run's alerts find what falls due by date, not by scanning the portfolio (guarantees: see
# ix_guarantees_state_end_date on the model).
Index("ix_invoices_state_due_date", Invoice.state, Invoice.due_date)
# --- audit: the head of the hash chain over the history ----------------------------------------


class HistoryChainHead(Base):
    """The last sealed history row's position and hash; a single row, locked while a transaction
    seals its history rows, so that the chain has one order (see hozen.store.audit_chain)."""

    __tablename__ = "history_chain_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    row_hash: Mapped[str] = mapped_column(String(64))


# --- money going out: payout accounts and 全銀 transfer files (SPEC §16) ------------------------


class BankAccount(Base):
    """A customer's payout account, stored as the transfer file carries it (names in the 全銀 set)."""

    __tablename__ = "customer_bank_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), unique=True)
    bank_code: Mapped[str] = mapped_column(String(4))
    bank_name: Mapped[str] = mapped_column(String(15))
    branch_code: Mapped[str] = mapped_column(String(3))
    branch_name: Mapped[str] = mapped_column(String(15))
    account_type: Mapped[str] = mapped_column(String(1))  # 1 普通 / 2 当座 / 4 貯蓄
    account_number: Mapped[str] = mapped_column(String(7))  # zero-padded to 7 digits
    holder_name: Mapped[str] = mapped_column(String(30))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TransferExport(Timestamped, Base):
    """One 全銀 総合振込 file: the exact bytes handed out, kept so that they can be downloaded again."""

    __tablename__ = "transfer_exports"
    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_date: Mapped[dt.date] = mapped_column(Date, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the server's command line
    count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Yen)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    lines: Mapped[list[TransferLine]] = relationship(order_by="TransferLine.id")


class TransferLine(Base):
    """A payment in an export; the unique (kind, payment) makes a second export of it impossible."""

    __tablename__ = "transfer_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("transfer_exports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # purchase / discount / claim
    payment_id: Mapped[int] = mapped_column(Integer)  # the purchase's, discount's or claim's id
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[int] = mapped_column(Yen)
    __table_args__ = (UniqueConstraint("kind", "payment_id"),)
