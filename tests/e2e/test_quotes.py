"""The quote calculator through the CLI and the API: same JSON, same errors (SPEC §14.1)."""

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hozen.app import create_app
from hozen.cli import app as cli_app
from tests.support import csrf_of

runner = CliRunner()

EXAMPLE_1 = {
    "product": "note",
    "amount": 2_000_000,
    "rate": "4.5",
    "start": "2026-04-01",
    "end": "2026-06-29",
}
EXAMPLE_2 = {
    "product": "purchase",
    "amount": 1_000_000,
    "rate": "5.0",
    "start": "2026-04-01",
    "end": "2026-05-20",
    "method": "net_rate",
    "fee_rounding": "half_up",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), base_url="https://testserver")  # the session cookie is Secure


def cli_args(body: dict[str, Any]) -> list[str]:
    args = ["price", "--json"]
    for key, value in body.items():
        if key == "subsidy":
            if not value:
                args.append("--no-subsidy")
            continue
        args += [f"--{key.replace('_', '-')}", str(value)]
    return args


def via_cli(body: dict[str, Any]) -> dict[str, Any]:
    result = runner.invoke(cli_app, cli_args(body))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("body", "payable", "net_fee"), [(EXAMPLE_1, 15_894, 14_794), (EXAMPLE_2, 4_795, 4_795)])
def test_worked_examples_through_cli_and_api(
    client: TestClient, body: dict[str, Any], payable: int, net_fee: int
) -> None:
    response = client.post("/api/v1/quotes", json=body)
    assert response.status_code == 200
    api = response.json()
    assert api["payable"] == payable and api["net_fee"] == net_fee
    assert via_cli(body) == api


def test_output_keys_and_types(client: TestClient) -> None:
    body = client.post("/api/v1/quotes", json=EXAMPLE_1).json()
    assert body == {
        "product": "note",
        "guaranteed_amount": 2_000_000,
        "days": 90,
        "gross_rate": "4.5",
        "subsidy_rate": "1.5",
        "net_rate": "3.0",
        "gross_fee": 22_191,
        "subsidy": 7_397,
        "net_fee": 14_794,
        "office_fee": 1_100,
        "discount_fee": 0,
        "payable": 15_894,
        "effective_rate": "0.74",
        "warnings": [],
    }


def test_effective_rate_of_the_spec_purchase_example(client: TestClient) -> None:
    # 3.5 % × 80 / 365 = 0.77 %
    body = dict(EXAMPLE_2, end="2026-06-19")
    assert client.post("/api/v1/quotes", json=body).json()["effective_rate"] == "0.77"


@pytest.mark.parametrize(
    ("extra", "amount"),
    [
        ({"invoice_amount": 1_234_567}, 987_653),
        ({"notified_amount": 1_234_567}, 1_234_567),
        ({"notified_amount": 1_500_000, "already_guaranteed": 1_200_000}, 300_000),
    ],
)
def test_ar_amounts(client: TestClient, extra: dict[str, int], amount: int) -> None:
    body = {"product": "ar", "rate": "4.5", "start": "2026-04-01", "end": "2026-06-29", **extra}
    api = client.post("/api/v1/quotes", json=body).json()
    assert api["guaranteed_amount"] == amount
    assert via_cli(body) == api


def test_overrides_and_no_subsidy(client: TestClient) -> None:
    body = dict(EXAMPLE_1, subsidy=False, office_fee=0, fee_rounding="up")
    api = client.post("/api/v1/quotes", json=body).json()
    assert (api["subsidy"], api["office_fee"], api["payable"]) == (0, 0, 22_192)  # 22,191.78 rounded up
    assert via_cli(body) == api


def test_frame_and_discount(client: TestClient) -> None:
    frame = dict(EXAMPLE_1, product="frame", frame_change="abolition")
    assert client.post("/api/v1/quotes", json=frame).json()["payable"] == 1_100
    discount = dict(EXAMPLE_1, product="discount", discount_rate="1.5")
    api = client.post("/api/v1/quotes", json=discount).json()
    assert api["discount_fee"] == 7_397 and api["payable"] == 15_894 + 7_397
    assert via_cli(discount) == api


def test_programme_end_warning(client: TestClient) -> None:
    body = dict(EXAMPLE_1, start="2027-04-01", end="2027-06-29")
    assert client.post("/api/v1/quotes", json=body).json()["warnings"] == ["AFTER_PROGRAMME_END"]


