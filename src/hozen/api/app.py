"""The FastAPI application: the REST API under /api/v1 and the web pages."""

from __future__ import annotations

from fastapi import FastAPI

from hozen import __doc__ as hozen_doc
from hozen.api import errors
from hozen.api.routes import auth as auth_routes
from hozen.api.routes import (
    calculators,
    claim_assessments,
    claims,
    documents,
    eligibility,
    frame_simulations,
    reports,
    workflow,
)
from hozen.config import Settings, get_settings
from hozen.store.db import Database
from hozen.web import login as web_login
from hozen.web import pages as web_pages
from hozen.web import routes as web_routes


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Hozen API",
        description=hozen_doc,
        version="1",
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.database = Database(settings.database_url)
    errors.install(app)
    app.include_router(calculators.router)
    app.include_router(eligibility.router)
    app.include_router(claim_assessments.router)
    app.include_router(frame_simulations.router)
    auth_routes.install(app)
    app.include_router(workflow.router)
    app.include_router(reports.router)
    app.include_router(claims.router)
    app.include_router(documents.router)
    web_routes.install(app)
    web_login.install(app, settings)  # refuses to start without HOZEN_SECRET_KEY outside demo mode
    web_pages.install(app)
    return app
