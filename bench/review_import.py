"""The review import — a receivable list in Excel (.xlsx) parsed, checked, stored and previewed —
against its floor, on PostgreSQL and SQLite, in the same run.

    .venv/bin/python -m bench.review_import [--sizes 1000,10000,100000] [--repeat 3]   (from the repository root)

For each size a list of note lines over 50 debtors is generated (fixed seed). Each measurement runs
in a fresh process on a freshly migrated database with one customer and the 50 debtors:

* **import**: :func:`hozen.services.imports.parse_receivable_lines` (the streaming parse and
  validation), :func:`hozen.services.reviews.submit_review_request` (eligibility findings, duplicate
  findings, the lines and the history row stored, committed) and
  :func:`hozen.services.review_preview.import_preview` (every line priced at 4.5 % by the bulk engine, each
  debtor's requested total against its headroom);
* **floor**: the same file read by openpyxl in read-only mode (values only) and the same number of
  rows inserted into ``review_lines`` by one bare executemany, in one transaction.

Prints the median times (and the measuring process's CPU time, which a busy machine inflates less),
their ratio and the import's peak resident memory (the process's ``ru_maxrss``, which includes the
interpreter and the imported modules). Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import multiprocessing
import os
import random
import resource
import statistics
import tempfile
import time
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import create_engine, insert, make_url, text
from tests.integration.scenario import TODAY, add_debtor, build

from hozen.services import imports, review_preview, reviews
from hozen.store import admin
from hozen.store.db import Database
from hozen.store.models import ReviewLine, ReviewRequest

SERVER = os.environ.get("HOZEN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
DEBTORS = 50
HEADINGS = ("種別", "債務者法人番号", "手形番号", "額面", "振出日", "支払期日")


def workbook(size: int, debtors: list[str]) -> bytes:
    """A list of ``size`` note lines over ``debtors``, as a customer would upload it."""
    chance = random.Random(size)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADINGS)
    for number in range(size):
        issued = TODAY - dt.timedelta(days=chance.randint(1, 60))
        due = TODAY + dt.timedelta(days=chance.randint(30, 150))
        amount = chance.randint(1, 500) * 100_000
        sheet.append(("約束手形", debtors[number % len(debtors)], f"N{number:07d}", amount, issued, due))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fresh(kind: str) -> tuple[str, Any]:
    """A migrated empty database: its URL and what drops it."""
    if kind == "sqlite":
        folder = tempfile.TemporaryDirectory()
        url = f"sqlite:///{folder.name}/bench.db"
        admin.upgrade(url)
        return url, folder.cleanup
    name = f"hozen_bench_import_{os.getpid()}"
    server = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    admin.upgrade(url)

    def drop() -> None:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()

    return url, drop


def _world(url: str) -> tuple[Database, Any, int, list[str]]:
    database = Database(url)
    world = build(database, net_assets=10**11)
    numbers = [world.debtor_number] + [add_debtor(database, net_assets=10**11)[1] for _ in range(DEBTORS - 1)]
    return database, world, world.customer_id, numbers


def _measure(kind: str, size: int, floor: bool, results: Any) -> None:
    """One measurement in this (fresh) process: seconds, lines stored, peak memory in MiB, and the
    process's own CPU seconds (on SQLite all the work; on PostgreSQL without the server's)."""
    url, drop = _fresh(kind)
    try:
        database, world, customer_id, numbers = _world(url)
        content = workbook(size, numbers)
        started, cpu = time.perf_counter(), time.process_time()
        if floor:
            rows = [list(row) for row in load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(
                min_row=2, values_only=True)]  # fmt: skip
            with database.unit_of_work() as uow:
                review = ReviewRequest(customer_id=customer_id, product="individual", policy="default",
                                       state="submitted", requested_on=TODAY)  # fmt: skip
                uow.session.add(review)
                uow.session.flush()
                uow.session.execute(
                    insert(ReviewLine.__table__),  # type: ignore[arg-type]
                    [{"review_request_id": review.id, "debtor_id": world.debtor_id, "kind": "note",
                      "reference": reference, "amount": amount, "issue_date": issued.date(), "due_date": due.date(),
                      "eligibility": "[]", "decision": "pending"}
                     for _, _, reference, amount, issued, due in rows],
                )  # fmt: skip
                uow.commit()
            stored = len(rows)
        else:
            lines = imports.parse_receivable_lines(content, "list.xlsx", max_rows=size)
            with database.unit_of_work() as uow:
                review = reviews.submit_review_request(
                    uow, world.customer_user, customer_id, lines, today=TODAY, policy_name="default"
                )
            with database.unit_of_work(write=False) as uow:
                preview = review_preview.import_preview(uow, world.customer_user, review.id, "4.5", today=TODAY)
            assert len(preview.fees) == size
            stored = len(preview.fees)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        database.dispose()
        results.put((elapsed, stored, peak, cpu))
    finally:
        drop()


def measure(kind: str, size: int, floor: bool) -> tuple[float, int, float, float]:
    context = multiprocessing.get_context("spawn")
    results = context.SimpleQueue()
    process = context.Process(target=_measure, args=(kind, size, floor, results))
    process.start()
    process.join()
    assert process.exitcode == 0, process.exitcode
    return results.get()  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    for size in (int(size) for size in arguments.sizes.split(",")):
        for kind in arguments.databases.split(","):
            runs = [measure(kind, size, floor=False) for _ in range(arguments.repeat)]
            floors = [measure(kind, size, floor=True) for _ in range(arguments.repeat)]
            took, base = statistics.median(r[0] for r in runs), statistics.median(f[0] for f in floors)
            cpu, base_cpu = statistics.median(r[3] for r in runs), statistics.median(f[3] for f in floors)
            print(
                f"{size:>7,} lines {kind:<10} | import {took:6.2f} s (CPU {cpu:5.2f} s), peak "
                f"{max(r[2] for r in runs):4.0f} MiB | floor (read-only parse + bare executemany) {base:6.2f} s "
                f"(CPU {base_cpu:5.2f} s) | ratio {took / base:4.1f}×",
                flush=True,
            )


if __name__ == "__main__":
    main()
