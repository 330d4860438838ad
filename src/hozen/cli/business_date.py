"""``hozen business-date``: the business date ("as of") that the daily run and the pages work on."""

from __future__ import annotations

from typing import Annotated

import typer

from hozen.cli.common import SYSTEM_ACTOR, business_today, parse_date, unit_of_work, user_errors

app = typer.Typer(help="業務日付 / the business date (as of)", no_args_is_help=True)


@app.command("show")
def business_date_show() -> None:
    """現在の業務日付を表示する / print the business date."""
    with user_errors(), unit_of_work(write=False) as uow:
        print(business_today(uow).isoformat())


@app.command("set")
def business_date_set(date: Annotated[str, typer.Argument(help="YYYY-MM-DD")]) -> None:
    """業務日付を設定する（検証・デモ用） / set the business date (for tests and demonstrations)."""
    from hozen.services.portfolio import set_today

    day = parse_date(date)
    with user_errors(), unit_of_work() as uow:
        set_today(uow, SYSTEM_ACTOR, day)
    print(day.isoformat())
