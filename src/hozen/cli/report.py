"""``hozen report``: the subsidy claim, exposure, guarantees by state, claims and loss compensation.

Reports from the server's command line are read with an administrator's view (:data:`SYSTEM_ACTOR`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hozen.cli.common import (
    SYSTEM_ACTOR,
    Opt,
    business_today,
    console,
    emit_json,
    fail,
    parse_date,
    settings,
    unit_of_work,
    user_errors,
)
from hozen.domain.codes import InputCode
from hozen.domain.states import Entity

if TYPE_CHECKING:
    from hozen.contract.concentration import ConcentrationOutput
    from hozen.services.reports import Table as ReportTable

app = typer.Typer(
    help="帳票 / reports: subsidy claim, exposure, concentration, guarantees by state, journal", no_args_is_help=True
)

FromOpt = Annotated[str, Opt("--from", help="期間の開始日 YYYY-MM-DD")]
ToOpt = Annotated[str, Opt("--to", help="期間の終了日 YYYY-MM-DD")]
CsvOpt = Annotated[Path | None, Opt("--csv", help="CSVに書き出す")]
XlsxOpt = Annotated[Path | None, Opt("--xlsx", help="Excelに書き出す")]


def _write_report(table: ReportTable, csv_file: Path | None, xlsx_file: Path | None) -> None:
    """Write the CSV and Excel files asked for, then show the table."""
    if csv_file:
        csv_file.write_bytes(table.csv())
        console.print(f"→ {csv_file}")
    if xlsx_file:
        xlsx_file.write_bytes(table.xlsx())
        console.print(f"→ {xlsx_file}")
    shown = Table(title=table.title)
    for header in table.headers:
        shown.add_column(header, overflow="fold")
    for row in table.rows:
        shown.add_row(*("" if cell is None else f"{cell:,}" if isinstance(cell, int) else str(cell) for cell in row))
    console.print(shown)


def _period(start: str, end: str) -> tuple[dt.date, dt.date]:
    """The ``--from`` and ``--to`` dates of a period report."""
    return parse_date(start, "--from"), parse_date(end, "--to")


@app.command("subsidy")
def report_subsidy(start: FromOpt, end: ToOpt, csv_file: CsvOpt = None, xlsx_file: XlsxOpt = None) -> None:
    """助成金請求（期間内の計上・取消の明細と合計） / the subsidy claim of a period."""
    from hozen.services import reports

    with user_errors():
        first, last = _period(start, end)
        with unit_of_work(write=False) as uow:
            _, table = reports.subsidy_claim(uow, SYSTEM_ACTOR, first, last)
    _write_report(table, csv_file, xlsx_file)


@app.command("exposure")
def report_exposure(
    by: Annotated[str, Opt(help="debtor | customer")] = "debtor",
    csv_file: CsvOpt = None,
    xlsx_file: XlsxOpt = None,
) -> None:
    """保証残高と限度額 / exposure against limits by debtor or customer."""
    from hozen.policies import load_policy
    from hozen.services import reports

    if by not in ("debtor", "customer"):
        fail(
            InputCode.INVALID_INPUT,
            {"fields_ja": "--by: debtor または customer", "fields_en": "--by: debtor or customer"},
        )
    with user_errors(), unit_of_work(write=False) as uow:
        query = reports.exposure_by_debtor if by == "debtor" else reports.exposure_by_customer
        rows = query(uow, SYSTEM_ACTOR, load_policy(settings().policy), business_today(uow))
    _write_report(reports.exposure_table(Entity(by), rows), csv_file, xlsx_file)


@app.command("concentration")
def report_concentration(
    by: Annotated[str | None, Opt(help="debtor | group | prefecture | trade（省略時は全部）")] = None,
    top: Annotated[int, Opt(help="上位何件の構成比を出すか（1〜1000）")] = 5,
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力")] = False,
    csv_file: CsvOpt = None,
    xlsx_file: XlsxOpt = None,
) -> None:
    """集中度（注文者・企業グループ・都道府県・業種別の構成比、上位N、HHI、限度額使用率） / concentration."""
    from hozen.contract.concentration import MAX_TOP
    from hozen.domain.codes.risk import ConcentrationBy
    from hozen.policies import load_policy
    from hozen.services import concentration

    dimensions = [d.value for d in ConcentrationBy]
    if by is not None and by not in dimensions:
        fail(
            InputCode.INVALID_INPUT,
            {"fields_ja": f"--by: {' / '.join(dimensions)}", "fields_en": f"--by: {', '.join(dimensions)}"},
        )
    if not 1 <= top <= MAX_TOP:
        fail(InputCode.INVALID_INPUT, {"fields_ja": f"--top: 1〜{MAX_TOP}", "fields_en": f"--top: 1 to {MAX_TOP}"})
    with user_errors(), unit_of_work(write=False) as uow:
        result = concentration.report(
            uow,
            SYSTEM_ACTOR,
            load_policy(settings().policy),
            business_today(uow),
            by=ConcentrationBy(by) if by else None,
            top_n=top,
        )
    if as_json:
        emit_json(result)
        return
    table = concentration.table(result)
    for path, content in ((csv_file, table.csv), (xlsx_file, table.xlsx)):
        if path:
            path.write_bytes(content())
            console.print(f"→ {path}")
    _print_concentration(result)


def _print_concentration(result: ConcentrationOutput) -> None:
    for d in result.dimensions:
        shown = Table(title=f"{d.label_ja}別の保証残高（{result.date.isoformat()}）")
        for header in ("順位", "名称", "保証残高", "構成比(%)"):
            shown.add_column(header, justify="right" if header != "名称" else "left")
        for r in d.rows[: d.top_n]:
            shown.add_row(str(r.rank), r.name, f"{r.exposure:,}", r.share)
        if d.total:
            shown.caption = f"合計 {d.total:,}円（{d.count}件）・上位{d.top_n} {d.top_share}%・HHI {d.hhi:,}"
        else:
            shown.caption = "保証残高はありません（HHI 0）"
        console.print(shown)
    limits = Table(title="限度額の使用率")
    for header in ("区分", "名称", "保証残高", "限度額", "使用率(%)"):
        limits.add_column(header, justify="left" if header in ("区分", "名称") else "right")
    for line in result.limits:
        limits.add_row(
            Entity(line.party).label, line.name, f"{line.exposure:,}", f"{line.limit:,}", line.utilisation or "—"
        )
    console.print(limits)


@app.command("guarantees")
def report_guarantees(csv_file: CsvOpt = None, xlsx_file: XlsxOpt = None) -> None:
    """保証の状態別集計 / guarantees by product and state."""
    from hozen.services import reports

    with user_errors(), unit_of_work(write=False) as uow:
        rows = reports.guarantees_by_state(uow, SYSTEM_ACTOR)
    _write_report(reports.state_table(rows), csv_file, xlsx_file)


@app.command("claims")
def report_claims(csv_file: CsvOpt = None, xlsx_file: XlsxOpt = None) -> None:
    """保証履行と回収 / claims, payouts, recoveries and net losses."""
    from hozen.services import reports

    with user_errors(), unit_of_work(write=False) as uow:
        table = reports.claims_table(uow, SYSTEM_ACTOR)
    _write_report(table, csv_file, xlsx_file)


@app.command("loss-compensation")
def report_loss_compensation(start: FromOpt, end: ToOpt) -> None:
    """損失補償の請求額（支払額−回収額）×補償率 / the loss-compensation claim of a period."""
    from hozen.services.claims import loss_compensation_claim

    with user_errors():
        first, last = _period(start, end)
        with unit_of_work(write=False) as uow:
            result = loss_compensation_claim(uow, SYSTEM_ACTOR, first, last)
    console.print(
        f"{first.isoformat()}〜{last.isoformat()}: 支払 {result.payouts:,}円 − 回収 {result.recoveries:,}円 = "
        f"純損失 {result.net_loss:,}円 × {result.ratio} = 補償請求額 [bold]{result.compensation:,}円[/bold]"
    )


@app.command("journal")
def report_journal(
    start: FromOpt,
    end: ToOpt,
    file_format: Annotated[str, Opt("--format", help="csv（UTF-8）| yayoi（弥生会計インポート、CP932）")] = "csv",
    output: Annotated[Path | None, Opt("--output", help="書き出すファイル（省略時は標準出力）")] = None,
) -> None:
    """仕訳帳（期間内のすべての資金取引の仕訳） / the accounting journal of a period."""
    from hozen.documents.journal_files import journal_csv, yayoi_csv
    from hozen.services import journal

    writers = {"csv": journal_csv, "yayoi": yayoi_csv}
    if file_format not in writers:
        fail(
            InputCode.INVALID_INPUT,
            {"fields_ja": "--format: csv または yayoi", "fields_en": "--format: csv or yayoi"},
        )
    with user_errors():
        first, last = _period(start, end)
        with unit_of_work(write=False) as uow:
            content = writers[file_format](journal.entries(uow, SYSTEM_ACTOR, first, last))
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(content)
        console.print(f"→ {output}")
