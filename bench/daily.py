"""The nightly run against a bare SQL UPDATE of the same state changes, from 10,000 to 1,000,000 live
guarantees, on PostgreSQL.

    .venv/bin/python bench/daily.py [--sizes 10000,100000,1000000] [--due 4000] [--repeat 3] [--first-night]

For each size a fresh database is migrated and seeded with SQL: live guarantees spread over a year
of due dates (active, some within their claim period), of which ``--due`` change today — half take
effect, half mature (their payment is assumed). The notices yesterday's run raised are there (the run
is made for yesterday, untimed), so today's run raises what enters its windows today, as every night
but the first; ``--first-night`` leaves them out and measures the run that raises them all at once.
The baseline is the bare SQL of the same changes (the guarantees' states and the reservations
released), run in a transaction that is rolled back; then ``run_daily`` does the real work, alerts
included — the process having set its long-lived objects aside from the garbage collector first, as
``hozen daily`` does — and the data are put back for the next repeat (the notices it raised deleted). Prints a
table of medians and the ratio; it is not a pass/fail test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Connection

from hozen.app import set_aside_what_lives_on
from hozen.domain.guarantees import latest_due_assumed_paid
from hozen.policies import load_policy
from hozen.services import alerts
from hozen.services.guarantees import run_daily
from hozen.store import admin
from hozen.store.db import Database

SERVER = os.environ.get("HOZEN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
TODAY = dt.date(2026, 12, 4)
GUARANTEES_PER_APPLICATION = 10
MATURES_TODAY = latest_due_assumed_paid(TODAY, load_policy("north"))  # the due date whose payment is assumed today


def create_database(name: str) -> str:
    server = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    server = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def seed(connection: Connection, live: int, due: int) -> None:
    """``live`` guarantees (ids 1..live): the first ``due // 2`` take effect today, the next
    ``due // 2`` mature today; the rest are active and due within the coming year or in their claim
    period (never today)."""
    applications = -(-live // GUARANTEES_PER_APPLICATION)
    activating, maturing = due // 2, due // 2
    params = {
        "live": live,
        "applications": applications,
        "per": GUARANTEES_PER_APPLICATION,
        "today": TODAY,
        "activating": activating,
        "maturing": maturing,
        "matures_today": MATURES_TODAY,
    }
    statements = [
        "INSERT INTO customers (id, name, corporate_number, licence_number, capital, employees, direct, version, "
        "created_at) VALUES (1, 'bench', '1000000000001', 'L-1', 10000000, 10, true, 1, now())",
        "INSERT INTO debtors (id, name, corporate_number, net_assets, trading_suspended, dishonoured, unsound, "
        "version, created_at) SELECT d, 'debtor ' || d, lpad(d::text, 13, '0'), 10000000000, false, false, false, "
        "1, now() FROM generate_series(1, 100) d",
        "INSERT INTO review_requests (id, customer_id, product, policy, state, requested_on, approved_on, version, "
        "created_at) SELECT r, 1, 'guarantee', 'north', 'applied', DATE '2026-01-05', DATE '2026-01-06', 1, now() "
        "FROM generate_series(1, :applications) r",
        "INSERT INTO applications (id, review_request_id, customer_id, debtor_id, state, received_on, start_date, "
        "amount, office_fee, hold_reasons, version, created_at) SELECT a, a, 1, 1 + a % 100, 'paid', "
        "DATE '2026-01-06', DATE '2026-01-07', 0, 0, '', 1, now() FROM generate_series(1, :applications) a",
        "INSERT INTO review_lines (id, review_request_id, debtor_id, kind, reference, amount, issue_date, due_date, "
        "notified, endorsed, bill_of_exchange, transferred, has_contract, has_amount_document, eligibility, "
        "decision, decline_reason, guaranteed_amount, application_id) SELECT g, 1 + (g - 1) / :per, "
        "1 + ((g - 1) / :per) % 100, 'note', 'N-' || g, 1000000, DATE '2026-01-05', DATE '2027-01-05', false, "
        "false, false, false, true, true, '[]', 'approved', '', 1000000, 1 + (g - 1) / :per "
        "FROM generate_series(1, :live) g",
        # due dates: activating ones later this year, maturing ones exactly a grace period ago, the rest
        # spread over the claim period behind today and the year ahead (never maturing today)
        "INSERT INTO guarantees (id, application_id, review_line_id, customer_id, debtor_id, product, amount, "
        "start_date, end_date, effect_date, state, version, gross_rate, subsidy_rate, days, gross_fee, subsidy, "
        "net_fee, created_at, certificate_number, certificate_issued_on) "
        "SELECT g, 1 + (g - 1) / :per, g, 1, 1 + ((g - 1) / :per) % 100, 'guarantee', 1000000, "
        "CAST(:today AS date) - 30, e, CAST(:today AS date) - CASE WHEN g <= :activating THEN 0 ELSE 30 END, "
        "CASE WHEN g <= :activating THEN 'awaiting_start' ELSE 'active' END, 1, '4.500', '1.500', 60, 7397, 2465, "
        "4932, now(), "
        "CASE WHEN g > :activating THEN 'HZ-2026-' || lpad(g::text, greatest(6, length(g::text)), '0') END, "
        "CASE WHEN g > :activating THEN CAST(:today AS date) - 30 END "
        "FROM (SELECT g, CASE WHEN g <= :activating THEN CAST(:today AS date) + 90 "
        "WHEN g <= :activating + :maturing THEN CAST(:matures_today AS date) "
        "ELSE CAST(:matures_today AS date) + 1 + (g % 395) END AS e FROM generate_series(1, :live) g) s",
        "INSERT INTO reservations (guarantee_id, debtor_id, customer_id, product, amount, state, created_at) "
        "SELECT id, debtor_id, 1, 'guarantee', amount, 'reserved', now() FROM guarantees",
    ]
    for statement in statements:
        connection.execute(text(statement), params)
    for table in ("customers", "debtors", "review_requests", "applications", "review_lines", "guarantees"):
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        )


def bare_sql(connection: Connection, due: int) -> float:
    """The same state changes as plain UPDATEs through the same indexes, rolled back."""
    started = time.perf_counter()
    with connection.begin() as transaction:
        connection.execute(
            text(
                "UPDATE guarantees SET state = 'active', certificate_issued_on = effect_date, version = version + 1 "
                "WHERE state = 'awaiting_start' AND effect_date <= :today"
            ),
            {"today": TODAY},
        )
        connection.execute(
            text(
                "WITH ended AS (UPDATE guarantees SET state = 'ended', ended_on = end_date, version = version + 1 "
                "WHERE state = 'active' AND end_date <= :cutoff RETURNING id) "
                "UPDATE reservations SET state = 'released', released_at = now() "
                "WHERE guarantee_id IN (SELECT id FROM ended) AND state = 'reserved'"
            ),
            {"cutoff": MATURES_TODAY},
        )
        elapsed = time.perf_counter() - started
        transaction.rollback()
    return elapsed


def put_back(connection: Connection, due: int, notified: int) -> None:
    """Undo a daily run so the next repeat sees the same data: ``notified`` is the last notification
    before it."""
    with connection.begin():
        for statement in (
            "DELETE FROM outbox_deliveries WHERE event_id IN "
            "(SELECT id FROM outbox_events WHERE notification_id > :notified)",
            "DELETE FROM outbox_events WHERE notification_id > :notified",
            "DELETE FROM notifications WHERE id > :notified",
            "UPDATE notifications SET resolved_at = NULL WHERE resolved_at IS NOT NULL",
        ):
            connection.execute(text(statement), {"notified": notified})
        connection.execute(
            text(
                "UPDATE guarantees SET state = 'awaiting_start', certificate_number = NULL, "
                "certificate_issued_on = NULL, version = 1 WHERE id <= :half"
            ),
            {"half": due // 2},
        )
        connection.execute(
            text(
                "UPDATE guarantees SET state = 'active', ended_on = NULL, version = 1 WHERE id > :half AND id <= :due"
            ),
            {"half": due // 2, "due": due},
        )
        connection.execute(
            text("UPDATE reservations SET state = 'reserved', released_at = NULL WHERE guarantee_id <= :due"),
            {"due": due},
        )
        connection.execute(text("DELETE FROM state_history"))
    connection.execute(text("COMMIT"))
    connection.execute(text("VACUUM ANALYZE guarantees"))
    connection.execute(text("VACUUM ANALYZE reservations"))
    connection.execute(text("VACUUM ANALYZE notifications"))


def measure(live: int, due: int, repeat: int, first_night: bool) -> tuple[float, float, int, int, int]:
    name = f"hozen_bench_daily_{os.getpid()}"
    url = create_database(name)
    try:
        admin.upgrade(url)
        engine = create_engine(url)
        with engine.begin() as connection:
            seed(connection, live, due)
        database = Database(url)
        if not first_night:
            with database.unit_of_work() as uow:
                alerts.raise_alerts(uow, TODAY - dt.timedelta(days=1))
                uow.commit()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
            notified = connection.scalar(text("SELECT coalesce(max(id), 0) FROM notifications"))
        set_aside_what_lives_on()  # as the `hozen daily` command does before its run
        baselines, runs = [], []
        activated = matured = raised = 0
        for _ in range(repeat):
            with engine.connect() as connection:
                baselines.append(bare_sql(connection, due))
            started = time.perf_counter()
            with database.unit_of_work() as uow:
                report = run_daily(uow, None, today=TODAY)
            runs.append(time.perf_counter() - started)
            activated, matured, raised = len(report.activated), len(report.matured), len(report.alerts)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                put_back(connection, due, notified)
        database.dispose()
        engine.dispose()
        return statistics.median(runs), statistics.median(baselines), activated, matured, raised
    finally:
        drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--due", type=int, default=4_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--first-night", action="store_true", help="no notices raised before: all at once")
    arguments = parser.parse_args()
    night = "first night, no notices before" if arguments.first_night else "yesterday's notices raised"
    print(f"nightly run, {arguments.due:,} changing, {night}, median of {arguments.repeat} (PostgreSQL)")
    print(
        f"{'live guarantees':>16} | {'hozen daily':>11} | {'bare SQL':>9} | {'ratio':>6} | activated | matured | "
        "notices"
    )
    for size in (int(part) for part in arguments.sizes.split(",")):
        daily, bare, activated, matured, raised = measure(size, arguments.due, arguments.repeat, arguments.first_night)
        print(
            f"{size:>16,} | {daily:>9.3f} s | {bare:>7.3f} s | {daily / bare:>5.1f}× | {activated:>9,} | "
            f"{matured:>7,} | {raised:>7,}",
            flush=True,
        )


if __name__ == "__main__":
    main()
