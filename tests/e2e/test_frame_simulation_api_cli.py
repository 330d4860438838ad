"""The frame simulation through the API and the CLI (SPEC §14.2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hozen.cli import app as cli_app

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "frame-simulation.json"
runner = CliRunner()


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_spec_example_through_api_and_cli(client: TestClient) -> None:
    api = client.post("/api/v1/frame-simulations", json=example())
    assert api.status_code == 200
    body = api.json()
    assert (body["peak_balance"], body["recommended_limit"], body["days"]) == (9_200_000, 9_200_000, 264)
    assert body["period"] == {"start": "2026-06-10", "end": "2027-02-28"}
    assert body["timeline"][3] == {"date": "2026-08-20", "balance": 9_200_000}
    quote = body["quote"]
    assert (quote["gross_fee"], quote["subsidy"], quote["office_fee"], quote["payable"]) == (
        299_441,
        99_813,
        3_300,
        202_928,
    )
    result = runner.invoke(cli_app, ["frame-simulate", "--input", str(EXAMPLE), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == body


def test_without_a_rate_there_is_no_quote(client: TestClient) -> None:
    body = {k: v for k, v in example().items() if k != "rate"}
    assert client.post("/api/v1/frame-simulations", json=body).json()["quote"] is None


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"closing_day": 31}, {"closing_day"}),
        ({"cash_ratio": 0.4}, {"cash_ratio"}),
        ({"progress": [{"month": "2026-13", "amount": 1}]}, {"progress.0.month"}),
        ({"payment_day": "end"}, {"payment_day"}),
    ],
)
def test_bad_input(client: TestClient, tmp_path: Path, change: dict[str, Any], fields: set[str]) -> None:
    body = {**example(), **change}
    problem = client.post("/api/v1/frame-simulations", json=body).json()
    assert problem["code"] == "INVALID_INPUT"
    assert {e["field"].split(".int")[0].split(".literal")[0] for e in problem["errors"]} >= fields
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    result = runner.invoke(cli_app, ["frame-simulate", "--input", str(path)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_progress_before_the_work_start_is_a_domain_error(client: TestClient) -> None:
    body = {**example(), "progress": [{"month": "2026-05", "amount": 1_000_000}]}
    problem = client.post("/api/v1/frame-simulations", json=body).json()
    assert problem["code"] == "PROGRESS_BEFORE_START"
