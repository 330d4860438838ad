"""Eligibility (SPEC §4): every rule, every failure at once, each with a stable code.

A check never stops at the first failure: it returns them all, each naming its subject
(``creditor``, ``debtor``, ``receivable`` with the receivable's index, ``application``) and carrying a
message in Japanese and English. Thresholds come from the policy and the programme rules in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from hozen.domain.calendar import (
    add_months,
    fiscal_year,
    following_business_day,
    one_year_seven_months_before,
)
from hozen.domain.limits import Headroom
from hozen.domain.money import Yen, days_inclusive
from hozen.domain.policy import Policy, Product
from hozen.domain.programme import ProgrammeRules

SANCTION_LOOKBACK_MONTHS = 60  # a licence revoked within the last five years


class Subject(StrEnum):
    CREDITOR = "creditor"
    DEBTOR = "debtor"
    RECEIVABLE = "receivable"
    APPLICATION = "application"


class SanctionKind(StrEnum):
    BUSINESS_SUSPENSION = "business_suspension"  # 営業停止
    NOMINATION_SUSPENSION = "nomination_suspension"  # 指名停止
    LICENSE_REVOCATION = "license_revocation"  # 許可取消


@dataclass(frozen=True, slots=True)
class Sanction:
    kind: SanctionKind
    start: dt.date
    end: dt.date | None = None  # open-ended when None


@dataclass(frozen=True, slots=True)
class Creditor:
    capital: Yen
    employees: int
    sanctions: tuple[Sanction, ...] = ()
    direct: bool = True
    registered: bool | None = None  # None: not evaluated here


@dataclass(frozen=True, slots=True)
class Filing:
    date: dt.date
    concluded: bool = False


@dataclass(frozen=True, slots=True)
class Debtor:
    public_works_orders: tuple[dt.date, ...] = ()
    review_base_date: dt.date | None = None
    insolvency_filings: tuple[Filing, ...] = ()
    trading_suspended: bool = False
    dishonoured: bool = False
    unsound: bool = False


@dataclass(frozen=True, slots=True)
class Receivable:
    kind: Product  # ar, note or erecord
    amount: Yen
    due_date: dt.date
    issue_date: dt.date | None = None
    endorsed: bool = False
    bill_of_exchange: bool = False
    transferred: bool = False
    has_contract: bool = True
    has_amount_document: bool = True
    dishonoured: bool = False
    due_extended: bool = False
    construction: bool = True


@dataclass(frozen=True, slots=True)
class Request:
    as_of: dt.date  # the guarantee start date (or purchase date)
    request_date: dt.date  # the review request date
    product: Product


@dataclass(frozen=True, slots=True)
class Failure:
    code: str
    subject: Subject
    message_ja: str
    message_en: str
    index: int | None = None


@dataclass(slots=True)
class _Findings:
    items: list[Failure] = field(default_factory=list)

    def add(self, code: str, subject: Subject, ja: str, en: str, index: int | None = None) -> None:
        self.items.append(Failure(code, subject, ja, en, index))


def check(
    request: Request,
    creditor: Creditor,
    debtor: Debtor,
    receivables: Sequence[Receivable],
    policy: Policy,
    rules: ProgrammeRules,
    headroom: Headroom | None = None,
) -> tuple[Failure, ...]:
    """Every failed rule of SPEC §4 for this request."""
    found = _Findings()
    _check_creditor(found, request, creditor, rules)
    _check_debtor(found, request, debtor)
    for index, receivable in enumerate(receivables):
        _check_receivable(found, request, receivable, index, policy, rules)
    total = sum(r.amount for r in receivables)
    if receivables and policy.application_minimum is not None and total < policy.application_minimum:
        found.add(
            "APPLICATION_TOO_SMALL",
            Subject.APPLICATION,
            f"お申込み金額の合計 {total:,}円 が最低額 {policy.application_minimum:,}円 に達していません。",
            f"The application totals ¥{total:,}, below the minimum of ¥{policy.application_minimum:,}.",
        )
    if headroom is not None:
        for code in headroom.breaches(total):
            subject = Subject.DEBTOR if code.startswith("DEBTOR") else Subject.CREDITOR
            who_ja, who_en = ("注文者", "debtor") if subject is Subject.DEBTOR else ("お客様", "customer")
            found.add(
                code,
                subject,
                f"{who_ja}の保証残高が限度額を超えます。",
                f"The {who_en}'s exposure would exceed its limit.",
            )
    return tuple(found.items)


def _check_creditor(found: _Findings, request: Request, creditor: Creditor, rules: ProgrammeRules) -> None:
    day = request.as_of
    if creditor.capital > rules.creditor_max_capital and creditor.employees > rules.creditor_max_employees:
        found.add(
            "CREDITOR_TOO_LARGE",
            Subject.CREDITOR,
            f"資本金 {creditor.capital:,}円 かつ常時雇用する従業員 {creditor.employees:,}人 で、中小企業の要件"
            f"（資本金 {rules.creditor_max_capital:,}円 以下 または "
            f"従業員 {rules.creditor_max_employees:,}人 以下）を満たしません。",
            f"Capital ¥{creditor.capital:,} and {creditor.employees:,} employees exceed both size limits "
            f"(¥{rules.creditor_max_capital:,} / {rules.creditor_max_employees:,}).",
        )
    revocation_since = add_months(day, -SANCTION_LOOKBACK_MONTHS)
    for sanction in creditor.sanctions:
        if sanction.kind is SanctionKind.LICENSE_REVOCATION:
            if revocation_since <= sanction.start <= day:
                found.add(
                    "CREDITOR_SANCTIONED",
                    Subject.CREDITOR,
                    f"{sanction.start.isoformat()} に建設業許可の取消しを受けています（過去5年以内）。",
                    f"The construction licence was revoked on {sanction.start.isoformat()}, "
                    "within the last five years.",
                )
        elif sanction.start <= day and (sanction.end is None or day <= sanction.end):
            name_ja = "営業停止" if sanction.kind is SanctionKind.BUSINESS_SUSPENSION else "指名停止"
            until = sanction.end.isoformat() if sanction.end else "期限なし"
            found.add(
                "CREDITOR_SANCTIONED",
                Subject.CREDITOR,
                f"{day.isoformat()} 時点で{name_ja}処分中です（{sanction.start.isoformat()}〜{until}）。",
                f"Under {sanction.kind.value.replace('_', ' ')} on {day.isoformat()} "
                f"({sanction.start.isoformat()} – {sanction.end.isoformat() if sanction.end else 'open'}).",
            )
    if not creditor.direct:
        found.add(
            "CREDITOR_NOT_DIRECT",
            Subject.CREDITOR,
            "注文者と直接契約する下請建設企業または資材業者ではありません。",
            "The customer does not contract directly with the debtor.",
        )
    if creditor.registered is False:
        found.add(
            "CREDITOR_NOT_REGISTERED",
            Subject.CREDITOR,
            "初回登録の書類が揃っていないか、期限が切れています。",
            "The first-time registration documents are missing or out of date.",
        )


def review_is_valid(base_date: dt.date | None, day: dt.date) -> bool:
    """A management review (経審) is valid on ``day`` when its base date is after day − 1 year 7 months."""
    return base_date is not None and one_year_seven_months_before(day) < base_date <= day


def has_recent_public_works(orders: Sequence[dt.date], day: dt.date) -> bool:
    """A public-works order won in the fiscal year of ``day`` or the one before (and not after ``day``)."""
    year = fiscal_year(day)
    return any(order <= day and fiscal_year(order) in (year, year - 1) for order in orders)


def _check_debtor(found: _Findings, request: Request, debtor: Debtor) -> None:
    day = request.as_of
    if not has_recent_public_works(debtor.public_works_orders, day) and not review_is_valid(
        debtor.review_base_date, day
    ):
        base = debtor.review_base_date.isoformat() if debtor.review_base_date else "なし"
        found.add(
            "DEBTOR_NO_PUBLIC_RECORD",
            Subject.DEBTOR,
            f"注文者に {fiscal_year(day) - 1}・{fiscal_year(day)}年度の公共工事の受注実績がなく、"
            f"有効な経営事項審査もありません（審査基準日: {base}）。",
            f"The debtor won no public works in fiscal {fiscal_year(day) - 1} or {fiscal_year(day)} and has no "
            f"valid management review on {day.isoformat()} (base date: {debtor.review_base_date or 'none'}).",
        )
    for filing in debtor.insolvency_filings:
        if filing.date <= day and not filing.concluded:
            found.add(
                "DEBTOR_INSOLVENCY_FILED",
                Subject.DEBTOR,
                f"注文者に法的整理の申立て（{filing.date.isoformat()}）があります。",
                f"An insolvency filing against the debtor exists ({filing.date.isoformat()}).",
            )
    flags = [
        (
            debtor.trading_suspended,
            "DEBTOR_SUSPENDED",
            "注文者は取引停止処分中です。",
            "The debtor is under trading suspension.",
        ),
        (
            debtor.dishonoured,
            "DEBTOR_DISHONOURED",
            "注文者に不渡り・支払不能の事実があります。",
            "The debtor has dishonoured a note or failed to pay an e-receivable.",
        ),
        (
            debtor.unsound,
            "DEBTOR_UNSOUND",
            "注文者の財務内容の著しい悪化または不正のおそれがあります。",
            "The underwriter flagged the debtor's finances as seriously impaired or a risk of fraud.",
        ),
    ]
    for flagged, code, ja, en in flags:
        if flagged:
            found.add(code, Subject.DEBTOR, ja, en)


def note_site_limit(issue: dt.date, policy: Policy, rules: ProgrammeRules) -> tuple[dt.date, str, str]:
    """The latest allowed due date of a note issued on ``issue``, with how the limit is described."""
    if policy.note_site.months is not None:
        months = policy.note_site.months
        limit = following_business_day(add_months(following_business_day(issue), months))
        return (
            limit,
            f"{months}か月（休日調整後 {limit.isoformat()}）",
            f"{months} months (adjusted: {limit.isoformat()})",
        )
    days = policy.note_site.days if policy.note_site.days is not None else rules.note_site_days
    return issue + dt.timedelta(days=days), f"{days}日", f"{days} days"


def _check_receivable(
    found: _Findings, request: Request, r: Receivable, index: int, policy: Policy, rules: ProgrammeRules
) -> None:
    def fail(code: str, ja: str, en: str) -> None:
        found.add(code, Subject.RECEIVABLE, f"{index + 1}件目: {ja}", f"Receivable {index + 1}: {en}", index)

    if not r.construction:
        fail(
            "RECEIVABLE_NOT_CONSTRUCTION",
            "建設工事・資材の代金ではありません。",
            "not a payment for construction work or materials.",
        )
    if not (r.has_contract and r.has_amount_document):
        missing = [
            name
            for ok, name in ((r.has_contract, "契約書・注文書"), (r.has_amount_document, "請求書または支払通知書"))
            if not ok
        ]
        fail(
            "RECEIVABLE_NO_ORIGIN_DOCS",
            f"成因確認書類（{'・'.join(missing)}）がありません。",
            "origin documents are missing (a written contract and an invoice or payment notice).",
        )
    to_due = (r.due_date - request.request_date).days
    if r.due_date <= request.request_date:
        fail(
            "RECEIVABLE_ALREADY_DUE",
            f"支払期日 {r.due_date.isoformat()} が審査依頼日以前です。",
            f"due {r.due_date.isoformat()}, on or before the request date.",
        )
    else:
        minimum = policy.ar_min_days_to_due if r.kind is Product.AR else policy.note_min_days_to_due
        if minimum is not None and to_due < minimum:
            fail(
                "RECEIVABLE_TOO_SHORT",
                f"審査依頼日から支払期日まで {to_due}日 で、{minimum}日 以上必要です。",
                f"{to_due} days from the request to the due date; at least {minimum} are needed.",
            )
        period = days_inclusive(request.as_of, r.due_date)
        if policy.min_guarantee_days is not None and period < policy.min_guarantee_days:
            fail(
                "RECEIVABLE_TOO_SHORT",
                f"保証期間が {period}日 で、{policy.min_guarantee_days}日 以上必要です。",
                f"a guarantee period of {period} days; at least {policy.min_guarantee_days} are needed.",
            )
        months = policy.purchase_min_months_to_due
        if (
            request.product is Product.PURCHASE
            and months is not None
            and r.due_date <= add_months(request.as_of, months)
        ):
            fail(
                "RECEIVABLE_TOO_SHORT",
                f"買取日から{months}か月以内に期日が来る手形です。",
                f"due within {months} month(s) of the purchase date.",
            )
    if r.kind in (Product.NOTE, Product.ERECORD) and r.issue_date is not None:
        limit, text_ja, text_en = note_site_limit(r.issue_date, policy, rules)
        if r.due_date > limit:
            fail(
                "NOTE_SITE_TOO_LONG",
                f"振出日から支払期日までが{text_ja}を超えています。",
                f"the term from issue to due date exceeds {text_en}.",
            )
    if r.kind is Product.NOTE and r.endorsed:
        fail("NOTE_ENDORSED", "裏書により取得した手形です。", "the note was endorsed to the customer.")
    if r.kind is Product.NOTE and r.bill_of_exchange:
        fail("NOTE_BILL_OF_EXCHANGE", "為替手形です。", "a bill of exchange.")
    if r.kind is Product.ERECORD and r.transferred:
        fail("ERECEIVABLE_TRANSFERRED", "譲渡記録により取得した電子記録債権です。", "acquired by a transfer record.")
    if r.dishonoured or r.due_extended:
        fail(
            "RECEIVABLE_DISHONOURED",
            "不渡り・支払不能、または支払期日の延長（ジャンプ）があります。",
            "dishonoured, or its due date was extended.",
        )
