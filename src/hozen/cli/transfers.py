"""``hozen transfers``: the 全銀 総合振込 files of the outgoing payments (SPEC §16).

An export from the server's command line is made by no person (its history names none); the lists
are read with an administrator's view (:data:`SYSTEM_ACTOR`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.table import Table

from hozen.cli.common import (
    SYSTEM_ACTOR,
    Opt,
    console,
    emit_json,
    fail,
    parse_date,
    settings,
    unit_of_work,
    user_errors,
)
from hozen.domain.codes import TransferCode

app = typer.Typer(help="総合振込データ / 全銀 transfer files of outgoing payments", no_args_is_help=True)

DateOpt = Annotated[str, Opt("--date", help="振込日（取組日） YYYY-MM-DD")]
OutputOpt = Annotated[Path | None, Opt("--output", help="書き出すファイル（省略時は zengin-日付-番号.txt）")]
JsonOpt = Annotated[bool, Opt("--json", help="APIと同じJSONを表示する")]


def _refuse(path: Path, error: OSError) -> NoReturn:
    fail(TransferCode.OUTPUT_NOT_WRITABLE, {"path": str(path), "error": error.strerror or type(error).__name__})


def _check_writable(path: Path) -> None:
    """Refuse an output that cannot be written before anything is exported (and leave no file behind)."""
    existed = path.exists()
    try:
        with path.open("ab"):
            pass
        if not existed:
            path.unlink()
    except OSError as error:
        _refuse(path, error)


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as error:
        _refuse(path, error)


@app.command("export")
def export(date: DateOpt, output: OutputOpt = None, as_json: JsonOpt = False) -> None:
    """その日の未出力の支払（買取代金・割引代金・保証履行）を全銀ファイルに書き出す / export a day's payments."""
    from hozen.services import presenters, transfers

    day = parse_date(date, "--date")
    if output is not None:
        _check_writable(output)
    with user_errors():
        originator = settings().zengin_originator()
        with unit_of_work() as uow:
            record = transfers.export(uow, None, day, originator)
            body, name = presenters.transfer_export_out(record), transfers.file_name(record)
            content = record.content
    output = output or Path(name)
    _write(output, content)  # should this fail, `hozen transfers file ID` writes the same bytes again
    if as_json:
        emit_json(body)
        return
    console.print(f"{day.isoformat()}: {body.count}件 合計 {body.total:,}円 → {output}（出力番号 {body.id}）")


@app.command("file")
def download(export_id: int, output: OutputOpt = None) -> None:
    """出力済みの全銀ファイルをもう一度書き出す（最初と同じバイト列） / write an earlier file again."""
    from hozen.services import transfers

    with user_errors(), unit_of_work(write=False) as uow:
        name, content = transfers.export_file(uow, SYSTEM_ACTOR, export_id)
    path = output or Path(name)
    _write(path, content)
    console.print(f"→ {path}")


@app.command("due")
def due(date: DateOpt, as_json: JsonOpt = False) -> None:
    """その日の未出力の支払と、口座がなく出力できない支払 / a day's payments not exported yet."""
    from hozen.services import transfers

    day = parse_date(date, "--date")
    with user_errors(), unit_of_work(write=False) as uow:
        result = transfers.due(uow, SYSTEM_ACTOR, day)
    if as_json:
        emit_json(result)
        return
    table = Table("種別", "番号", "お客様", "金額", "振込先", "保留の理由")
    for p in [*result.payable, *result.blocked]:
        bank = f"{p.account.bank_code}-{p.account.branch_code} {p.account.account_number}" if p.account else ""
        reason = TransferCode(p.blocked).label if p.blocked else ""
        table.add_row(p.kind_label, p.reference, p.customer_name, f"{p.amount:,}", bank, reason)
    console.print(table)
    console.print(f"出力できる支払 {result.count}件 合計 {result.total:,}円、保留 {len(result.blocked)}件")


@app.command("list")
def list_exports(as_json: JsonOpt = False) -> None:
    """これまでの総合振込データ / the exports made so far, newest first."""
    from hozen.services import presenters, transfers

    with user_errors(), unit_of_work(write=False) as uow:
        found = [presenters.transfer_export_out(record) for record in transfers.exports(uow, SYSTEM_ACTOR)]
    if as_json:
        print(json.dumps([item.model_dump(mode="json") for item in found], ensure_ascii=False, indent=2))
        return
    table = Table("番号", "振込日", "件数", "合計", "作成日時", "SHA-256")
    for item in found:
        table.add_row(
            str(item.id),
            item.transfer_date.isoformat(),
            str(item.count),
            f"{item.total:,}",
            item.created_at.isoformat(timespec="seconds"),
            item.sha256[:16],
        )
    console.print(table)
