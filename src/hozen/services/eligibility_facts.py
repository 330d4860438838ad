from __future__ import annotations

import datetime as dt
from typing import Any

from hozen.domain.policy import Policy
from hozen.store.models import Customer, Debtor, ReviewLine


def line_findings(
    customer: Customer, debtor: Debtor, line: ReviewLine, policy: Policy, as_of: dt.date, request_date: dt.date
) -> list[dict[str, Any]]:
    return []
