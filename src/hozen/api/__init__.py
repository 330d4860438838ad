"""The REST API under /api/v1 (FastAPI): routes parse, call a service and return a contract model."""

from __future__ import annotations

from fastapi import FastAPI

from hozen.api import errors, responses
from hozen.api.routes import (
    applications,
    calculators,
    claim_assessments,
    claims,
    customers,
    debtors,
    documents,
    eligibility,
    frame_simulations,
    frames,
    guarantees,
    limit_changes,
    notifications,
    operations,
    payments,
    purchases,
    reports,
    review_requests,
    stress,
    transfers,
    webhooks,
)
from hozen.api.routes import auth as auth_routes


def install(app: FastAPI) -> None:
    """Mount the API's routes and its problem+json error handlers on ``app``."""
    errors.install(app)
    for calculator in (calculators, eligibility, claim_assessments, frame_simulations):
        app.include_router(calculator.router)
    auth_routes.install(app)
    for resource in (
        customers,
        debtors,
        limit_changes,
        review_requests,
        applications,
        payments,
        guarantees,
        purchases,
        frames,
        operations,
        notifications,
        reports,
        claims,
        documents,
        stress,
        transfers,
        webhooks,
    ):
        app.include_router(resource.router)
    responses.document_problems(app)
