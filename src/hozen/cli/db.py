"""``hozen db``: schema migrations, backup and restore of the configured database, and its check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hozen.cli.common import SYSTEM_ACTOR, Opt, business_today, database_url, settings, shown, unit_of_work, user_errors

app = typer.Typer(
    help="データベースの管理 / schema migrations, backup, restore and the ledger check", no_args_is_help=True
)


@app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="target revision")] = "head") -> None:
    """スキーマを最新にする / migrate the schema up (default: to the newest revision)."""
    from hozen.store import admin

    url = database_url()
    with user_errors():
        reached = admin.upgrade(url, revision)
    print(f"{shown(url)}: schema at {reached}")


@app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="target revision, -1 for one step, base")]) -> None:
    """スキーマを戻す / migrate the schema down to REVISION."""
    from hozen.store import admin

    url = database_url()
    with user_errors():
        reached = admin.downgrade(url, revision)
    print(f"{shown(url)}: schema at {reached or 'base (empty)'}")


@app.command("current")
def db_current() -> None:
    """現在のスキーマ版 / print the schema revision of the database."""
    from hozen.store import admin

    url = database_url()
    with user_errors():
        status = admin.schema_status(url)
    note = "(head)" if status.is_current else f"(newest is {status.head}: run hozen db upgrade)"
    print(f"{status.current or 'empty'} {note}")


@app.command("backup")
def db_backup(file: Annotated[Path, typer.Argument(help="backup file to write (must not exist)")]) -> None:
    """バックアップを取る / back up the database to FILE (SQLite backup API or pg_dump)."""
    from hozen.store import admin

    url = database_url()
    with user_errors():
        admin.backup(url, file)
    print(f"{shown(url)} → {file}")


@app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="backup file written by hozen db backup")],
    yes: Annotated[bool, Opt("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """バックアップから戻す / replace the whole database with the backup in FILE (stop the server first)."""
    from hozen.store import admin

    url = database_url()
    if not yes:
        question = f"{shown(url)} の内容をすべて {file} で置き換えます。よろしいですか / replace everything?"
        typer.confirm(question, abort=True)
    with user_errors():
        revision = admin.restore(url, file)
    print(f"{file} → {shown(url)}: schema at {revision}")


@app.command("revision")
def db_revision(message: Annotated[str, Opt("--message", "-m", help="what the migration changes")]) -> None:
    """(開発者向け) モデルとの差分から次のマイグレーションを作る / autogenerate the next migration."""
    from hozen.store import admin

    with user_errors():
        path = admin.new_revision(database_url(), message)
    print(path)


@app.command("check")
def db_check(as_json: Annotated[bool, Opt("--json", help="machine-readable output")] = False) -> None:
    """台帳の整合性を検査する / verify the ledger's invariants (read only); exit 1 when any is broken."""
    import json

    from hozen.domain.codes import InvariantCode
    from hozen.policies import load_policy
    from hozen.services import invariants

    with user_errors(), unit_of_work(write=False) as uow:
        findings = invariants.check(uow, SYSTEM_ACTOR, load_policy(settings().policy), business_today(uow))
    if as_json:
        print(json.dumps(invariants.as_json(findings), ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            context = finding.context()
            print(f"違反[{finding.code}] {finding.code.message_ja(context)} / {finding.code.message_en(context)}")
        summary = InvariantCode.VIOLATIONS_FOUND if findings else InvariantCode.NO_VIOLATIONS
        context = {"count": len(findings)}
        print(f"{summary.message_ja(context)} / {summary.message_en(context)}")
    if findings:
        raise typer.Exit(1)
