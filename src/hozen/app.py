"""The composition root: builds the FastAPI application and mounts the API and the pages.

The API (``hozen.api``) and the pages (``hozen.web``) do not know each other; this module wires
what they share: the settings, the database, the clock, and the reader of the pages' signed session, through
which the API also recognises a person logged in to the pages (their HTMX calls).
"""

from __future__ import annotations

from fastapi import FastAPI

from hozen import __doc__ as hozen_doc
from hozen import api, web
from hozen.clock import Clock, SystemClock
from hozen.config import Settings, get_settings
from hozen.store.db import Database


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Hozen API", description=hozen_doc, version="1", openapi_url="/openapi.json")
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.database = Database(settings.database_url, app.state.clock)
    api.install(app)
    web.install(app, settings)  # refuses to start without HOZEN_SECRET_KEY outside demo mode
    app.state.session_user_id = web.session_user_id
    return app
