"""Generated requests (Schemathesis) against every operation of the OpenAPI, as three callers.

Every operation the application documents — read from its own /openapi.json, so a new route is covered
without a change here — gets requests generated from its schema (valid ones and deliberately invalid
ones), anonymous, with an administrator's token and with a customer's token, on SQLite and on
PostgreSQL. Every answer must be: no 5xx, a status the operation documents, the documented content
type (problem+json for every refusal), a body that conforms to the documented schema, and a 405 with
``Allow``. The run is derandomized (the same requests every time) and bounded by ``EXAMPLES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from hozen.domain.roles import Role
from hozen.store.db import Database
from tests.conftest import MakeUser
from tests.integration.scenario import add_customer, add_debtor
from tests.support import bearer, database_kind

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    unsupported_method,
]
EXAMPLES = {"sqlite": 7, "postgres": 14}
"""Generated requests per operation, caller and mode: PostgreSQL refuses more values, so it gets more."""
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def callers(client: TestClient, database: Database, make_user: MakeUser) -> dict[str, dict[str, str]]:
    """The headers of each caller; the objects their ids may hit (a customer with a debtor) exist."""
    customer_id = add_customer(database)
    add_debtor(database)
    make_user(Role.ADMIN, login="fuzz-admin")
    make_user(Role.CUSTOMER, customer_id=customer_id, login="fuzz-customer")
    return {
        "anonymous": {},
        "admin": bearer(client, "fuzz-admin"),
        "customer": bearer(client, "fuzz-customer"),
    }


@pytest.fixture
def schema(app: FastAPI) -> Iterator[Any]:
    yield schemathesis.openapi.from_asgi("/openapi.json", app)


def run_operation(operation: Any, headers: dict[str, str], examples: int, mode: GenerationMode) -> int:
    """Generate ``examples`` requests for one operation; the number sent. A failed check raises."""
    sent = 0
    strategy = operation.as_strategy(generation_mode=mode)

    @given(data=st.data())
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],  # no shrinking: the failing request is reported as generated
    )
    def generated(data: st.DataObject) -> None:
        nonlocal sent
        case = data.draw(strategy)
        sent += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    generated()
    return sent


@pytest.mark.parametrize("caller", ["anonymous", "admin", "customer"])
def test_generated_requests_get_documented_answers(
    schema: Any, callers: dict[str, dict[str, str]], database: Database, caller: str
) -> None:
    examples = EXAMPLES[database_kind(database.url)]
    failures: list[str] = []
    sent = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40, "the OpenAPI lists the application's operations"
    for operation in operations:
        for mode in MODES:
            try:
                sent += run_operation(operation, callers[caller], examples, mode)
            except Unsatisfiable:  # no invalid request exists (an operation without any input)
                continue
            except (Exception, BaseExceptionGroup) as failure:  # a failed check: collect them all, then report
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    print(f"{caller} on {database_kind(database.url)}: {sent} generated requests, {len(operations)} operations")
    assert not failures, "\n\n".join(failures)
    assert sent >= len(operations) * len(MODES) * examples * 0.8
