"""``hozen business-days``: business-day arithmetic (SPEC §14.5)."""

from __future__ import annotations

from typing import Annotated

import typer

from hozen.cli.common import parse_date
from hozen.domain.calendar import add_business_days

app = typer.Typer(help="営業日の計算 / business-day arithmetic", no_args_is_help=True)


@app.command("add")
def business_days_add(
    date: Annotated[str, typer.Argument(help="起算日 YYYY-MM-DD")],
    count: Annotated[int, typer.Argument(help="営業日数")],
) -> None:
    """DATE の N 営業日後の日付を表示する / print the date N business days after DATE."""
    print(add_business_days(parse_date(date), count).isoformat())
