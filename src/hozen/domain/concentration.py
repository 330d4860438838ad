"""Concentration (SPEC §19): how the exposure spreads over debtors, groups, prefectures and trades.

Exposure is the live reserved amount (SPEC §5), the figure the exposure report and the limits use.
For one dimension the exposure is summed by key (a debtor, a corporate group — a debtor without a
group is its own group —, a prefecture, a trade) and then:

* a key's share = its exposure / the total, exact;
* the top-N share = the N largest shares summed (ties on the same exposure give the same sum, whichever
  of the tied keys is listed first; the list shows them by key);
* the Herfindahl–Hirschman index = Σ (share in percent)² = 10,000 × Σ exposure² / total², exact, from
  0 (no exposure, or spread thin) to 10,000 (everything on one key).

Everything stays an exact :class:`~fractions.Fraction` until :func:`percent_text` / :func:`index_points`,
the named rounding steps of what people read (half up, to two decimals of a percent and to whole points).
An empty portfolio has total 0, no rows, HHI 0 and top-N share 0: the report says "no exposure".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Generic, TypeVar

from hozen.domain.money import Yen

K = TypeVar("K", int, str)
PERCENT_PLACES = 2
"""Shares and utilisation are shown in percent with two decimals, rounded half up."""
HHI_MAX = 10_000


def _half_up(value: Fraction) -> int:
    """The one rounding step of this module: to the nearest integer, halves away from zero (values ≥ 0)."""
    return int((value + Fraction(1, 2)) // 1)


def percent_text(ratio: Fraction) -> str:
    """A ratio (0.3725) as a percentage with :data:`PERCENT_PLACES` decimals, rounded half up ("37.25")."""
    scaled = _half_up(ratio * 100 * 10**PERCENT_PLACES)
    return f"{Decimal(scaled).scaleb(-PERCENT_PLACES):f}"


def index_points(hhi: Fraction) -> int:
    """The HHI in whole points, rounded half up (3,204.5 → 3,205)."""
    return _half_up(hhi)


@dataclass(frozen=True, slots=True)
class Share(Generic[K]):
    key: K
    exposure: Yen
    share: Fraction  # of the dimension's total, 0 … 1


@dataclass(frozen=True, slots=True)
class Concentration(Generic[K]):
    """One dimension: every key with exposure, largest first (ties: by key), and the summary figures."""

    total: Yen
    rows: tuple[Share[K], ...]
    top_n: int
    top_share: Fraction
    hhi: Fraction

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def top(self) -> tuple[Share[K], ...]:
        return self.rows[: self.top_n]


def concentration(exposures: Mapping[K, Yen], top_n: int) -> Concentration[K]:
    """The concentration of ``exposures`` (key → exposure in yen); keys with no exposure are left out."""
    if top_n < 1:
        raise ValueError("top_n is at least 1")
    if any(amount < 0 for amount in exposures.values()):
        raise ValueError("exposure is never negative")
    held = sorted(((key, amount) for key, amount in exposures.items() if amount > 0), key=lambda kv: (-kv[1], kv[0]))
    total = sum(amount for _, amount in held)
    if total == 0:
        return Concentration(0, (), top_n, Fraction(0), Fraction(0))
    rows = tuple(Share(key, amount, Fraction(amount, total)) for key, amount in held)
    top_share = Fraction(sum(amount for _, amount in held[:top_n]), total)
    hhi = Fraction(HHI_MAX * sum(amount * amount for _, amount in held), total * total)
    return Concentration(total, rows, top_n, top_share, hhi)


def utilisation(exposure: Yen, limit: Yen) -> Fraction | None:
    """Exposure / limit, exact; None for a limit of 0 (nothing may be held, any exposure is a breach)."""
    return Fraction(exposure, limit) if limit > 0 else None
