"""The frame need simulation with its fee quote (SPEC §7, §14.2)."""

from __future__ import annotations

from fractions import Fraction

from hozen.contract.frame_simulations import BalanceOut, FrameSimulationInput, FrameSimulationOutput, PeriodOut
from hozen.contract.quotes import QuoteInput
from hozen.domain import frames
from hozen.domain.policy import FrameChange, Product
from hozen.services.quotes import price_quote, quote_output


def simulate(data: FrameSimulationInput, *, allow_policy_paths: bool = True) -> FrameSimulationOutput:
    progress = [frames.Progress(int(p.month[:4]), int(p.month[5:]), p.amount) for p in data.progress]
    terms = frames.PaymentTerms(
        closing_day=data.closing_day,
        payment_month_offset=data.payment_month_offset,
        payment_day=data.payment_day,
        cash_ratio=Fraction(data.cash_ratio),
        note_site_days=data.note_site_days,
    )
    result = frames.simulate(data.work_start, progress, terms, data.limit_unit)
    quote = None
    if data.rate is not None and result.recommended_limit > 0:
        request = QuoteInput(
            product=Product.FRAME,
            amount=result.recommended_limit,
            rate=data.rate,
            start=result.start,
            end=result.end,
            policy=data.policy,
            frame_change=FrameChange.NEW,
        )
        quote = quote_output(price_quote(request, allow_policy_paths=allow_policy_paths))
    return FrameSimulationOutput(
        timeline=[BalanceOut(date=day, balance=balance) for day, balance in result.timeline],
        peak_balance=result.peak_balance,
        recommended_limit=result.recommended_limit,
        period=PeriodOut(start=result.start, end=result.end),
        days=result.days,
        quote=quote,
    )
