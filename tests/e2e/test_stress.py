"""Stress tests (SPEC §19) on the demonstration data: recomputed by hand from the stored rows, over HTTP and the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from fractions import Fraction

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.contract.stress import Scenario, StressTestInput
from hozen.domain.roles import Actor, Role
from hozen.policies import preset
from hozen.services import stress
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.store.models import Guarantee, Purchase
from tests.e2e.test_purchases_http import bought
from tests.support import bearer, ok, set_business_date, web_login

runner = CliRunner()
DAY = dt.date(2026, 12, 10)
STAFF = Actor(1, Role.UNDERWRITER)


def by_hand(database: Database, debtor_id: int, share: Fraction, recovery: Fraction) -> dict[int, int]:
    """Each customer's net loss from the stored guarantees and purchases of ``debtor_id`` failing on DAY."""
    payouts: dict[int, int] = {}
    with database.unit_of_work(write=False) as uow:
        for g in uow.session.scalars(select(Guarantee).where(Guarantee.debtor_id == debtor_id)):
            if g.state in ("active", "awaiting_start") and g.start_date <= DAY <= g.end_date:
                paid = g.amount if g.product == "frame" else int(g.amount * share)  # int() floors a positive amount
                payouts[g.customer_id] = payouts.get(g.customer_id, 0) + paid
        for p in uow.session.scalars(select(Purchase).where(Purchase.debtor_id == debtor_id)):
            if p.state == "executed" and p.purchase_date <= DAY <= p.due_date:
                payouts[p.customer_id] = payouts.get(p.customer_id, 0) + p.face
    net = {}
    for customer, paid in payouts.items():
        recovered = int(paid * recovery)
        net[customer] = paid - recovered - int((paid - recovered) * Fraction(3, 4))
    return net


def test_a_demo_debtor_recomputed_by_hand(database: Database) -> None:
    seed(database)  # 東西建設: 乙設備's frame ¥9,200,000 and 甲工業's note ¥2,000,000 (awaiting its start 11-26)
    policy = dataclasses.replace(preset("north"), recovery_ratio=Fraction(1, 10))
    data = StressTestInput(date=DAY, scenarios=[Scenario(debtor_ids=[2])], unpaid_share="0.5")
    with database.unit_of_work(write=False) as uow:
        [scenario] = stress.run(uow, STAFF, data, policy).scenarios
    expected = by_hand(database, 2, Fraction(1, 2), Fraction(1, 10))
    assert {line.customer_id: line.net_loss for line in scenario.by_customer} == expected
    # 甲工業: ¥1,000,000 − 100,000 − 675,000 = 225,000; 乙設備: ¥9,200,000 − 920,000 − 6,210,000 = 2,070,000
    assert scenario.total.net_loss == sum(expected.values()) == 2_295_000
    assert (scenario.total.frame, scenario.total.individual) == (9_200_000, 1_000_000)


