"""``hozen outbox run``: the worker that delivers notifications by e-mail and webhook."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from hozen.cli.common import Opt, console, settings, user_errors

app = typer.Typer(help="お知らせの送信（メール・Webhook） / the notification outbox", no_args_is_help=True)


@app.command("run")
def run(
    once: Annotated[bool, Opt("--once", help="送信待ちを一巡したら終了する / one pass, then exit")] = False,
) -> None:
    """送信待ちのお知らせを配信し続ける / deliver the outbox until interrupted (Ctrl+C)."""
    from hozen.services import outbox
    from hozen.store import admin
    from hozen.store.db import Database

    configured = settings()
    with user_errors():
        admin.require_current_schema(configured.database_url)
    database = Database(configured.database_url)
    worker = outbox.worker_name()
    try:
        if once:
            console.print(f"送信 {outbox.run_once(database, configured, worker)}件")
            return
        stop = threading.Event()
        try:
            outbox.run(database, configured, worker, stop)
        except KeyboardInterrupt:
            stop.set()
    finally:
        database.dispose()
