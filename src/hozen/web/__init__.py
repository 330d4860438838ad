"""The pages: the public quote calculator, the staff console and the customer portal (Jinja2 + HTMX)."""

from __future__ import annotations

from fastapi import FastAPI

from hozen.config import Settings
from hozen.web import common, companies, login, notices, portal, public, records, staff, transfers, users
from hozen.web.security import session_token

__all__ = ["install", "session_token"]


def install(app: FastAPI, settings: Settings) -> None:
    """Mount the pages, the login and the signed session on ``app`` (after the API's error handlers)."""
    common.install(app)
    app.include_router(public.router)
    login.install(app, settings)  # refuses to start without HOZEN_SECRET_KEY outside demo mode
    app.include_router(staff.router)
    app.include_router(companies.router)
    app.include_router(portal.router)
    app.include_router(notices.router)
    app.include_router(records.router)
    app.include_router(transfers.router)
    app.include_router(users.router)
