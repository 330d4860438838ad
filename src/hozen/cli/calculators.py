"""The four calculators of SPEC §14.1–14.4: ``price``, ``check``, ``frame-simulate``, ``claim-assess``.

They store nothing and need no database; ``--json`` prints exactly the API's JSON body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

from pydantic import BaseModel
from rich.table import Table

from hozen.cli.common import Opt, console, emit_json, load_input_file, parse_yen, user_errors, validated
from hozen.contract.quotes import QuoteInput, QuoteOutput
from hozen.services.quotes import price_quote, quote_output

if TYPE_CHECKING:
    from hozen.contract.claim_assessments import ClaimAssessmentOutput
    from hozen.contract.eligibility import EligibilityOutput
    from hozen.contract.frame_simulations import FrameSimulationOutput

JsonOpt = Annotated[bool, Opt("--json", help="APIと同じJSONを出力")]

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)


def _answer(body: Out, as_json: bool, show: Callable[[Out], None]) -> None:
    """The API's JSON body, or the same answer as tables for people."""
    if as_json:
        emit_json(body)
    else:
        show(body)


def _calculate_file(
    input_file: str, as_json: bool, model: type[In], calculate: Callable[[In], Out], show: Callable[[Out], None]
) -> None:
    """Read the JSON input file, validate it as ``model``, calculate and answer."""
    data = load_input_file(input_file)
    with user_errors():
        body = calculate(model.model_validate(data))
    _answer(body, as_json, show)


def price(
    product: Annotated[str, Opt(help="ar | note | erecord | frame | purchase | discount")] = "note",
    amount: Annotated[str | None, Opt(help="保証金額・額面・極度額（円）")] = None,
    invoice_amount: Annotated[str | None, Opt(help="売掛金: 請求額（80%を保証）")] = None,
    notified_amount: Annotated[str | None, Opt(help="売掛金: 支払通知額（全額保証）")] = None,
    already_guaranteed: Annotated[str | None, Opt(help="売掛金の追加保証: 保証済み金額")] = None,
    rate: Annotated[str | None, Opt(help="保証料率（年率%、助成前）例: 4.5")] = None,
    start: Annotated[str | None, Opt(help="開始日 YYYY-MM-DD")] = None,
    end: Annotated[str | None, Opt(help="終了日 YYYY-MM-DD（当日を含む）")] = None,
    policy: Annotated[str | None, Opt(help="プリセット名またはポリシーファイル")] = None,
    frame_change: Annotated[str | None, Opt(help="new | increase | extension | decrease | abolition")] = None,
    method: Annotated[str | None, Opt(help="net_rate | gross_minus_subsidy")] = None,
    fee_rounding: Annotated[str | None, Opt(help="down | half_up | up")] = None,
    subsidy_rounding: Annotated[str | None, Opt(help="down | half_up | up")] = None,
    office_fee: Annotated[str | None, Opt(help="事務手数料（円）")] = None,
    no_subsidy: Annotated[bool, Opt("--no-subsidy", help="助成金なしで計算")] = False,
    discount_rate: Annotated[str | None, Opt(help="割引料率（年率%）")] = None,
    as_json: JsonOpt = False,
) -> None:
    """保証料・買取料を試算する / price a guarantee, purchase or discount (SPEC §14.1)."""
    with user_errors():
        data = validated(
            QuoteInput,
            {
                "product": product,
                "amount": parse_yen(amount),
                "invoice_amount": parse_yen(invoice_amount),
                "notified_amount": parse_yen(notified_amount),
                "already_guaranteed": parse_yen(already_guaranteed),
                "rate": rate,
                "start": start,
                "end": end,
                "policy": policy,
                "frame_change": frame_change,
                "method": method,
                "fee_rounding": fee_rounding,
                "subsidy_rounding": subsidy_rounding,
                "office_fee": parse_yen(office_fee),
                "subsidy": not no_subsidy,
                "discount_rate": discount_rate,
            },
        )
        body = quote_output(price_quote(data))
    _answer(body, as_json, _print_quote)


