"""Stress tests (SPEC §19): what the company loses when debtors fail (trigger ``LEGAL_PROCEEDING``) on a date.

An :class:`Exposure` is one live holding on a failing debtor on that date: an individual guarantee
(it pays its guaranteed amount × the unpaid share), a frame guarantee (it pays its live limit) or a
purchased note not yet due (lost at face). A discounted note is a guaranteed note: the discount is set
off against the guarantee's payout, so the loss is that payout, counted once.

Losses are computed per pair (failing debtor, customer) — the unit of a claim — with one named
rounding step per component, always down:

* individual payout = ⌊amount × unpaid share⌋, per guarantee (a frame and a note pay in full);
* recoveries = ⌊payouts × recovery ratio⌋ (the policy's assumption);
* compensation = ⌊(payouts − recoveries) × the programme's loss-compensation ratio⌋;
* net loss = payouts − recoveries − compensation, exact.

A scenario's figures by customer, by debtor and in total are sums of pairs, so "each debtor fails
alone" gives every debtor exactly the figures of its own one-debtor scenario. :func:`each_debtor_fails`
computes that for the whole portfolio at once with exact NumPy int64 group sums; :func:`each_debtor_fails_one_by_one`
is its plain-Python twin.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from hozen.domain.codes import LossKind, PricingCode, RiskCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Yen

Int64Array = npt.NDArray[np.int64]
INT64_MAX = 2**63 - 1
SHARE_DECIMALS = 3
KIND_NUMBERS = {kind: number for number, kind in enumerate(LossKind)}  # the engine's kind column


def parse_share(value: object, *, field: str = "unpaid_share") -> Fraction:
    """A share in (0, 1] with at most three decimals (``"0.5"``), exactly; floats are refused."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            decimal = Decimal(str(value).strip())
        except InvalidOperation:
            decimal = Decimal("NaN")
        exponent = decimal.as_tuple().exponent if decimal.is_finite() else 0
        if decimal.is_finite() and isinstance(exponent, int) and exponent >= -SHARE_DECIMALS and 0 < decimal <= 1:
            return Fraction(decimal)
    raise DomainError(RiskCode.INVALID_SHARE, {"field": field})


@dataclass(frozen=True, slots=True)
class StressTerms:
    unpaid_share: Fraction = Fraction(1)  # of each individual guarantee's amount
    recovery_ratio: Fraction = Fraction(0)  # policy
    compensation_ratio: Fraction = Fraction(0)  # programme


@dataclass(frozen=True, slots=True)
class Exposure:
    debtor_id: int
    customer_id: int
    kind: LossKind
    amount: Yen


@dataclass(frozen=True, slots=True)
class Loss:
    """Payouts by kind, recoveries, compensation and net loss of one pair, or a sum of pairs."""

    individual: Yen = 0
    frame: Yen = 0
    purchase: Yen = 0
    recoveries: Yen = 0
    compensation: Yen = 0

    @property
    def payouts(self) -> Yen:
        return self.individual + self.frame + self.purchase

    @property
    def net_loss(self) -> Yen:
        return self.payouts - self.recoveries - self.compensation

    def __add__(self, other: Loss) -> Loss:
        return Loss(
            self.individual + other.individual,
            self.frame + other.frame,
            self.purchase + other.purchase,
            self.recoveries + other.recoveries,
            self.compensation + other.compensation,
        )


def payout(exposure: Exposure, terms: StressTerms) -> Yen:
    """What one holding pays: an individual guarantee its unpaid share (rounded down), the rest in full."""
    if exposure.kind is LossKind.INDIVIDUAL:
        share = terms.unpaid_share
        return exposure.amount * share.numerator // share.denominator
    return exposure.amount


def pair_loss(exposures: Iterable[Exposure], terms: StressTerms) -> Loss:
    """The loss of one (debtor, customer) pair."""
    by_kind: dict[LossKind, Yen] = defaultdict(int)
    for exposure in exposures:
        by_kind[exposure.kind] += payout(exposure, terms)
    paid = sum(by_kind.values())
    recovered = paid * terms.recovery_ratio.numerator // terms.recovery_ratio.denominator
    ratio = terms.compensation_ratio
    compensated = (paid - recovered) * ratio.numerator // ratio.denominator
    return Loss(
        by_kind[LossKind.INDIVIDUAL], by_kind[LossKind.FRAME], by_kind[LossKind.PURCHASE], recovered, compensated
    )


@dataclass(frozen=True, slots=True)
class StressResult:
    """One scenario: its losses by customer, by failing debtor and in total (ids in ascending order)."""

    by_customer: dict[int, Loss]
    by_debtor: dict[int, Loss]
    total: Loss


def _pairs(exposures: Iterable[Exposure]) -> dict[tuple[int, int], list[Exposure]]:
    pairs: dict[tuple[int, int], list[Exposure]] = defaultdict(list)
    for exposure in exposures:
        pairs[exposure.debtor_id, exposure.customer_id].append(exposure)
    return pairs


def _summed(losses: Mapping[int, Loss]) -> dict[int, Loss]:
    return {key: losses[key] for key in sorted(losses)}


