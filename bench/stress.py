"""Each debtor failing alone over a large portfolio, against the bare SQL GROUP BY of the same sums.

    .venv/bin/python bench/stress.py [--sizes 10000,100000,1000000] [--debtors 20000] [--customers 5000] [--repeat 3]

For each size, seeds a SQLite file with SQL (live guarantees, a tenth of them frames, each with its
reservation), then times the whole "each debtor fails alone" run — reading the portfolio as columns from
the driver's cursor through the service, and the NumPy engine — beside a baseline: one bare SQL
``GROUP BY debtor, customer`` of the same reserved amounts (which does no rounding and no ranking).
Prints both times and the ratio per size; it is not a pass/fail test (the target is ≤ 5 s at 1,000,000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from sqlalchemy import create_engine

from hozen.domain.stress import StressTerms, each_debtor_fails
from hozen.services.stress import holdings
from hozen.store.db import Database
from hozen.store.models import Base

DAY = dt.date(2026, 12, 10)
TERMS = StressTerms(Fraction(1), Fraction(1, 10), Fraction(3, 4))
BASELINE = """
    SELECT g.debtor_id, g.customer_id, sum(r.amount) FROM guarantees g JOIN reservations r ON r.guarantee_id = g.id
    WHERE r.state = 'reserved' AND g.state IN ('awaiting_start', 'active')
      AND g.start_date <= :day AND g.end_date >= :day
    GROUP BY g.debtor_id, g.customer_id
"""


def seed(path: Path, guarantees: int, debtors: int, customers: int) -> None:
    """Live guarantees spread over the debtors and customers; the links the schema needs are not enforced here."""
    create_engine(f"sqlite:///{path}").dispose()
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {guarantees})
            INSERT INTO guarantees (id, application_id, review_line_id, customer_id, debtor_id, product, amount,
                start_date, end_date, state, version, gross_rate, subsidy_rate, days, gross_fee, subsidy, net_fee,
                created_at)
            SELECT i, i, i, 1 + (i * 7919) % {customers}, 1 + (i * 104729) % {debtors},
                CASE WHEN i % 10 = 0 THEN 'frame' ELSE 'note' END, 1000000 + (i * 37) % 500000000,
                '2026-09-01', '2027-03-31', 'active', 1, '4.5', '1.5', 212, 0, 0, 0, '2026-09-01 00:00:00'
            FROM n
            """
        )
        connection.execute(
            """
            INSERT INTO reservations (id, guarantee_id, debtor_id, customer_id, product, amount, state, created_at)
            SELECT id, id, debtor_id, customer_id, product, amount, 'reserved', created_at FROM guarantees
            """
        )


def timed(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size: int, debtors: int, customers: int, repeat: int) -> tuple[float, float, float]:
    """(seconds to seed, median seconds of the stress run, median seconds of the baseline) at ``size``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stress.sqlite3"
        started = time.perf_counter()
        seed(path, size, min(debtors, size), min(customers, size))
        seeded = time.perf_counter() - started
        database = Database(f"sqlite:///{path}")

        def engine_run() -> None:
            with database.unit_of_work(write=False) as uow:
                portfolio = holdings(uow.session, DAY)
            each_debtor_fails(portfolio.debtor_ids, portfolio.customer_ids, portfolio.kinds, portfolio.amounts, TERMS)

        def baseline_run() -> None:
            with sqlite3.connect(path) as connection:
                connection.execute(BASELINE, {"day": DAY.isoformat()}).fetchall()

        engine_run()  # warm-up (and the page cache), not counted
        stress_seconds, baseline_seconds = timed(engine_run, repeat), timed(baseline_run, repeat)
        database.dispose()
    return seeded, stress_seconds, baseline_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="live guarantees, comma-separated")
    parser.add_argument("--debtors", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'guarantees':>12} {'seed s':>8} {'stress s':>9} {'GROUP BY s':>11} {'ratio':>6}")
    for size in (int(part) for part in args.sizes.split(",")):
        seeded, stress_seconds, baseline_seconds = measure(size, args.debtors, args.customers, args.repeat)
        ratio = stress_seconds / baseline_seconds
        print(f"{size:>12,} {seeded:>8.1f} {stress_seconds:>9.3f} {baseline_seconds:>11.3f} {ratio:>5.2f}x", flush=True)
    print("stress: load from the driver's cursor + NumPy engine; GROUP BY: the bare SQL sum of the same rows")


if __name__ == "__main__":
    main()
