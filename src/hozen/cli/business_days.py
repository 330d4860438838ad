"""``hozen business-days``: business-day arithmetic (SPEC §14.5)."""

from __future__ import annotations

from typing import Annotated

import typer

from hozen.cli.common import parse_date
from hozen.domain.calendar import add_business_days

MAX_BUSINESS_DAYS = 10_000
"""About forty years of business days: more is a typing mistake."""

app = typer.Typer(help="営業日の計算 / business-day arithmetic", no_args_is_help=True)


@app.command("add", context_settings={"ignore_unknown_options": True})  # a negative count is not an option
def business_days_add(
    date: Annotated[str, typer.Argument(help="起算日 YYYY-MM-DD")],
    count: Annotated[
        int, typer.Argument(min=-MAX_BUSINESS_DAYS, max=MAX_BUSINESS_DAYS, help="営業日数（負の数はさかのぼる）")
    ],
) -> None:
    """DATE の N 営業日後（N が負なら前）の日付を表示する / print the date N business days after (before) DATE."""
    print(add_business_days(parse_date(date), count).isoformat())
