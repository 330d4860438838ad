"""Sixteen clients work the whole day at once over HTTP against two worker processes: customers
submit lists and apply, underwriters review, approvers approve, operations record payments, and
everyone lists. Every answer is a success — no 5xx, no lost race — no deadlock reaches the server's
log (every path that touches limits takes its locks in one order), and the books add up."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.load.conftest import Server
from tests.load.workday import Ledger, make_cast, one_round

CLIENTS = 16
ROUNDS_PER_CLIENT = 6
DEADLINE_S = 60  # the test's bound: clients stop starting rounds after this, whatever they finished


def test_sixteen_clients_work_the_day_at_once(server: Server) -> None:
    cast = make_cast(server)
    deadline = time.monotonic() + DEADLINE_S

    def work(client_number: int) -> Counter[int]:
        ledger = Ledger()
        with server.client() as client:
            for round_number in range(ROUNDS_PER_CLIENT):
                if time.monotonic() > deadline:
                    break
                one_round(client, cast, client_number * ROUNDS_PER_CLIENT + round_number, ledger)
        return ledger.statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(work, range(CLIENTS)))
    statuses = sum(results, Counter())
    log = server.log_text()
    assert set(statuses) <= {200, 201}, (statuses, log[-4000:])
    assert statuses[201] >= CLIENTS  # every client finished at least one round
    assert "deadlock" not in log.lower() and "Traceback" not in log
    assert server.violations() == []
