"""The ``hozen`` command (Typer + Rich). ``--json`` prints exactly the API's JSON body.

One module per command group; this module only assembles them. Commands call the services
(:mod:`hozen.cli.common` holds what they share) and never the store's models.
"""

from __future__ import annotations

import typer

from hozen.cli import (
    audit,
    business_date,
    business_days,
    calculators,
    daily,
    db,
    imports,
    outbox,
    report,
    server,
    stress,
    transfers,
    user,
)
from hozen.cli.common import OneLineErrors

app = typer.Typer(
    name="hozen",
    help="保全 Hozen — 下請債権保全支援事業の保証・買取業務システム",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
)

app.command("price")(calculators.price)
app.command("check")(calculators.check)
app.command("frame-simulate")(calculators.frame_simulate)
app.command("claim-assess")(calculators.claim_assess)
app.command("daily")(daily.daily)
app.command("serve")(server.serve)
app.command("demo")(server.demo)
app.command("stress")(stress.stress)

app.add_typer(business_days.app, name="business-days")
app.add_typer(db.app, name="db")
app.add_typer(user.app, name="user")
app.add_typer(business_date.app, name="business-date")
app.add_typer(report.app, name="report")
app.add_typer(outbox.app, name="outbox")
app.add_typer(audit.app, name="audit")
app.add_typer(transfers.app, name="transfers")
app.add_typer(imports.app, name="import")


def main() -> None:
    app()
