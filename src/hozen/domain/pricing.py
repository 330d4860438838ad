"""Fee pricing for every product (SPEC §2, §6, §14.1).

The scalar engine here is the reference: exact fractions, one rounding step per component.
:mod:`hozen.domain.bulk_pricing` must agree with it to the yen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from hozen.domain.codes import PricingCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding, Yen, days_inclusive, fee, format_rate, round_yen
from hozen.domain.policy import FrameChange, Method, Policy, Product
from hozen.domain.programme import ProgrammeHistory, ProgrammeRules

AFTER_PROGRAMME_END = PricingCode.AFTER_PROGRAMME_END


@dataclass(frozen=True, slots=True)
class PricingTerms:
    """How fees are computed and rounded: the policy's values after any per-quote override."""

    method: Method
    fee_rounding: Rounding
    subsidy_rounding: Rounding
    subsidised: bool = True

    @classmethod
    def of(
        cls,
        policy: Policy,
        *,
        method: Method | None = None,
        fee_rounding: Rounding | None = None,
        subsidy_rounding: Rounding | None = None,
        subsidised: bool = True,
    ) -> PricingTerms:
        return cls(
            method or policy.method,
            fee_rounding or policy.fee_rounding,
            subsidy_rounding or policy.subsidy_rounding,
            subsidised,
        )


@dataclass(frozen=True, slots=True)
class FeeSplit:
    """One fee divided between the customer and the state: net_fee + subsidy = gross_fee."""

    gross_fee: Yen
    subsidy: Yen
    net_fee: Yen


def split_fee(amount: Yen, gross_rate: Fraction, subsidy_rate: Fraction, days: int, terms: PricingTerms) -> FeeSplit:
    """The gross fee and its split under the terms' method (SPEC §6)."""
    gross_fee = fee(amount, gross_rate, days, terms.fee_rounding)
    if not terms.subsidised:
        return FeeSplit(gross_fee, 0, gross_fee)
    if terms.method is Method.GROSS_MINUS_SUBSIDY:
        # rounded separately, the subsidy could exceed a tiny gross fee (subsidy rounded up, fee down);
        # the state never pays more than the fee, so the customer's fee is never negative
        subsidy = min(fee(amount, subsidy_rate, days, terms.subsidy_rounding), gross_fee)
        return FeeSplit(gross_fee, subsidy, gross_fee - subsidy)
    net_fee = fee(amount, gross_rate - subsidy_rate, days, terms.fee_rounding)
    return FeeSplit(gross_fee, gross_fee - net_fee, net_fee)


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    product: Product
    amount: Yen
    gross_rate: Fraction
    start: dt.date
    end: dt.date
    frame_change: FrameChange = FrameChange.NEW
    discount_rate: Fraction | None = None
    office_fee: Yen | None = None  # override of the policy's office fee


@dataclass(frozen=True, slots=True)
class Quote:
    product: Product
    guaranteed_amount: Yen
    days: int
    gross_rate: Fraction
    subsidy_rate: Fraction
    net_rate: Fraction
    gross_fee: Yen
    subsidy: Yen
    net_fee: Yen
    office_fee: Yen
    discount_fee: Yen
    effective_rate: Fraction
    warnings: tuple[str, ...] = field(default=())

    @property
    def payable(self) -> Yen:
        return self.net_fee + self.office_fee + self.discount_fee


def ar_guaranteed_amount(
    rules: ProgrammeRules, *, invoice_amount: Yen | None = None, notified_amount: Yen | None = None
) -> Yen:
    """An AR guarantee covers 80 % of the invoice (floored), or the full notified amount (§2.1)."""
    if notified_amount is not None:
        return notified_amount
    if invoice_amount is None:
        raise ValueError("either invoice_amount or notified_amount is needed")
    return round_yen(invoice_amount * rules.ar_guaranteed_share, Rounding.DOWN)


