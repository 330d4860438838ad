"""Quotes: the stateless price calculator (SPEC §14.1)."""

from __future__ import annotations

from fractions import Fraction

from hozen.contract.quotes import QuoteInput, QuoteOutput
from hozen.domain.codes import PricingCode
from hozen.domain.errors import DomainError
from hozen.domain.money import format_rate, parse_rate
from hozen.domain.policy import FrameChange, Product
from hozen.domain.pricing import (
    PricingTerms,
    Quote,
    QuoteRequest,
    ar_guaranteed_amount,
    ar_top_up_amount,
    price,
)
from hozen.domain.programme import ProgrammeRules
from hozen.policies import load_policy, programme

EFFECTIVE_RATE_PLACES = 2


def _amount_error(variant: str = "") -> DomainError:
    return DomainError(PricingCode.AMOUNT_REQUIRED, {"variant": variant} if variant else {})


def _guaranteed_amount(data: QuoteInput, rules: ProgrammeRules) -> int:
    given = [name for name in ("amount", "invoice_amount", "notified_amount") if getattr(data, name) is not None]
    if data.product is not Product.AR:
        if given != ["amount"]:
            raise _amount_error()
        assert data.amount is not None
        return data.amount
    if len(given) != 1:
        raise _amount_error("ar")
    if data.already_guaranteed is not None:
        if data.notified_amount is None:
            raise _amount_error("top_up")
        return ar_top_up_amount(data.already_guaranteed, data.notified_amount)
    if data.amount is not None:
        return data.amount
    for value in (data.invoice_amount, data.notified_amount):
        if value is not None and value < 0:
            raise DomainError(PricingCode.AMOUNT_NOT_POSITIVE, {"amount": value})
    return ar_guaranteed_amount(rules, invoice_amount=data.invoice_amount, notified_amount=data.notified_amount)


def price_quote(data: QuoteInput, *, allow_policy_paths: bool = True) -> Quote:
    """Price one quote from its wire form."""
    policy = load_policy(data.policy, allow_paths=allow_policy_paths)
    history = programme()
    rules = history.in_force(data.start)
    request = QuoteRequest(
        product=data.product,
        amount=_guaranteed_amount(data, rules),
        gross_rate=parse_rate(data.rate),
        start=data.start,
        end=data.end,
        frame_change=data.frame_change or FrameChange.NEW,
        discount_rate=None if data.discount_rate is None else parse_rate(data.discount_rate, field="discount_rate"),
        office_fee=data.office_fee,
    )
    terms = PricingTerms.of(
        policy,
        method=data.method,
        fee_rounding=data.fee_rounding,
        subsidy_rounding=data.subsidy_rounding,
        subsidised=data.subsidy,
    )
    return price(request, policy, history, terms)


def quote_output(quote: Quote) -> QuoteOutput:
    return QuoteOutput(
        product=quote.product,
        guaranteed_amount=quote.guaranteed_amount,
        days=quote.days,
        gross_rate=format_rate(quote.gross_rate),
        subsidy_rate=format_rate(quote.subsidy_rate),
        net_rate=format_rate(quote.net_rate),
        gross_fee=quote.gross_fee,
        subsidy=quote.subsidy,
        net_fee=quote.net_fee,
        office_fee=quote.office_fee,
        discount_fee=quote.discount_fee,
        payable=quote.payable,
        effective_rate=format_rate(_half_up(quote.effective_rate, EFFECTIVE_RATE_PLACES)),
        warnings=list(quote.warnings),
    )


def _half_up(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(int(value * scale + Fraction(1, 2)), scale)
