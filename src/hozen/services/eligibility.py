"""The stateless eligibility check (SPEC §4, §14.3)."""

from __future__ import annotations

from hozen.contract.eligibility import EligibilityInput, EligibilityOutput, FailureOutput
from hozen.domain import eligibility as rules
from hozen.domain.limits import Headroom
from hozen.domain.policy import Product
from hozen.policies import load_policy, programme


def check(data: EligibilityInput, *, allow_policy_paths: bool = True) -> EligibilityOutput:
    policy = load_policy(data.policy, allow_paths=allow_policy_paths)
    failures = rules.check(
        rules.Request(as_of=data.as_of, request_date=data.request_date, product=Product(data.product)),
        rules.Creditor(
            capital=data.creditor.capital,
            employees=data.creditor.employees,
            sanctions=tuple(rules.Sanction(s.kind, s.from_, s.to) for s in data.creditor.sanctions),
            direct=data.creditor.direct,
            registered=data.creditor.registered,
        ),
        rules.Debtor(
            public_works_orders=tuple(data.debtor.public_works_orders),
            review_base_date=data.debtor.review_base_date,
            insolvency_filings=tuple(rules.Filing(f.date, f.concluded) for f in data.debtor.insolvency_filings),
            trading_suspended=data.debtor.trading_suspended,
            dishonoured=data.debtor.dishonoured,
            unsound=data.debtor.unsound,
        ),
        [rules.Receivable(kind=Product(r.kind), **r.model_dump(exclude={"kind"})) for r in data.receivables],
        policy,
        programme().in_force(data.as_of),
        None
        if data.limits is None
        else Headroom(
            debtor_exposure=data.limits.debtor_exposure,
            debtor_limit=data.limits.debtor_limit,
            creditor_exposure=data.limits.creditor_exposure,
            creditor_limit=data.limits.creditor_limit,
        ),
    )
    return output(failures)


def output(failures: tuple[rules.Failure, ...]) -> EligibilityOutput:
    return EligibilityOutput(
        eligible=not failures,
        failures=[
            FailureOutput(
                code=f.code, subject=f.subject.value, index=f.index, message_ja=f.message_ja, message_en=f.message_en
            )
            for f in failures
        ],
    )
