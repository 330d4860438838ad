"""``hozen stress``: what the company loses when debtors fail on a date (SPEC §19), with an administrator's view."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from rich.table import Table

from hozen.cli.common import (
    SYSTEM_ACTOR,
    Opt,
    console,
    emit_json,
    parse_date,
    settings,
    unit_of_work,
    user_errors,
    validated,
)

if TYPE_CHECKING:
    from hozen.contract.stress import LossOut, StressTestOutput


def stress(
    date: Annotated[str, Opt("--date", help="破綻日 YYYY-MM-DD")],
    debtor: Annotated[list[int] | None, Opt("--debtor", help="破綻する注文者のID（複数指定で同時破綻）")] = None,
    each: Annotated[bool, Opt("--each", help="全注文者の単独破綻を純損失の大きい順に")] = False,
    top: Annotated[int, Opt("--top", help="--each で表示する件数")] = 20,
    unpaid_share: Annotated[str, Opt("--unpaid-share", help="個別保証の未回収割合 0<s≤1")] = "1",
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力")] = False,
    xlsx_file: Annotated[Path | None, Opt("--xlsx", help="Excelに書き出す")] = None,
) -> None:
    """ストレステスト / the loss if debtors fail (LEGAL_PROCEEDING) on a date."""
    from hozen.contract.stress import StressTestInput
    from hozen.policies import load_policy
    from hozen.services import stress as service

    with user_errors():
        data = validated(
            StressTestInput,
            {
                "date": parse_date(date, "--date").isoformat(),
                "scenarios": [{"debtor_ids": debtor}] if debtor else [],
                "unpaid_share": unpaid_share,
                "each_debtor": each or not debtor,
                "top": top,
            },
        )
        with unit_of_work(write=False) as uow:
            result = service.run(uow, SYSTEM_ACTOR, data, load_policy(settings().policy))
    if xlsx_file:
        xlsx_file.write_bytes(service.table(result).xlsx())
    if as_json:
        emit_json(result)
        return
    _print(result)
    if xlsx_file:
        console.print(f"→ {xlsx_file}")


def _cells(loss: LossOut) -> list[str]:
    return [f"{value:,}" for value in loss.amounts()]


def _table(title: str, first: str) -> Table:
    from hozen.services.stress import LOSS_HEADERS

    shown = Table(title=title)
    shown.add_column(first)
    for header in LOSS_HEADERS:
        shown.add_column(header, justify="right")
    return shown


def _print(result: StressTestOutput) -> None:
    console.print(
        f"破綻日 {result.date.isoformat()}  未回収割合 {result.unpaid_share}  回収率 {result.recovery_ratio}"
        f"  損失補償率 {result.compensation_ratio}"
    )
    for scenario in result.scenarios:
        shown = _table(f"注文者 {', '.join(str(d) for d in scenario.debtor_ids)} が破綻した場合", "お客様")
        for customer in scenario.by_customer:
            shown.add_row(customer.customer, *_cells(customer))
        shown.add_row("合計", *_cells(scenario.total))
        console.print(shown)
    if result.each_debtor is not None:
        shown = _table("単独破綻の純損失順位", "注文者")
        for line in result.each_debtor:
            shown.add_row(f"{line.debtor}（ID {line.debtor_id}）", *_cells(line))
        console.print(shown)
