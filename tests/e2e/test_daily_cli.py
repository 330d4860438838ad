"""`hozen daily` and `hozen business-date` against a real database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.contract.reviews import PaymentInput
from hozen.services import guarantees
from hozen.store.db import Database
from hozen.store.models import Guarantee
from tests.integration.scenario import TODAY, build
from tests.integration.test_workflow import applied_invoice, approved_review

runner = CliRunner()


def test_daily_run_from_the_command_line(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    world = build(database)
    invoice_id, amount = applied_invoice(world, approved_review(world, [2_000_000]))
    payment = PaymentInput(invoice_id=invoice_id, amount=amount, received_on=TODAY, idempotency_key="cli-daily-1")
    with database.unit_of_work() as uow:
        guarantees.record_payment(uow, world.operations, payment, today=TODAY)

    assert runner.invoke(cli_app, ["business-date", "set", "2026-11-25"]).exit_code == 0
    before = runner.invoke(cli_app, ["daily"])
    assert before.exit_code == 0 and "効力発生 0件" in before.stdout
    assert runner.invoke(cli_app, ["business-date", "set", "2026-11-26"]).exit_code == 0
    assert runner.invoke(cli_app, ["business-date", "show"]).stdout.strip() == "2026-11-26"
    result = runner.invoke(cli_app, ["daily"])
    assert result.exit_code == 0 and "効力発生 1件" in result.stdout
    again = runner.invoke(cli_app, ["daily"])
    assert "効力発生 0件" in again.stdout  # idempotent
    with database.unit_of_work(write=False) as uow:
        guarantee = uow.session.scalars(select(Guarantee)).one()
        assert guarantee.state == "active" and guarantee.certificate_issued_on == dt.date(2026, 11, 26)


def test_bad_business_date_is_one_line(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    result = runner.invoke(cli_app, ["business-date", "set", "2026-02-30"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "INVALID_DATE" in result.stderr


def test_demo_prepares_its_database_and_prints_the_logins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "demo.sqlite3"
    first = runner.invoke(cli_app, ["demo", "--database", str(target), "--seed-only"])
    assert first.exit_code == 0, first.output
    assert target.exists() and "admin" in first.stdout and "kou" in first.stdout and "hozen-demo-2026" in first.stdout
    size = target.stat().st_size
    again = runner.invoke(cli_app, ["demo", "--database", str(target), "--seed-only"])  # keeps the data
    assert again.exit_code == 0 and target.stat().st_size == size
