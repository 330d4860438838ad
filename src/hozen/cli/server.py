"""``hozen serve`` and ``hozen demo``: the web pages and the API, on the configured or a demonstration database."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

from rich.table import Table

from hozen.cli.common import Opt, console, settings, user_errors
from hozen.config import Settings


def serve(
    host: Annotated[str | None, Opt(help="listen address")] = None,
    port: Annotated[int | None, Opt(help="listen port")] = None,
    workers: Annotated[int, Opt(min=1, help="server processes, each building the application from the settings")] = 1,
    access_log: Annotated[bool, Opt("--access-log/--no-access-log", help="a log line per request")] = True,
) -> None:
    """Web画面とAPIを起動する / start the web pages and the API."""
    import uvicorn

    from hozen.app import NoDelayH11Protocol, create_app
    from hozen.store import admin

    configured = settings()
    with user_errors():
        create_app(configured).state.database.dispose()  # refuses without HOZEN_SECRET_KEY outside demo mode
        admin.upgrade(configured.database_url)  # create / migrate the schema before serving (SPEC §14.6)
    stop = _start_outbox_worker(configured) if configured.outbox_worker else None
    try:
        uvicorn.run(
            "hozen.app:create_server_app",
            factory=True,
            host=host or configured.host,
            port=port or configured.port,
            workers=workers,
            http=NoDelayH11Protocol,  # kept-alive connections answer at once, whatever the worker count
            access_log=access_log,
        )
    finally:
        if stop is not None:
            stop.set()


def _start_outbox_worker(configured: Settings) -> threading.Event:
    """The outbox worker in a daemon thread of the server (HOZEN_OUTBOX_WORKER=false turns it off,
    e.g. when ``hozen outbox run`` runs as its own service); the event stops it."""
    from hozen.services import outbox
    from hozen.store.db import Database

    stop = threading.Event()
    database = Database(configured.database_url)
    thread = threading.Thread(
        target=outbox.run, args=(database, configured, outbox.worker_name(), stop), name="outbox", daemon=True
    )
    thread.start()
    return stop


def demo(
    database: Annotated[Path, Opt(help="SQLite file of the demonstration")] = Path("var/demo.sqlite3"),
    reset: Annotated[bool, Opt("--reset", help="start again from fresh demonstration data")] = False,
    host: Annotated[str | None, Opt(help="listen address (default HOZEN_HOST, else 127.0.0.1)")] = None,
    port: Annotated[int | None, Opt(help="listen port (default HOZEN_PORT, else 8000)")] = None,
    seed_only: Annotated[bool, Opt("--seed-only", help="prepare the data, do not start the server")] = False,
) -> None:
    """デモデータ入りで起動する / start Hozen on a SQLite file with demonstration data and print the logins."""
    import uvicorn

    from hozen.app import create_app
    from hozen.services.demo import DEMO_PASSWORD, demo_logins, seed
    from hozen.store import admin
    from hozen.store.db import Database

    configured = settings()
    host, port = host or configured.host, port or configured.port
    url = f"sqlite:///{database}"
    fresh = reset or not database.exists()
    with user_errors():
        if fresh:
            database.unlink(missing_ok=True)
            admin.upgrade(url)
            store = Database(url)
            try:
                logins = seed(store)
            finally:
                store.dispose()
        else:
            admin.upgrade(url)
            logins = demo_logins()
    table = Table(title=f"保全 Hozen デモ — http://{host}:{port}/  （パスワードは全員 {DEMO_PASSWORD}）")
    for column in ("ログインID", "役割", "名前"):
        table.add_column(column)
    for login in logins:
        table.add_row(login.login, login.role.label, login.name)
    console.print(table)
    console.print(f"データ: {database}（--reset で作り直し）  API: http://{host}:{port}/docs")
    if seed_only:
        return
    uvicorn.run(create_app(Settings(database_url=url, demo=True)), host=host, port=port)
