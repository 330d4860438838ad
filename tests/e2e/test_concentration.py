"""Concentration (SPEC §19) on the demonstration data: recomputed by hand from the stored reservations,
over HTTP (JSON, CSV, Excel) and the CLI; debtors classified through the API."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from fractions import Fraction
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.domain.roles import Role
from hozen.services.demo import DEMO_PASSWORD, seed
from hozen.store.db import Database
from hozen.store.models import Debtor, Reservation
from tests.support import bearer, ok, web_login

runner = CliRunner()
URL = "/api/v1/reports/concentration"


def half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


def percent(part: int, whole: int) -> str:
    hundredths = half_up(Fraction(part * 10_000, whole))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def by_hand(database: Database) -> dict[str, dict[str, int]]:
    """Each dimension's exposure by key, summed from the reserved rows and the debtors' classification."""
    sums: dict[str, dict[str, int]] = {d: defaultdict(int) for d in ("debtor", "group", "prefecture", "trade")}
    with database.unit_of_work(write=False) as uow:
        debtors = {d.id: d for d in uow.session.scalars(select(Debtor))}
        for r in uow.session.scalars(select(Reservation).where(Reservation.state == "reserved")):
            debtor = debtors[r.debtor_id]
            sums["debtor"][str(debtor.id)] += r.amount
            sums["group"][debtor.group_code or f"debtor:{debtor.id}"] += r.amount
            sums["prefecture"][debtor.prefecture or ""] += r.amount
            sums["trade"][debtor.trade or ""] += r.amount
    return sums


def hhi(exposures: dict[str, int]) -> int:
    total = sum(exposures.values())
    return half_up(Fraction(10_000 * sum(e * e for e in exposures.values()), total * total)) if total else 0


@pytest.fixture
def demo(client: TestClient, database: Database) -> dict[str, str]:
    seed(database)
    return bearer(client, "shinsa", DEMO_PASSWORD)


def test_report_recomputed_by_hand(client: TestClient, database: Database, demo: dict[str, str]) -> None:
    expected = by_hand(database)
    body = ok(client.get(URL, params={"top": 2}, headers=demo))
    assert [d["by"] for d in body["dimensions"]] == ["debtor", "group", "prefecture", "trade"]
    total = sum(expected["debtor"].values())
    assert total > 0 and body["total_exposure"] == total
    for dimension in body["dimensions"]:
        sums = expected[dimension["by"]]
        assert {r["key"]: r["exposure"] for r in dimension["rows"]} == sums
        assert {r["key"]: r["share"] for r in dimension["rows"]} == {k: percent(v, total) for k, v in sums.items()}
        assert dimension["hhi"] == hhi(sums) and dimension["total"] == total
        largest = sorted(sums.values(), reverse=True)[:2]
        assert dimension["top_share"] == percent(sum(largest), total)
        assert [r["rank"] for r in dimension["rows"]] == list(range(1, len(sums) + 1))
    groups = {r["key"]: r["name"] for r in body["dimensions"][1]["rows"]}
    assert groups.get("YAMATO") == "大和グループ"  # 大和建設 and 北陸土木 count together
    prefectures = {r["key"]: r["name"] for r in body["dimensions"][2]["rows"]}
    assert prefectures["27"] == "大阪府"

    # every limit: debtors then customers, the fullest first, exposure / limit in percent
    with database.unit_of_work(write=False) as uow:
        debtor_count = len(uow.session.scalars(select(Debtor.id)).all())
    debtor_lines = [line for line in body["limits"] if line["party"] == "debtor"]
    assert len(debtor_lines) == debtor_count
    for line in body["limits"]:
        assert line["utilisation"] == (percent(line["exposure"], line["limit"]) if line["limit"] else None)
    fullest = [Fraction(line["exposure"], line["limit"]) for line in debtor_lines if line["limit"]]
    assert fullest == sorted(fullest, reverse=True)


def test_one_dimension_as_csv_and_excel(client: TestClient, database: Database, demo: dict[str, str]) -> None:
    body = ok(client.get(URL, params={"by": "prefecture"}, headers=demo))
    [prefectures] = body["dimensions"]

    answer = client.get(URL, params={"by": "prefecture", "format": "csv"}, headers=demo)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["区分", "順位", "コード", "名称", "保証残高", "構成比・使用率(%)"]
    listed = [row for row in rows[1:] if row[0] == "都道府県" and row[1].isdigit()]
    assert [(row[2], row[3], int(row[4]), row[5]) for row in listed] == [
        (r["key"], r["name"], r["exposure"], r["share"]) for r in prefectures["rows"]
    ]
    assert [rows[3][0], rows[3][1]] == ["都道府県", "HHI"] and rows[3][5] == str(prefectures["hhi"])

    workbook = client.get(URL, params={"by": "prefecture", "format": "xlsx"}, headers=demo)
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    top = next(row for row in cells if row[1] == f"上位{prefectures['top_n']}")
    assert top[5] == prefectures["top_share"] and top[4] == sum(r["exposure"] for r in prefectures["rows"][:5])
    limits = [row for row in cells if row[0] == "注文者の限度額"]
    assert [row[3] for row in limits] == [line["name"] for line in body["limits"] if line["party"] == "debtor"]


def test_refusals_over_http(client: TestClient, demo: dict[str, str]) -> None:
    for params in ({"by": "city"}, {"top": 0}, {"top": 1001}):
        answer = client.get(URL, params=params, headers=demo)
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    customer = bearer(client, "kou", DEMO_PASSWORD)
    assert client.get(URL, headers=customer).status_code == 403


def test_empty_portfolio_has_no_exposure(client: TestClient, make_user: Any) -> None:
    make_user(Role.UNDERWRITER, login="alone")
    headers = bearer(client, "alone")
    body = ok(client.get(URL, headers=headers))
    assert body["total_exposure"] == 0 and body["limits"] == []
    assert [(d["hhi"], d["top_share"], d["rows"]) for d in body["dimensions"]] == [(0, "0.00", [])] * 4


def test_classifying_a_debtor(client: TestClient, demo: dict[str, str]) -> None:
    debtors = ok(client.get("/api/v1/debtors", headers=demo))
    mirai = next(d for d in debtors if d["name"] == "株式会社みらい工務店")
    assert (mirai["prefecture"], mirai["prefecture_ja"], mirai["trade_ja"]) == (
        "14",
        "神奈川県",
        "職別工事業（設備工事業を除く）",
    )
    url = f"/api/v1/debtors/{mirai['id']}/classification"

    joined = {"group_code": "YAMATO", "group_name": "大和グループ", "prefecture": "01", "trade": "08"}
    shown = ok(client.put(url, headers=demo, json=joined))
    assert (shown["group_name"], shown["prefecture_ja"], shown["trade_ja"]) == ("大和グループ", "北海道", "設備工事業")
    groups = ok(client.get(URL, params={"by": "group"}, headers=demo))["dimensions"][0]["rows"]
    assert "debtor:" + str(mirai["id"]) not in {r["key"] for r in groups}

    other_name = client.put(url, headers=demo, json={**joined, "group_name": "別の名前"})
    assert other_name.status_code == 409 and other_name.json()["code"] == "DEBTOR_GROUP_NAME_CONFLICT"
    half = client.put(url, headers=demo, json={"group_code": "ABC"})
    assert half.status_code == 422 and half.json()["errors"][0]["code"] == "DEBTOR_GROUP_INCOMPLETE"
    for bad in ({"prefecture": "48"}, {"trade": "09"}, {"group_code": "日本", "group_name": "x"}):
        refused = client.put(url, headers=demo, json=bad)
        assert refused.status_code == 422, bad
    cleared = ok(client.put(url, headers=demo, json={}))
    assert (cleared["group_code"], cleared["prefecture"], cleared["trade"]) == (None, None, None)


def test_cli_report(
    client: TestClient, database: Database, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOZEN_DATABASE_URL", database.url)
    body = ok(client.get(URL, params={"by": "trade", "top": 1}, headers=demo))
    cli = runner.invoke(cli_app, ["report", "concentration", "--by", "trade", "--top", "1", "--json"])
    assert cli.exit_code == 0 and json.loads(cli.stdout) == body

    shown = runner.invoke(cli_app, ["report", "concentration", "--by", "trade"])
    [trades] = body["dimensions"]
    assert shown.exit_code == 0 and f"HHI {trades['hhi']:,}" in shown.stdout and "総合工事業" in shown.stdout

    for args in (["--by", "city"], ["--top", "0"]):
        refused = runner.invoke(cli_app, ["report", "concentration", *args])
        assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "INVALID_INPUT" in refused.stderr


def test_pages_show_the_figures(client: TestClient, demo: dict[str, str]) -> None:
    body = ok(client.get(URL, headers=demo))
    web_login(client, "shinsa", DEMO_PASSWORD)
    dashboard = client.get("/staff").text
    for d in body["dimensions"]:
        assert f"HHI {d['hhi']:,}" in dashboard
    assert "企業グループ別の構成比（上位5）" in dashboard and "都道府県別の構成比（上位5）" in dashboard
    prefectures = body["dimensions"][2]["rows"]
    assert f"{prefectures[0]['share']}%" in dashboard and prefectures[0]["name"] in dashboard
    risk = client.get("/staff/risk").text
    assert 'id="concentration"' in risk and "限度額の使用率" in risk
    fullest = body["limits"][0]
    assert f"{fullest['utilisation']}%" in risk


def test_pages_without_exposure_say_so(client: TestClient, make_user: Any) -> None:
    make_user(Role.UNDERWRITER, login="alone")
    web_login(client, "alone")
    for path in ("/staff", "/staff/risk"):
        page = client.get(path)
        assert page.status_code == 200 and "保証残高はありません。集中度の計算対象がありません（HHI 0）。" in page.text
