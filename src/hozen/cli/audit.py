"""``hozen audit``: the verification of the audit trail."""

from __future__ import annotations

import typer

from hozen.cli.common import SYSTEM_ACTOR, unit_of_work, user_errors

app = typer.Typer(help="監査 / the audit trail", no_args_is_help=True)


@app.command("verify")
def audit_verify() -> None:
    """履歴のハッシュ連鎖を検証する / verify the hash chain over the whole history (read only); exit 1 when broken."""
    from hozen.domain.codes import AuditCode
    from hozen.services.audit import verify_history

    with user_errors(), unit_of_work(write=False) as uow:
        report = verify_history(uow, SYSTEM_ACTOR)
    if report.broken is None:
        intact, context = AuditCode.HISTORY_CHAIN_INTACT, {"count": report.count, "head_hash": report.head_hash}
        print(f"{intact.message_ja(context)} / {intact.message_en(context)}")
        return
    broken, where = AuditCode.HISTORY_CHAIN_BROKEN, report.broken
    context = {"variant": where.kind, "row_id": where.row_id, "seq": where.seq}
    print(f"エラー[{broken}] {broken.message_ja(context)} / {broken.message_en(context)}")
    raise typer.Exit(1)
