"""Charts drawn as SVG in the page: pure functions from a result to the numbers a template draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hozen.contract.concentration import DimensionOut
from hozen.contract.frame_simulations import FrameSimulationOutput
from hozen.contract.stress import DebtorLossOut

CHART_WIDTH, CHART_HEIGHT, MARGIN = 720, 260, 48


LABEL_SIZE = 13
"""Font size of a chart's labels in the drawing's units: a chart drawn at least CHART_WIDTH pixels
wide (a page's full width on a desktop or a tablet) shows them at 12 px or more."""


def month_label(year: int, month: int, first: bool) -> str:
    """A month on a time axis in Japanese: 4月; with its year on the first tick and each January."""
    return f"{year}年{month}月" if first or month == 1 else f"{month}月"


def balance_chart(result: FrameSimulationOutput, today: dt.date | None = None) -> dict[str, Any]:
    """An SVG step chart of the end-of-day balance, with the recommended limit as a dashed line and
    ``today`` (the business date) marked when it falls within the period."""
    start, end = result.period.start, result.period.end
    span = max((end - start).days, 1)
    top = max(result.recommended_limit, 1)

    def x(day: dt.date) -> float:
        return MARGIN + (day - start).days / span * (CHART_WIDTH - 2 * MARGIN)

    def y(amount: int) -> float:
        return CHART_HEIGHT - MARGIN - amount / top * (CHART_HEIGHT - 2 * MARGIN)

    path, balance = [f"M{x(start):.1f},{y(0):.1f}"], 0
    for point in result.timeline:
        path.append(f"H{x(point.date):.1f}")
        balance = point.balance
        path.append(f"V{y(balance):.1f}")
    path.append(f"H{x(end):.1f}")
    months = sorted({(p.date.year, p.date.month) for p in result.timeline})
    shown = [(year, month) for year, month in months if dt.date(year, month, 1) >= start]
    ticks = [
        {"x": x(dt.date(year, month, 1)), "label": month_label(year, month, index == 0)}
        for index, (year, month) in enumerate(shown)
    ]
    marker = None
    if today is not None and start <= today <= end:
        marker = {"x": x(today), "label": f"業務日 {today.month}月{today.day}日"}
    return {
        "label_size": LABEL_SIZE,
        "today": marker,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "path": "".join(path),
        "limit_y": y(result.recommended_limit),
        "base_y": y(0),
        "left": MARGIN,
        "right": CHART_WIDTH - MARGIN,
        "ticks": ticks,
    }


BAR_HEIGHT, LABEL_WIDTH, VALUE_WIDTH = 28, 220, 170  # room for the debtor's name and the figure


def loss_bars(rows: Sequence[DebtorLossOut]) -> dict[str, Any]:
    """Horizontal bars of each debtor's net loss (and its payouts behind it), largest first."""
    top = max((row.payouts for row in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def width(amount: int) -> float:
        return amount / top * span

    bars = [
        {
            "y": MARGIN / 2 + index * BAR_HEIGHT,
            "label": row.debtor,
            "payouts_width": width(row.payouts),
            "net_width": width(row.net_loss),
            "net_loss": row.net_loss,
        }
        for index, row in enumerate(rows)
    ]
    return {
        "label_size": LABEL_SIZE,
        "width": CHART_WIDTH,
        "height": MARGIN + len(rows) * BAR_HEIGHT,
        "left": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT - 8,
        "bars": bars,
    }


SHARE_LABEL_WIDTH, SHARE_VALUE_WIDTH = 200, 90


def share_bars(dimension: DimensionOut) -> dict[str, Any]:
    """Horizontal bars of the largest shares of one dimension (its top N), on a 0–100 % scale."""
    span = CHART_WIDTH - SHARE_LABEL_WIDTH - SHARE_VALUE_WIDTH
    rows = dimension.rows[: dimension.top_n]
    bars = [
        {
            "y": MARGIN / 4 + index * BAR_HEIGHT,
            "label": row.name,
            "width": row.exposure / dimension.total * span,
            "share": row.share,
        }
        for index, row in enumerate(rows)
    ]
    return {
        "width": CHART_WIDTH,
        "height": MARGIN / 2 + len(rows) * BAR_HEIGHT,
        "left": SHARE_LABEL_WIDTH,
        "span": span,
        "bar_height": BAR_HEIGHT - 8,
        "bars": bars,
        "title": f"{dimension.label_ja}別の構成比（上位{dimension.top_n}）",
    }