def _print_quote(q: QuoteOutput) -> None:
    table = Table(title=f"試算結果（{q.product.value}）", show_header=False)
    table.add_column("項目")
    table.add_column("値", justify="right")
    rows = [
        ("保証金額 guaranteed amount", f"{q.guaranteed_amount:,}円"),
        ("日数 days (both ends)", f"{q.days}日"),
        ("料率 gross rate", f"{q.gross_rate}%"),
        ("助成率 subsidy rate", f"{q.subsidy_rate}%"),
        ("助成後料率 net rate", f"{q.net_rate}%"),
        ("保証料総額 gross fee", f"{q.gross_fee:,}円"),
        ("助成金 subsidy", f"{q.subsidy:,}円"),
        ("お客様負担 net fee", f"{q.net_fee:,}円"),
        ("事務手数料 office fee", f"{q.office_fee:,}円"),
        ("割引料 discount fee", f"{q.discount_fee:,}円"),
        ("お支払い合計 payable", f"[bold]{q.payable:,}円[/bold]"),
        ("実質料率 effective rate", f"{q.effective_rate}%"),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    for warning in q.warnings:
        console.print(f"[yellow]警告 warning: {warning}[/yellow]")


def check(
    input_file: Annotated[str, Opt("--input", help="JSON file (SPEC §14.3), - for standard input")],
    as_json: JsonOpt = False,
) -> None:
    """保証対象の要件を確認する / check eligibility: every failed rule at once (SPEC §14.3)."""
    from hozen.contract.eligibility import EligibilityInput
    from hozen.services.eligibility import check as run_check

    _calculate_file(input_file, as_json, EligibilityInput, run_check, _print_eligibility)


def _print_eligibility(body: EligibilityOutput) -> None:
    if body.eligible:
        console.print("[green]対象です / eligible[/green]")
        return
    table = Table(title="要件を満たさない項目 / failures")
    for column in ("code", "対象 subject", "#"):
        table.add_column(column, no_wrap=True)
    table.add_column("内容", overflow="fold")
    for failure in body.failures:
        index = "" if failure.index is None else str(failure.index + 1)
        table.add_row(failure.code, failure.subject, index, f"{failure.message_ja}\n{failure.message_en}")
    console.print(table)


def frame_simulate(
    input_file: Annotated[str, Opt("--input", help="JSON file (SPEC §14.2), - for standard input")],
    as_json: JsonOpt = False,
) -> None:
    """枠保証の必要額を試算する / simulate the balance of a contract and recommend a frame (SPEC §7)."""
    from hozen.contract.frame_simulations import FrameSimulationInput
    from hozen.services.frame_simulation import simulate

    _calculate_file(input_file, as_json, FrameSimulationInput, simulate, _print_frame_simulation)


def _print_frame_simulation(body: FrameSimulationOutput) -> None:
    table = Table(title="日末残高の推移 / end-of-day balance")
    table.add_column("日付")
    table.add_column("残高", justify="right")
    for point in body.timeline:
        table.add_row(point.date.isoformat(), f"{point.balance:,}円")
    console.print(table)
    console.print(
        f"推奨極度額 {body.recommended_limit:,}円（ピーク {body.peak_balance:,}円）"
        f"  保証期間 {body.period.start.isoformat()}〜{body.period.end.isoformat()}（{body.days}日）"
    )
    if body.quote is not None:
        _print_quote(body.quote)


def claim_assess(
    input_file: Annotated[str, Opt("--input", help="JSON file (SPEC §14.4), - for standard input")],
    as_json: JsonOpt = False,
) -> None:
    """保証履行請求を査定する / assess a claim under a guarantee (SPEC §14.4)."""
    from hozen.contract.claim_assessments import ClaimAssessmentInput
    from hozen.services.claim_assessment import assess

    _calculate_file(input_file, as_json, ClaimAssessmentInput, assess, _print_claim_assessment)


def _print_claim_assessment(body: ClaimAssessmentOutput) -> None:
    table = Table(title=f"査定結果: 支払額 {body.payable:,}円 {'（支払対象）' if body.accepted else '（支払なし）'}")
    for column in ("債権", "対象額", "理由"):
        table.add_column(column)
    for line in body.lines:
        table.add_row(line.id, f"{line.counted:,}円", ", ".join(line.reasons))
    console.print(table)
    if body.reasons:
        console.print("全体の理由 reasons: " + ", ".join(body.reasons))