def ar_top_up_amount(already_guaranteed: Yen, notified_amount: Yen) -> Yen:
    """The top-up (売掛金保証②): the difference up to the notified amount (§2.1)."""
    if notified_amount <= already_guaranteed:
        raise DomainError(
            PricingCode.TOP_UP_NOT_NEEDED,
            {"notified_amount": notified_amount, "already_guaranteed": already_guaranteed},
        )
    return notified_amount - already_guaranteed


def office_fee_for(policy: Policy, product: Product, frame_change: FrameChange) -> Yen:
    if product is Product.FRAME:
        return policy.office_fees.for_frame(frame_change)
    if product is Product.PURCHASE:
        return policy.office_fees.purchase
    return policy.office_fees.individual


def check_rate_in_range(policy: Policy, product: Product, gross: Fraction, net: Fraction) -> None:
    allowed = policy.rate_range(product)
    if not allowed.admits(gross, net):
        raise DomainError(
            PricingCode.RATE_OUT_OF_POLICY_RANGE,
            {
                "rate": format_rate(gross),
                "policy": policy.name,
                "net_rate": format_rate(net),
                "allowed_ja": allowed.describe_ja(),
                "allowed_en": allowed.describe(),
            },
        )


def price(request: QuoteRequest, policy: Policy, programme: ProgrammeHistory, terms: PricingTerms) -> Quote:
    """Price one quote: the reference scalar engine."""
    _validate(request, policy)
    rules = programme.in_force(request.start)
    days = days_inclusive(request.start, request.end)
    subsidy_rate = rules.subsidy_rate(request.gross_rate) if terms.subsidised else Fraction(0)
    net_rate = request.gross_rate - subsidy_rate
    check_rate_in_range(policy, request.product, request.gross_rate, net_rate)

    priced = request.product is not Product.FRAME or request.frame_change.is_priced
    split = split_fee(request.amount, request.gross_rate, subsidy_rate, days, terms) if priced else FeeSplit(0, 0, 0)
    discount_fee = 0
    if request.product is Product.DISCOUNT:
        assert request.discount_rate is not None  # checked by _validate
        discount_fee = fee(request.amount, request.discount_rate, days, terms.fee_rounding)
    office = (
        request.office_fee
        if request.office_fee is not None
        else office_fee_for(policy, request.product, request.frame_change)
    )
    warnings = (AFTER_PROGRAMME_END,) if request.start > rules.programme_end else ()
    return Quote(
        product=request.product,
        guaranteed_amount=request.amount,
        days=days,
        gross_rate=request.gross_rate,
        subsidy_rate=subsidy_rate,
        net_rate=net_rate,
        gross_fee=split.gross_fee,
        subsidy=split.subsidy,
        net_fee=split.net_fee,
        office_fee=office,
        discount_fee=discount_fee,
        effective_rate=net_rate * days / 365,
        warnings=warnings,
    )


def _validate(request: QuoteRequest, policy: Policy) -> None:
    if request.product not in policy.products:
        raise DomainError(PricingCode.PRODUCT_NOT_OFFERED, {"product": request.product, "policy": policy.name})
    if request.amount <= 0:
        raise DomainError(PricingCode.AMOUNT_NOT_POSITIVE, {"amount": request.amount})
    if request.end < request.start:
        raise DomainError(
            PricingCode.END_BEFORE_START, {"start": request.start.isoformat(), "end": request.end.isoformat()}
        )
    if request.office_fee is not None and request.office_fee < 0:
        raise DomainError(PricingCode.OFFICE_FEE_NEGATIVE)
    if request.product is Product.DISCOUNT:
        if request.discount_rate is None:
            raise DomainError(PricingCode.DISCOUNT_RATE_REQUIRED)
        if request.discount_rate > policy.discount_rate_cap:
            raise DomainError(
                PricingCode.DISCOUNT_RATE_OVER_CAP,
                {"discount_rate": format_rate(request.discount_rate), "cap": format_rate(policy.discount_rate_cap)},
            )