def test_several_debtors_side_by_side_over_http_and_the_cli(
    client: TestClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(database)
    names = ("admin", "kou", "otsu", "shinsa", "kessai", "jimu")
    headers = {name: bearer(client, name, DEMO_PASSWORD) for name in names}
    debtors = ok(client.get("/api/v1/debtors", headers=headers["shinsa"]))
    purchase = bought(client, headers, debtors[0]["corporate_number"])  # ¥1,000,000 note of 大和建設, due 2027-01-29
    set_business_date(client, headers["admin"], "2026-11-27")
    papers = {"arrived_on": "2026-11-20"}
    ok(client.post(f"/api/v1/purchases/{purchase['id']}/papers", headers=headers["jimu"], json=papers))
    ok(client.post(f"/api/v1/purchases/{purchase['id']}/execute", headers=headers["jimu"]))

    body = {"date": DAY.isoformat(), "scenarios": [{"debtor_ids": [1]}, {"debtor_ids": [1, 2]}], "each_debtor": True}
    result = ok(client.post("/api/v1/stress-tests", headers=headers["shinsa"], json=body))
    alone, together = result["scenarios"]
    assert alone["total"]["net_loss"] == sum(by_hand(database, 1, Fraction(1), Fraction(0)).values())
    # 大和建設 fails: 甲工業's guaranteed note ¥3,000,000 and the bought note ¥1,000,000 → net ¥1,000,000
    assert (alone["total"]["individual"], alone["total"]["purchase"], alone["total"]["net_loss"]) == (
        3_000_000,
        1_000_000,
        1_000_000,
    )
    assert together["total"]["payouts"] == alone["total"]["payouts"] + 11_200_000  # 東西建設's frame and note
    ranked = result["each_debtor"]
    assert [row["net_loss"] for row in ranked] == sorted((row["net_loss"] for row in ranked), reverse=True)
    assert {row["debtor_id"]: row["net_loss"] for row in ranked}[1] == alone["total"]["net_loss"]

    xlsx = client.post("/api/v1/stress-tests?format=xlsx", headers=headers["shinsa"], json=body)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    totals = [row for row in sheet.iter_rows(values_only=True) if row[1] == "合計"]
    assert [row[-1] for row in totals] == [alone["total"]["net_loss"], together["total"]["net_loss"]]

    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    cli = runner.invoke(cli_app, ["stress", "--debtor", "1", "--date", DAY.isoformat(), "--json"])
    assert cli.exit_code == 0 and json.loads(cli.stdout)["scenarios"] == [alone]
    shown = runner.invoke(cli_app, ["stress", "--each", "--date", DAY.isoformat()])
    assert shown.exit_code == 0 and "単独破綻の純損失順位" in shown.stdout


def test_bad_stress_input(client: TestClient, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(database)
    staff, customer = bearer(client, "shinsa", DEMO_PASSWORD), bearer(client, "kou", DEMO_PASSWORD)
    body = {"date": DAY.isoformat(), "scenarios": [{"debtor_ids": [99]}]}
    unknown = client.post("/api/v1/stress-tests", headers=staff, json=body)
    assert unknown.status_code == 422 and unknown.json()["code"] == "STRESS_UNKNOWN_DEBTOR"
    for share, code in (("0", "INVALID_SHARE"), ("1.5", "INVALID_INPUT"), (0.5, "INVALID_INPUT")):
        refused = client.post("/api/v1/stress-tests", headers=staff, json={"date": "2026-12-10", "unpaid_share": share})
        assert refused.status_code == 422 and refused.json()["code"] == code
    far = client.post("/api/v1/stress-tests", headers=staff, json={"date": "2101-01-01"})
    assert far.status_code == 422
    assert client.post("/api/v1/stress-tests", headers=customer, json=body).status_code == 403

    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    cli = runner.invoke(cli_app, ["stress", "--debtor", "1", "--date", "2026-12-10", "--unpaid-share", "0"])
    assert cli.exit_code == 2 and cli.stderr.count("\n") == 1 and "INVALID_SHARE" in cli.stderr


def test_the_staff_page_shows_scenarios_and_the_ranking(client: TestClient, database: Database) -> None:
    seed(database)
    web_login(client, "shinsa", DEMO_PASSWORD)
    page = client.get("/staff/risk", params={"date": "2026-12-10", "scenarios": "1; 1,2", "share": "0.5"})
    assert page.status_code == 200
    html = page.text
    assert "シナリオ2" in html and "<svg" in html and "単独で破綻した場合" in html
    # 東西建設 alone: frame ¥9,200,000 + ½ × note ¥2,000,000 → payouts ¥10,200,000, net ¥2,550,000
    assert "10,200,000" in html and "2,550,000" in html
    workbook = client.get("/staff/risk.xlsx", params={"date": "2026-12-10", "scenarios": "2", "share": "0.5"})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    assert [row[-1] for row in sheet.iter_rows(values_only=True) if row[1] == "合計"] == [2_550_000]
    refused = client.get("/staff/risk", params={"date": "2026-12-10", "scenarios": "abc", "share": "2"})
    assert refused.status_code == 422 and 'value="abc"' in refused.text and "入力を確認してください" in refused.text


def test_the_portfolio_is_read_whole_from_the_cursor(database: Database) -> None:
    """Every live holding arrives as one row of the columns, the first included; none on an empty book."""
    with database.unit_of_work(write=False) as uow:
        empty = stress.holdings(uow.session, DAY)
    assert [column.size for column in (empty.debtor_ids, empty.customer_ids, empty.kinds, empty.amounts)] == [0] * 4
    seed(database)
    with database.unit_of_work(write=False) as uow:
        read = stress.holdings(uow.session, DAY)
        expected = sorted(
            [
                (g.debtor_id, g.customer_id, g.amount)
                for g in uow.session.scalars(select(Guarantee))
                if g.state in ("active", "awaiting_start") and g.start_date <= DAY <= g.end_date
            ]
            + [  # bought notes not yet due are lost at face
                (p.debtor_id, p.customer_id, p.face)
                for p in uow.session.scalars(select(Purchase))
                if p.state == "executed" and p.purchase_date is not None and p.purchase_date <= DAY <= p.due_date
            ]
        )
    assert (
        sorted(zip(read.debtor_ids.tolist(), read.customer_ids.tolist(), read.amounts.tolist(), strict=True))
        == expected
    )
