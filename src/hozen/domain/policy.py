"""A factoring company's policy (SPEC §14.7): the values that belong to one company.

Policies are loaded from TOML and validated by :mod:`hozen.policies`; this module only holds the
typed values and the small questions the rules ask of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from hozen.domain.codes import Labelled
from hozen.domain.codes import Trigger as Trigger  # a code of its own (SPEC §9.1), re-exported
from hozen.domain.money import Rounding, Yen, format_rate


class Method(Labelled):
    """The two published ways to split a fee between customer and state (SPEC §6)."""

    GROSS_MINUS_SUBSIDY = ("gross_minus_subsidy", "保証料から助成額を差し引く方式")
    NET_RATE = ("net_rate", "助成後の料率で計算する方式")


class Product(Labelled):
    """What a line, a guarantee or a quote is: the six products of SPEC §2."""

    AR = ("ar", "売掛金保証")
    NOTE = ("note", "手形保証")
    ERECORD = ("erecord", "電子記録債権保証")
    FRAME = ("frame", "枠保証")
    PURCHASE = ("purchase", "買取")
    DISCOUNT = ("discount", "割引")

    @property
    def is_guarantee(self) -> bool:
        return self in (Product.AR, Product.NOTE, Product.ERECORD, Product.FRAME, Product.DISCOUNT)


class FrameChange(Labelled):
    """A new frame guarantee or a change to one (SPEC §2.3)."""

    NEW = ("new", "新規")
    INCREASE = ("increase", "増額")
    EXTENSION = ("extension", "期間延長")
    DECREASE = ("decrease", "減額")
    ABOLITION = ("abolition", "廃止")

    @property
    def is_priced(self) -> bool:
        """Decrease and abolition cost only their office fee."""
        return self in (FrameChange.NEW, FrameChange.INCREASE, FrameChange.EXTENSION)


@dataclass(frozen=True, slots=True)
class RateRange:
    """Allowed annual rates, on the gross rate and/or on the rate after subsidy."""

    min_gross: Fraction | None = None
    max_gross: Fraction | None = None
    min_net: Fraction | None = None
    max_net: Fraction | None = None

    def admits(self, gross: Fraction, net: Fraction) -> bool:
        return not (
            (self.min_gross is not None and gross < self.min_gross)
            or (self.max_gross is not None and gross > self.max_gross)
            or (self.min_net is not None and net < self.min_net)
            or (self.max_net is not None and net > self.max_net)
        )

    def describe(self) -> str:
        parts = []
        if self.min_gross is not None or self.max_gross is not None:
            parts.append(f"gross {_bound(self.min_gross)}–{_bound(self.max_gross)} %")
        if self.min_net is not None or self.max_net is not None:
            parts.append(f"after subsidy {_bound(self.min_net)}–{_bound(self.max_net)} %")
        return ", ".join(parts) or "any"

    def describe_ja(self) -> str:
        """:meth:`describe` as people read it in Japanese (助成前 = gross, 助成後 = after subsidy)."""
        parts = []
        if self.min_gross is not None or self.max_gross is not None:
            parts.append(f"助成前 {_bound(self.min_gross)}〜{_bound(self.max_gross)}%")
        if self.min_net is not None or self.max_net is not None:
            parts.append(f"助成後 {_bound(self.min_net)}〜{_bound(self.max_net)}%")
        return "、".join(parts) or "制限なし"


def _bound(value: Fraction | None) -> str:
    return "" if value is None else format_rate(value)


@dataclass(frozen=True, slots=True)
class OfficeFees:
    individual: Yen = 0  # per individual application per debtor
    frame_new: Yen = 0
    frame_increase: Yen = 0
    frame_extension: Yen = 0
    frame_decrease: Yen = 0
    frame_abolition: Yen = 0
    purchase: Yen = 0

    def for_frame(self, change: FrameChange) -> Yen:
        return int(getattr(self, f"frame_{change.value}"))


class SanctionsAsOf(Labelled):
    """The day on which creditor sanctions are judged (SPEC §4.1, §20)."""

    START = ("start", "保証開始日")
    APPLICATION = ("application", "お申込み時点")


@dataclass(frozen=True, slots=True)
class NoteSite:
    """Longest allowed issue-to-due span: a day count, or calendar months with the
    non-business-day tolerance (SPEC §4.3 ``NOTE_SITE_TOO_LONG``)."""

    days: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    description: str
    method: Method
    fee_rounding: Rounding
    subsidy_rounding: Rounding
    guarantee_rate: RateRange
    purchase_rate: RateRange
    discount_rate_cap: Fraction
    office_fees: OfficeFees
    products: frozenset[Product]
    triggers: frozenset[Trigger]
    application_minimum: Yen | None = None
    ar_min_days_to_due: int | None = None
    note_min_days_to_due: int | None = None
    min_guarantee_days: int | None = None
    note_site: NoteSite = field(default_factory=NoteSite)
    sanctions_as_of: SanctionsAsOf = SanctionsAsOf.START
    purchase_min_months_to_due: int | None = None
    start_offset_business_days: int = 3
    purchase_lead_days_note: int = 4
    purchase_lead_days_erecord: int = 5
    purchase_transfer_fee: Yen = 0
    claim_deadline_days: int = 30
    creditor_limit: Yen | None = None
    debtor_limit: Yen | None = None
    senior_approval_above: Yen | None = None
    limit_four_eyes_above: Yen | None = None  # a limit raised above this waits for a second person
    maturity_grace_days: int = 7
    application_validity_days: int = 30
    recovery_ratio: Fraction = Fraction(0)  # share of stress-test payouts assumed recovered (SPEC §19, §20)
    alert_thresholds: tuple[int, ...] = (80, 100)  # limit utilisation alerts, in percent, ascending (SPEC §20)

    def rate_range(self, product: Product) -> RateRange:
        return self.purchase_rate if product is Product.PURCHASE else self.guarantee_rate
