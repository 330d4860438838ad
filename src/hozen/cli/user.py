"""``hozen user``: users, e.g. the first administrator."""

from __future__ import annotations

from typing import Annotated

import typer

from hozen.cli.common import Opt, fail, unit_of_work, user_errors
from hozen.domain.codes import AuthCode
from hozen.domain.roles import Role

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
