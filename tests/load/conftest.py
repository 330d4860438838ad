"""Load tests: real servers (``hozen serve``, several worker processes) on a fresh PostgreSQL database,
driven over HTTP by many clients at once. Each test is bounded in requests and in time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from hozen.domain.roles import Actor, Role
from hozen.policies import load_policy
from hozen.services import invariants, portfolio
from hozen.store import admin
from hozen.store.db import Database
from tests.conftest import PostgresServer
from tests.integration.scenario import TODAY
from tests.support import TEST_SECRET_KEY

pytestmark = pytest.mark.postgres
WORKERS = 2
START_TIMEOUT_S = 120  # a guard against a server that never comes up, not a timing assertion


@dataclass
class Server:
    url: str
    database: Database
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120, **options)  # type: ignore[arg-type]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def violations(self) -> list[str]:
        """What ``hozen db check`` finds wrong with the books the server left (none, when all is well)."""
        with self.database.unit_of_work(write=False) as uow:
            today = portfolio.today(uow, TODAY)
            findings = invariants.check(uow, Actor(0, Role.ADMIN), load_policy("default"), today)
            return [finding.code.message_en(finding.context()) for finding in findings]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def load_database(postgres_server: PostgresServer) -> Iterator[Database]:
    """A fresh, migrated PostgreSQL database of its own."""
    url = postgres_server.create("hozen_load")
    admin.upgrade(url)
    database = Database(url)
    try:
        yield database
    finally:
        database.dispose()
        postgres_server.drop(url)


def start_server(database: Database, log: Path, workers: int = WORKERS) -> Server:
    port = _free_port()
    env = {
        **os.environ,
        "HOZEN_DATABASE_URL": database.url,
        "HOZEN_SECRET_KEY": TEST_SECRET_KEY,
        "HOZEN_DEMO": "false",
        # these tests prove what many clients at once do to the books, on a machine of any speed:
        # a request may queue for a connection as long as it takes (503 under saturation is
        # tested in tests/e2e/test_saturation.py, throughput in bench/)
        "HOZEN_DATABASE_POOL_TIMEOUT": "30",
        "HOZEN_OUTBOX_WORKER": "false",  # the tests look at the books, not at deliveries
    }
    command = [
        str(Path(sys.executable).parent / "hozen"), "serve",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-access-log",
    ]  # fmt: skip
    with log.open("ab") as sink:
        # a session of its own, so that a test can kill the server and its workers at once
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            if httpx.get(f"{url}/openapi.json", timeout=5).status_code == 200:
                return Server(url, database, process, log)
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the Hozen server did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


def kill_server(server: Server) -> None:
    """``kill -9`` of the server and every worker process: no shutdown, no cleanup."""
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def server(load_database: Database, tmp_path: Path) -> Iterator[Server]:
    running = start_server(load_database, tmp_path / "server.log")
    try:
        yield running
    finally:
        stop_server(running)
