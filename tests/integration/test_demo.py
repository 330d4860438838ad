"""The demonstration data reaches every state through the real workflow (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from hozen.domain.codes import NoticeKind
from hozen.services import auth, portfolio
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, Invoice, Notification, ReviewRequest


def test_demo_story(database: Database) -> None:
    logins = seed(database)
    with database.unit_of_work(write=False) as uow:
        session = uow.session
        reviews = Counter(session.scalars(select(ReviewRequest.state)))
        applications = Counter(session.scalars(select(Application.state)))
        guarantees = Counter((g.product, g.state) for g in session.scalars(select(Guarantee)))
        invoices = Counter(session.scalars(select(Invoice.state)))
        held = session.scalars(select(Application.hold_reasons).where(Application.state == "held")).one()
        for login in logins:
            assert auth.verify_password(uow, login.login, DEMO_PASSWORD).login == login.login
    assert {"submitted", "in_review", "awaiting_approval", "approved", "applied"} <= set(reviews)
    assert {"held", "reserved", "paid"} <= set(applications) and held == "DEBTOR_LIMIT_EXCEEDED"
    assert {
        ("note", "active"),
        ("ar", "ended"),
        ("frame", "active"),
        ("note", "awaiting_start"),
        ("note", "awaiting_payment"),
    } <= set(guarantees)
    assert {"open", "paid"} <= set(invoices)


def test_demo_date_has_every_kind_of_alert(database: Database) -> None:
    """The daily run of the demo date fills both notification centres: one alert of each kind at least."""
    logins = seed(database)
    with database.unit_of_work(write=False) as uow:
        kinds = Counter(uow.session.scalars(select(Notification.kind)))
        users = {login.login: auth.verify_password(uow, login.login, DEMO_PASSWORD).actor for login in logins}
        seen = {
            login: {entry.notification.kind for entry in portfolio.notifications(uow, actor)}
            for login, actor in users.items()
        }
    assert {
        NoticeKind.INVOICE_DUE,
        NoticeKind.INVOICE_OVERDUE,
        NoticeKind.MATURITY_SOON,
        NoticeKind.CLAIM_DEADLINE_SOON,
        NoticeKind.CLAIM_DEADLINE_SOON_STAFF,
        NoticeKind.CERTIFICATE_EXPIRING,
        NoticeKind.DEBTOR_LIMIT_THRESHOLD,
    } <= set(kinds)
    # every customer user has something in its own centre, and staff see every kind
    assert seen["kou"] == {NoticeKind.CLAIM_DEADLINE_SOON}
    assert seen["otsu"] == {NoticeKind.MATURITY_SOON}
    assert {NoticeKind.INVOICE_DUE, NoticeKind.INVOICE_OVERDUE, NoticeKind.CERTIFICATE_EXPIRING} == seen["hei"]
    assert set(kinds) <= seen["admin"]
