"""``kill -9`` of the server while sixteen clients work: after a restart every write the server had
acknowledged is there, and ``hozen db check`` finds the books whole — a transaction is either
committed with everything it wrote or not at all."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from hozen.store.db import Database
from tests.load.conftest import kill_server, start_server, stop_server
from tests.load.workday import Ledger, make_cast, one_round

CLIENTS = 16
ROUNDS_PER_CLIENT = 8
KILL_AFTER_ACKNOWLEDGED = 40  # writes acknowledged before the kill, so that the crash meets work in flight


def test_a_killed_server_loses_no_acknowledged_write(load_database: Database, tmp_path: Path) -> None:
    first = start_server(load_database, tmp_path / "first.log")
    cast = make_cast(first)
    ledgers = [Ledger() for _ in range(CLIENTS)]
    killed = threading.Event()

    def work(client_number: int) -> None:
        with first.client() as client:
            for round_number in range(ROUNDS_PER_CLIENT):
                try:
                    one_round(client, cast, client_number * ROUNDS_PER_CLIENT + round_number, ledgers[client_number])
                except httpx.TransportError:
                    assert killed.is_set()  # only the kill may cut a connection
                    return

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(work, n) for n in range(CLIENTS)]
        while sum(len(ledger.acknowledged) for ledger in ledgers) < KILL_AFTER_ACKNOWLEDGED:
            if all(future.done() for future in futures):  # the clients' rounds are bounded: so is this wait
                break
            time.sleep(0.05)
        killed.set()
        kill_server(first)
        for future in futures:
            future.result()  # a refused call (4xx/5xx) before the kill fails the test here

    acknowledged = [entry for ledger in ledgers for entry in ledger.acknowledged]
    assert len(acknowledged) >= CLIENTS  # the crash met real work
    statuses = {status for ledger in ledgers for status in ledger.statuses}
    assert statuses <= {200, 201}

    second = start_server(load_database, tmp_path / "second.log")
    try:
        assert second.violations() == []
        with second.client(headers=cast.operations) as client:
            missing = [
                (kind, id_) for kind, id_ in acknowledged if client.get(f"/api/v1/{kind}/{id_}").status_code != 200
            ]
        assert missing == []
    finally:
        stop_server(second)
