"""The FastAPI application: the REST API under /api/v1 and the web pages."""

from __future__ import annotations

from fastapi import FastAPI

from hozen import __doc__ as hozen_doc
from hozen.api import errors
from hozen.api.routes import calculators
from hozen.config import Settings, get_settings
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
    errors.install(app)
    app.include_router(calculators.router)
    web_routes.install(app)
    return app
