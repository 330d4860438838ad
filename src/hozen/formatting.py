"""How people read dates and money: 2026年11月22日（令和8年）, 1,234,567円."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from jinja2 import Environment

from hozen.domain.claim_documents import ClaimDocumentKind
from hozen.domain.codes import AccountType, ClaimReason, EligibilityCode, Labelled, PricingCode, Trigger
from hozen.domain.codes.notices import DeliveryState
from hozen.domain.policy import Product
from hozen.domain.registration import DocumentKind
from hozen.domain.roles import Role
from hozen.domain.states import (
    ApplicationState,
    ClaimState,
    DiscountState,
    Entity,
    FrameChangeState,
    GuaranteeState,
    InvoiceState,
    LimitChangeState,
    LineDecision,
    PurchaseState,
    ReviewState,
)

REIWA_START = dt.date(2019, 5, 1)


def era_year(day: dt.date) -> str:
    """The Japanese era year of a date (令和 from 2019-05-01, 平成 before)."""
    if day >= REIWA_START:
        year = day.year - 2018
        return "令和元年" if year == 1 else f"令和{year}年"
    year = day.year - 1988
    return "平成元年" if year == 1 else f"平成{year}年"


def japanese_date(day: dt.date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日（{era_year(day)}）"


def era_date(day: dt.date) -> str:
    """令和8年11月22日."""
    return f"{era_year(day)}{day.month}月{day.day}日"


def jdate_short(day: dt.date | None) -> str:
    """2027年2月26日 (tables, where both forms would crowd the page)."""
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def jdatetime(at: dt.datetime | None) -> str:
    """An instant as people in Japan read it: ``2026/04/01 09:05`` in Japan time."""
    if at is None:
        return "—"
    return at.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%Y/%m/%d %H:%M")


def both_dates(day: dt.date) -> str:
    """2026年11月22日（令和8年11月22日）."""
    return f"{jdate_short(day)}（{era_date(day)}）"


def yen(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}円"


def file_size(size: int | None) -> str:
    """A file's size as people read it: 512バイト, 34KB, 1.2MB (1 KB = 1,024 bytes)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size}バイト"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}KB"
    return f"{size / (1024 * 1024):.1f}MB"


LABELLED: Mapping[str, type[Labelled]] = {
    "review": ReviewState,
    "application": ApplicationState,
    "guarantee": GuaranteeState,
    "frame_change": FrameChangeState,
    "claim": ClaimState,
    "discount": DiscountState,
    "purchase": PurchaseState,
    "invoice": InvoiceState,
    "decision": LineDecision,
    "product": Product,
    "trigger": Trigger,
    "role": Role,
    "document": DocumentKind,
    "claim_document": ClaimDocumentKind,
    "claim_reason": ClaimReason,
    "eligibility": EligibilityCode,
    "pricing": PricingCode,
    "limit_change": LimitChangeState,
    "entity": Entity,
    "delivery": DeliveryState,
    "account_type": AccountType,
}
"""What a stored value is, for :func:`label`: the same value reads differently per entity (a review's
``approved`` is 審査結果通知済み, a claim's 決裁済み)."""


def label(value: str | None, kind: str) -> str:
    """The Japanese label of a stored value of ``kind`` (a key of :data:`LABELLED`); unknown: as it is."""
    return "" if value is None else LABELLED[kind].label_of(value)


JAPAN = ZoneInfo("Asia/Tokyo")


def japan_time(at: dt.datetime | None) -> str:
    """A stored instant (UTC) as people in Japan read it: ``2026-11-20 09:30``."""
    return "" if at is None else at.astimezone(JAPAN).strftime("%Y-%m-%d %H:%M")


def masked(number: str, shown: int = 4) -> str:
    """An account number as a page may show it to its holder: all but the last ``shown`` digits as ＊."""
    return "＊" * max(len(number) - shown, 0) + number[-shown:]


def install_filters(env: Environment) -> None:
    env.filters["jtime"] = japan_time
    env.filters["jdate"] = japanese_date
    env.filters["yen"] = yen
    env.filters["jdate_short"] = jdate_short
    env.filters["jdatetime"] = jdatetime
    env.filters["filesize"] = file_size
    env.filters["both_dates"] = both_dates
    env.filters["label"] = label
    env.filters["masked"] = masked
