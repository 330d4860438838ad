"""The whole individual-guarantee journey over HTTP (issue: operations core).

registration → review request (xlsx import) → review → approval → application → invoice →
payment → certificate → maturity → exposure released.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hozen.app import create_app
from hozen.config import Settings
from hozen.domain.roles import Role
from hozen.services import auth
from hozen.store.models import Base
from tests.integration.scenario import corporate_number
from tests.support import ok, receivable_list, set_business_date

PASSWORD = "correct horse battery"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hozen.sqlite3'}", demo=True, secret_key="e2e-" * 10)
    app = create_app(settings)
    Base.metadata.create_all(app.state.database.engine)
    with app.state.database.unit_of_work() as uow:
        auth.create_user(uow, None, login="admin", display_name="管理者", password=PASSWORD, role=Role.ADMIN)
    with TestClient(app) as test_client:
        yield test_client


def login(client: TestClient, name: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/tokens", json={"login": name, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_individual_guarantee_journey(client: TestClient) -> None:
    admin = login(client, "admin")
    for name, role in [("uw1", "underwriter"), ("ap1", "approver"), ("ops1", "operations")]:
        ok(
            client.post(
                "/api/v1/users",
                headers=admin,
                json={"login": name, "display_name": name, "password": PASSWORD, "role": role},
            ),
            201,
        )
    uw, ap, ops = login(client, "uw1"), login(client, "ap1"), login(client, "ops1")
    set_business_date(client, admin, "2026-11-20")

    # registration: the customer company, its documents, its user; the debtor
    customer = ok(
        client.post(
            "/api/v1/customers",
            headers=ops,
            json={
                "name": "甲工業株式会社",
                "corporate_number": corporate_number(),
                "capital": 50_000_000,
                "employees": 40,
            },
        ),
        201,
    )
    missing = [item["kind"] for item in customer["checklist"] if item["status"] != "ok"]
    assert "registry_certificate" in missing
    for kind in [
        "registration_form",
        "seal_form",
        "financial_statements",
        "identity_document",
        "master_agreement_note",
        "registry_certificate",
        "seal_certificate",
    ]:
        ok(
            client.post(
                f"/api/v1/customers/{customer['id']}/documents",
                headers=ops,
                json={"kind": kind, "issue_date": "2026-10-01", "received_on": "2026-11-10"},
            ),
            201,
        )
    registered = ok(
        client.post(f"/api/v1/customers/{customer['id']}/registration", headers=ops, json={"products": ["note"]})
    )
    assert registered["registered_on"] == "2026-11-20"
    debtor_number = corporate_number()
    debtor = ok(
        client.post(
            "/api/v1/debtors",
            headers=admin,
            json={
                "name": "株式会社乙建設",
                "corporate_number": debtor_number,
                "net_assets": 300_000_000,
                "review_base_date": "2026-03-31",
                "public_works_orders": ["2026-06-01"],
            },
        ),
        201,
    )
    ok(
        client.post(
            "/api/v1/users",
            headers=admin,
            json={
                "login": "kou",
                "display_name": "甲工業 担当",
                "password": PASSWORD,
                "role": "customer",
                "customer_id": customer["id"],
            },
        ),
        201,
    )
    kou = login(client, "kou")

    # review request from a spreadsheet, review, four-eyes approval
    review = ok(
        client.post(
            "/api/v1/review-requests/import",
            headers=kou,
            data={"customer_id": str(customer["id"])},
            files={"file": ("list.xlsx", receivable_list(debtor_number, "A-001", 2_000_000))},
        ),
        201,
    )
    [line] = review["lines"]
    assert line["eligibility"] == [] and review["state"] == "submitted"
    ok(client.post(f"/api/v1/review-requests/{review['id']}/start", headers=uw))
    decided = ok(
        client.post(
            f"/api/v1/review-requests/{review['id']}/lines/{line['id']}/decision",
            headers=uw,
            json={"accept": True, "rate": "4.5"},
        )
    )
    assert decided["lines"][0]["net_fee"] == 15_288
    ok(client.post(f"/api/v1/review-requests/{review['id']}/submit", headers=uw))
    refused = client.post(f"/api/v1/review-requests/{review['id']}/approve", headers=uw)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("application/problem+json")
    assert ok(client.post(f"/api/v1/review-requests/{review['id']}/approve", headers=ap))["state"] == "approved"

    # application, invoice, payment (retried), certificate
    [application] = ok(
        client.post(
            "/api/v1/applications",
            headers=kou,
            json={"review_id": review["id"], "line_ids": [line["id"]], "idempotency_key": "apply-journey-1"},
        ),
        201,
    )
    assert application["state"] == "reserved"
    invoice = application["invoice"]
    assert (invoice["amount"], invoice["due_date"]) == (16_388, "2026-11-25")
    assert ok(client.get(f"/api/v1/debtors/{debtor['id']}", headers=uw))["exposure"] == 2_000_000
    payment = {
        "invoice_id": invoice["id"],
        "amount": 16_388,
        "received_on": "2026-11-20",
        "idempotency_key": "pay-journey-1",
    }
    first = ok(client.post("/api/v1/payments", headers=ops, json=payment), 201)
    again = ok(client.post("/api/v1/payments", headers=ops, json=payment), 201)
    assert first["id"] == again["id"]
    set_business_date(client, admin, "2026-11-26")
    assert ok(client.post("/api/v1/daily-runs", headers=ops))["activated"] == [first["guarantees"][0]["id"]]
    guarantee = ok(client.get(f"/api/v1/guarantees/{first['guarantees'][0]['id']}", headers=kou))
    assert guarantee["state"] == "active" and guarantee["certificate_number"].startswith("HZ-2026-")

    # maturity: the debtor pays; the customer confirms; exposure is released
    set_business_date(client, admin, "2027-02-27")
    ended = ok(
        client.post(f"/api/v1/guarantees/{guarantee['id']}/maturity", headers=kou, json={"paid_on": "2027-02-26"})
    )
    assert ended["state"] == "ended"
    assert ok(client.get(f"/api/v1/debtors/{debtor['id']}", headers=uw))["exposure"] == 0


def test_no_login_no_data(client: TestClient) -> None:
    response = client.get("/api/v1/review-requests")
    assert response.status_code == 401 and response.json()["code"] == "AUTHENTICATION_REQUIRED"