def stress(exposures: Iterable[Exposure], failing: Iterable[int], terms: StressTerms) -> StressResult:
    """The debtors ``failing`` all fail at once; ``exposures`` are the live holdings on the date."""
    failed = set(failing)
    by_customer: dict[int, Loss] = defaultdict(Loss)
    by_debtor: dict[int, Loss] = {debtor: Loss() for debtor in failed}
    for (debtor, customer), held in _pairs(e for e in exposures if e.debtor_id in failed).items():
        loss = pair_loss(held, terms)
        by_customer[customer] += loss
        by_debtor[debtor] += loss
    return StressResult(_summed(by_customer), _summed(by_debtor), sum(by_debtor.values(), Loss()))


@dataclass(frozen=True, slots=True)
class RankedLosses:
    """Each debtor failing alone, largest net loss first (ties: the lower debtor id first)."""

    debtor_id: Int64Array
    individual: Int64Array
    frame: Int64Array
    purchase: Int64Array
    recoveries: Int64Array
    compensation: Int64Array

    @property
    def net_loss(self) -> Int64Array:
        return self.individual + self.frame + self.purchase - self.recoveries - self.compensation

    def rows(self) -> list[tuple[int, Loss]]:
        """As (debtor id, loss) in rank order."""
        columns = (self.individual, self.frame, self.purchase, self.recoveries, self.compensation)
        return [
            (int(debtor), Loss(*(int(value) for value in values)))
            for debtor, *values in zip(self.debtor_id, *columns, strict=True)
        ]


def _floor_times(values: Int64Array, ratio: Fraction) -> Int64Array:
    return values * ratio.numerator // ratio.denominator


def _group_sums(keys: Int64Array, values: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Sum ``values`` by ``keys`` (sorted ascending); exact integer sums."""
    if keys.size == 0:
        return keys, values
    starts = np.concatenate(([0], np.flatnonzero(np.diff(keys)) + 1))
    return keys[starts], np.add.reduceat(values, starts)


def each_debtor_fails(
    debtor_ids: Int64Array, customer_ids: Int64Array, kinds: Int64Array, amounts: Int64Array, terms: StressTerms
) -> RankedLosses:
    """Every debtor failing alone, over the whole portfolio at once (one row per holding; ``kinds`` are
    :data:`KIND_NUMBERS`). Row for row the same arithmetic as :func:`stress`; a batch whose sums could
    overflow int64 is refused with ``BULK_OUT_OF_BOUNDS``."""
    debtor_ids, customer_ids, kinds, amounts = (
        np.asarray(a, dtype=np.int64) for a in (debtor_ids, customer_ids, kinds, amounts)
    )
    if not debtor_ids.shape == customer_ids.shape == kinds.shape == amounts.shape:
        raise ValueError("debtor_ids, customer_ids, kinds and amounts must have the same length")
    largest_factor = max(
        terms.unpaid_share.numerator, terms.recovery_ratio.numerator, terms.compensation_ratio.numerator, 1
    )
    if amounts.size and (int(amounts.min()) < 0 or int(amounts.max()) * amounts.size * largest_factor > INT64_MAX):
        raise DomainError(PricingCode.BULK_OUT_OF_BOUNDS)
    if customer_ids.size and (int(customer_ids.min()) < 0 or int(customer_ids.max()) >= 2**31):
        raise ValueError("customer ids lie in 0 … 2³¹ − 1")
    individual = kinds == KIND_NUMBERS[LossKind.INDIVIDUAL]
    paid = np.where(individual, _floor_times(amounts, terms.unpaid_share), amounts)
    pair_keys = (debtor_ids << 31) | customer_ids
    order = np.argsort(pair_keys, kind="stable")
    pair_keys, paid, kinds = pair_keys[order], paid[order], kinds[order]
    pairs, pair_paid = _group_sums(pair_keys, paid)
    pair_recovered = _floor_times(pair_paid, terms.recovery_ratio)
    pair_compensated = _floor_times(pair_paid - pair_recovered, terms.compensation_ratio)
    debtor_keys = pairs >> 31
    debtors, recoveries = _group_sums(debtor_keys, pair_recovered)
    _, compensation = _group_sums(debtor_keys, pair_compensated)
    individual_paid, frame_paid, purchase_paid = (
        _group_sums(debtor_keys, _group_sums(pair_keys, np.where(kinds == KIND_NUMBERS[kind], paid, 0))[1])[1]
        for kind in (LossKind.INDIVIDUAL, LossKind.FRAME, LossKind.PURCHASE)
    )
    columns = (debtors, individual_paid, frame_paid, purchase_paid, recoveries, compensation)
    rank = np.lexsort((debtors, -RankedLosses(*columns).net_loss))
    return RankedLosses(*(column[rank] for column in columns))


def each_debtor_fails_one_by_one(exposures: Iterable[Exposure], terms: StressTerms) -> list[tuple[int, Loss]]:
    """The scalar reference of :func:`each_debtor_fails`: one :func:`stress` per debtor, ranked the same way."""
    held = list(exposures)
    losses = [(debtor, stress(held, [debtor], terms).total) for debtor in sorted({e.debtor_id for e in held})]
    return sorted(losses, key=lambda row: (-row[1].net_loss, row[0]))