BAD = [
    ({**EXAMPLE_1, "rate": "20"}, "RATE_OUT_OF_POLICY_RANGE", None),
    ({**EXAMPLE_1, "end": "2026-03-01"}, "END_BEFORE_START", None),
    ({**EXAMPLE_1, "amount": -5}, "AMOUNT_NOT_POSITIVE", None),
    ({**EXAMPLE_1, "rate": 4.5}, "INVALID_INPUT", "rate"),
    ({**EXAMPLE_1, "rate": "4.1234"}, "INVALID_INPUT", "rate"),
    ({**EXAMPLE_1, "start": "2026-13-01"}, "INVALID_INPUT", "start"),
    ({**EXAMPLE_1, "product": "loan"}, "INVALID_INPUT", "product"),
    ({**EXAMPLE_1, "policy": "south"}, "UNKNOWN_POLICY", None),
    ({**EXAMPLE_1, "fee_rounding": "bankers"}, "INVALID_INPUT", "fee_rounding"),
    ({**EXAMPLE_1, "product": "discount"}, "DISCOUNT_RATE_REQUIRED", None),
    ({**EXAMPLE_1, "product": "discount", "discount_rate": "2.5"}, "DISCOUNT_RATE_OVER_CAP", None),
    ({**EXAMPLE_1, "invoice_amount": 100}, "AMOUNT_REQUIRED", None),
    ({**EXAMPLE_1, "policy": "west", "product": "frame"}, "PRODUCT_NOT_OFFERED", None),
    (
        {
            "product": "ar",
            "rate": "4.5",
            "start": "2026-04-01",
            "end": "2026-06-29",
            "notified_amount": 1_000_000,
            "already_guaranteed": 1_000_000,
        },
        "TOP_UP_NOT_NEEDED",
        None,
    ),
]


@pytest.mark.parametrize(("body", "code", "field"), BAD)
def test_bad_input_is_a_problem_json_422(
    client: TestClient, body: dict[str, Any], code: str, field: str | None
) -> None:
    response = client.post("/api/v1/quotes", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == code and problem["message_ja"] and problem["message_en"]
    if field:
        assert field in [e["field"] for e in problem["errors"]]


@pytest.mark.parametrize(("body", "code", "field"), [b for b in BAD if not isinstance(b[0].get("rate"), float)])
def test_bad_input_on_the_cli_is_one_line_and_exit_2(body: dict[str, Any], code: str, field: str | None) -> None:
    result = runner.invoke(cli_app, cli_args(body))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"[{code}]" in lines[0]
    assert "Traceback" not in result.output
    if field:
        assert field in lines[0]


def test_missing_fields_are_all_named(client: TestClient) -> None:
    problem = client.post("/api/v1/quotes", json={"amount": 1}).json()
    assert {"rate", "start", "end"} <= {e["field"] for e in problem["errors"]}
    result = runner.invoke(cli_app, ["price", "--amount", "1"])
    assert result.exit_code == 2
    assert all(name in result.stderr for name in ("rate", "start", "end"))


def test_api_refuses_policy_file_paths(client: TestClient) -> None:
    response = client.post("/api/v1/quotes", json={**EXAMPLE_1, "policy": "/etc/passwd.toml"})
    assert response.status_code == 422 and response.json()["code"] == "UNKNOWN_POLICY"


def test_the_cli_takes_a_policy_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hozen.policies import PRESET_DIR

    text = (PRESET_DIR / "north.toml").read_text(encoding="utf-8").replace("individual = 1_100", "individual = 2_200")
    path = tmp_path / "custom.toml"
    path.write_text(text, encoding="utf-8")
    assert via_cli({**EXAMPLE_1, "policy": str(path)})["office_fee"] == 2_200


def test_malformed_json_body_is_a_problem(client: TestClient) -> None:
    response = client.post("/api/v1/quotes", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["code"] == "INVALID_INPUT"


def test_business_days_add() -> None:
    result = runner.invoke(cli_app, ["business-days", "add", "2026-05-01", "1"])
    assert result.exit_code == 0 and result.stdout.strip() == "2026-05-07"
    bad = runner.invoke(cli_app, ["business-days", "add", "2026-02-30", "1"])
    assert bad.exit_code == 2 and "INVALID_DATE" in bad.stderr


def test_openapi_documents_the_quote_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/quotes" in spec["paths"]


def test_start_page_prices_a_quote(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "保証料の試算" in page.text
    form = {
        "product": "note",
        "amount": "2,000,000",
        "rate": "4.5",
        "start": "2026-04-01",
        "end": "2026-06-29",
        "policy": "default",
    }
    assert client.post("/quote", data=form).status_code == 403  # no CSRF token
    form["csrf"] = csrf_of(client, "/")
    result = client.post("/quote", data=form)
    assert result.status_code == 200 and "15,894円" in result.text
    bad = client.post("/quote", data={**form, "rate": "abc"})
    assert bad.status_code == 422 and 'id="rate-error"' in bad.text
