"""``hozen user``: users — the first administrator, roles, deactivation, unlocking, password resets.

These commands act as the server's command line (whoever runs them holds the database): they need no
login, and their history rows name no person (自動処理)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from hozen.cli.common import CLOCK, Opt, fail, unit_of_work, user_errors
from hozen.domain.codes import AuthCode
from hozen.domain.roles import Role

if TYPE_CHECKING:
    from hozen.services.users import UserRecord
    from hozen.store.db import UnitOfWork

app = typer.Typer(help="利用者の管理 / users", no_args_is_help=True)


@app.command("create")
def user_create(
    login: Annotated[str, Opt(help="ログインID")],
    role: Annotated[str, Opt(help="underwriter | approver | senior_approver | operations | claims | admin | customer")],
    display_name: Annotated[str | None, Opt(help="表示名（省略時はログインID）")] = None,
    customer_id: Annotated[int | None, Opt(help="お客様の利用者の会社ID")] = None,
    email: Annotated[str | None, Opt(help="お知らせを受け取るメールアドレス")] = None,
    password: Annotated[
        str,
        Opt(prompt="パスワード / password", hide_input=True, confirmation_prompt=True, envvar="HOZEN_USER_PASSWORD"),
    ] = "",
) -> None:
    """利用者を作る（最初の管理者など） / create a user; the password is asked for or read from HOZEN_USER_PASSWORD."""
    from hozen.services.auth import create_user

    try:
        chosen = Role(role)
    except ValueError:
        fail(AuthCode.INVALID_ROLE, {"role": role, "choices": list(Role)})
    with user_errors(), unit_of_work() as uow:
        user = create_user(
            uow,
            None,
            login=login,
            display_name=display_name or login,
            password=password,
            role=chosen,
            customer_id=customer_id,
            email=email,
        )
    print(f"created user {user.id}: {user.login} ({user.role.value})")


Login = Annotated[str, typer.Argument(help="ログインID / login id")]
Reason = Annotated[str, Opt(help="理由（履歴に残ります）/ why, recorded in the user's history")]


def _user_command(login: str, work: Callable[[UnitOfWork, int, dt.datetime], UserRecord]) -> UserRecord:
    """Run one change on the user named by login id, as the server's command line; refusals exit 2."""
    from hozen.services import users

    with user_errors(), unit_of_work() as uow:
        return work(uow, users.id_of(uow, login), CLOCK.now())


def _line(record: UserRecord) -> str:
    user = record.user
    state = "有効" if user.active else "無効"
    locked = f"  ロック中（{record.locked_until:%Y-%m-%d %H:%M} UTC まで）" if record.locked_until else ""
    return f"{user.id}\t{user.login}\t{user.role.value}（{user.role.label}）\t{state}{locked}\t{user.display_name}"


@app.command("list")
def user_list() -> None:
    """利用者の一覧 / list the users with their role, whether active and whether locked."""
    from hozen.services import users

    with user_errors(), unit_of_work(write=False) as uow:
        records = users.list_users(uow, None, CLOCK.now())
    for record in records:
        print(_line(record))


@app.command("set-role")
def user_set_role(
    login: Login, role: Annotated[str, typer.Argument(help="新しい役割 / the new role")], reason: Reason = ""
) -> None:
    """役割を変更する / change a user's role (from its next request)."""
    from hozen.services import users

    try:
        chosen = Role(role)
    except ValueError:
        fail(AuthCode.INVALID_ROLE, {"role": role, "choices": list(Role)})
    wanted = users.UserChange(role=chosen, reason=reason)
    print(_line(_user_command(login, lambda uow, user_id, now: users.change(uow, None, user_id, wanted, now))))


@app.command("deactivate")
def user_deactivate(login: Login, reason: Reason = "") -> None:
    """利用者を無効にする / deactivate a user: its web sessions end and its API tokens are revoked."""
    from hozen.services import users

    print(_line(_user_command(login, lambda uow, i, now: users.set_active(uow, None, i, False, now, reason))))


@app.command("reactivate")
def user_reactivate(login: Login, reason: Reason = "") -> None:
    """利用者を再び有効にする / reactivate a user."""
    from hozen.services import users

    print(_line(_user_command(login, lambda uow, i, now: users.set_active(uow, None, i, True, now, reason))))


@app.command("unlock")
def user_unlock(login: Login, reason: Reason = "") -> None:
    """ログイン停止を解除する / unlock a login id locked after failed logins."""
    from hozen.services import users

    print(_line(_user_command(login, lambda uow, i, now: users.unlock(uow, None, i, now, reason))))


@app.command("reset-password")
def user_reset_password(login: Login, reason: Reason = "") -> None:
    """仮パスワードを発行する / give a user a temporary password (printed once; changed at the next login)."""
    from hozen.services import users

    temporary: list[str] = []

    def work(uow: UnitOfWork, user_id: int, now: dt.datetime) -> UserRecord:
        record, password = users.reset_password(uow, None, user_id, now, reason)
        temporary.append(password)
        return record

    print(_line(_user_command(login, work)))
    print(f"仮パスワード / temporary password: {temporary[0]}")
