"""The REST API under /api/v1 (FastAPI): routes parse, call a service and return a contract model."""

from __future__ import annotations

from fastapi import FastAPI

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


def install(app: FastAPI) -> None:
    """Mount the API's routes and its problem+json error handlers on ``app``."""
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
