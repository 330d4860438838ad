"""The demonstration data reaches every state through the real workflow (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from hozen.services import auth
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.store.models import Application, Guarantee, Invoice, ReviewRequest


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
