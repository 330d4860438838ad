"""The eligibility calculator through the API and the CLI: same JSON, same errors (SPEC §14.3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hozen.cli import app as cli_app

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "eligibility-check.json"
runner = CliRunner()


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def via_cli(body: dict[str, Any], tmp_path: Path) -> tuple[int, str, str]:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    result = runner.invoke(cli_app, ["check", "--input", str(path), "--json"])
    return result.exit_code, result.stdout, result.stderr


def test_the_documented_example_is_eligible(client: TestClient, tmp_path: Path) -> None:
    api = client.post("/api/v1/eligibility-checks", json=example())
    assert api.status_code == 200 and api.json() == {"eligible": True, "failures": []}
    code, out, _ = via_cli(example(), tmp_path)
    assert code == 0 and json.loads(out) == api.json()


def test_a_failing_case_lists_everything(client: TestClient, tmp_path: Path) -> None:
    body = example()
    body["creditor"]["direct"] = False
    body["debtor"]["trading_suspended"] = True
    body["receivables"][0]["endorsed"] = True
    api = client.post("/api/v1/eligibility-checks", json=body).json()
    assert api["eligible"] is False
    assert [(f["code"], f["subject"], f["index"]) for f in api["failures"]] == [
        ("CREDITOR_NOT_DIRECT", "creditor", None),
        ("DEBTOR_SUSPENDED", "debtor", None),
        ("NOTE_ENDORSED", "receivable", 0),
    ]
    code, out, _ = via_cli(body, tmp_path)
    assert code == 0 and json.loads(out) == api


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        (lambda b: b.pop("as_of"), {"as_of"}),
        (lambda b: b.update(request_date="2026-13-01"), {"request_date"}),
        (lambda b: b["creditor"].update(capital=1.5), {"creditor.capital"}),
        (
            lambda b: (b.pop("product"), b["debtor"].pop("review_base_date"), b["receivables"][0].pop("due_date")),
            {"product", "receivables.0.due_date"},
        ),
        (lambda b: b["receivables"][0].update(kind="cheque"), {"receivables.0.kind"}),
    ],
)
def test_bad_input_names_each_field(client: TestClient, tmp_path: Path, change: Any, fields: set[str]) -> None:
    body = example()
    change(body)
    response = client.post("/api/v1/eligibility-checks", json=body)
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "INVALID_INPUT"
    assert {e["field"] for e in problem["errors"]} == fields
    code, out, err = via_cli(body, tmp_path)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert all(field in err for field in fields)


def test_cli_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text("{not json", encoding="utf-8")
    result = runner.invoke(cli_app, ["check", "--input", str(path)])
    assert result.exit_code == 2 and "INPUT_NOT_JSON" in result.stderr
