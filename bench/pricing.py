"""Bulk vs scalar pricing: the same random quotes priced both ways in one run.

    .venv/bin/python bench/pricing.py [--rows 1000000] [--scalar-rows 50000] [--repeat 3]

The bulk engine prices every row; the scalar engine (the exact reference, one Python call per row)
prices a fixed random subset whose per-row time is extrapolated to the whole batch. Both must
agree on the subset. Prints times, rows per second and the ratio; it is not a pass/fail test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from fractions import Fraction

import numpy as np

from hozen.domain.bulk_pricing import MILLI, price_batch
from hozen.domain.money import Rounding
from hozen.domain.policy import Method
from hozen.domain.pricing import PricingTerms, split_fee

RATIO, CAP = Fraction(1, 3), Fraction(3, 2)
TERMS = PricingTerms(Method.GROSS_MINUS_SUBSIDY, Rounding.DOWN, Rounding.DOWN)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scalar-rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    generator = np.random.default_rng(20261122)
    amounts = generator.integers(1_000_000, 600_000_000, args.rows, dtype=np.int64)
    rates = generator.integers(3_000, 15_001, args.rows, dtype=np.int64)
    days = generator.integers(14, 366, args.rows, dtype=np.int64)

    price_batch(amounts, rates, days, TERMS, RATIO, CAP)  # warm-up, not counted
    bulk_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        fees = price_batch(amounts, rates, days, TERMS, RATIO, CAP)
        bulk_times.append(time.perf_counter() - started)

    subset = generator.choice(args.rows, size=min(args.scalar_rows, args.rows), replace=False)
    scalar_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        scalar = [
            split_fee(
                int(amounts[i]),
                Fraction(int(rates[i]), MILLI),
                min(Fraction(int(rates[i]), MILLI) * RATIO, CAP),
                int(days[i]),
                TERMS,
            )
            for i in subset
        ]
        scalar_times.append(time.perf_counter() - started)
    mismatches = sum(
        (s.gross_fee, s.subsidy, s.net_fee) != (int(fees.gross_fee[i]), int(fees.subsidy[i]), int(fees.net_fee[i]))
        for s, i in zip(scalar, subset, strict=True)
    )

    bulk_seconds = statistics.median(bulk_times)
    scalar_per_row = statistics.median(scalar_times) / len(subset)
    scalar_seconds = scalar_per_row * args.rows
    print(f"rows: {args.rows:,} (scalar measured on {len(subset):,} and extrapolated), repeats: {args.repeat}")
    print(f"bulk   : {bulk_seconds:8.3f} s  {args.rows / bulk_seconds:14,.0f} rows/s")
    print(f"scalar : {scalar_seconds:8.3f} s  {1 / scalar_per_row:14,.0f} rows/s")
    print(f"ratio  : bulk is {scalar_seconds / bulk_seconds:,.0f}x the scalar engine")
    print(f"agreement on the subset: {len(subset) - mismatches:,}/{len(subset):,} rows identical")


if __name__ == "__main__":
    main()
