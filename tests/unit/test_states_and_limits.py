import datetime as dt
from dataclasses import replace

import pytest

from hozen.domain.errors import ConflictError
from hozen.domain.limits import (
    CREDITOR_LIMIT_EXCEEDED,
    DEBTOR_LIMIT_EXCEEDED,
    Headroom,
    creditor_limit,
    debtor_limit,
)
from hozen.domain.states import (
    APPLICATION,
    GUARANTEE,
    REVIEW,
    ApplicationState,
    GuaranteeState,
    ReviewState,
    transition,
)
from hozen.policies import preset, programme

RULES = programme().in_force(dt.date(2026, 11, 22))


@pytest.mark.parametrize(
    ("table", "current", "target"),
    [
        (REVIEW, ReviewState.SUBMITTED, ReviewState.IN_REVIEW),
        (REVIEW, ReviewState.AWAITING_APPROVAL, ReviewState.APPROVED),
        (REVIEW, ReviewState.AWAITING_APPROVAL, ReviewState.IN_REVIEW),
        (APPLICATION, ApplicationState.HELD, ApplicationState.RESERVED),
        (GUARANTEE, GuaranteeState.ACTIVE, GuaranteeState.ENDED),
    ],
)
def test_allowed_transitions(table, current, target) -> None:  # type: ignore[no-untyped-def]
    assert transition(table, current, target) is target


@pytest.mark.parametrize(
    ("table", "current", "target"),
    [
        (REVIEW, ReviewState.SUBMITTED, ReviewState.APPROVED),  # no approval without a review
        (REVIEW, ReviewState.APPROVED, ReviewState.IN_REVIEW),
        (APPLICATION, ApplicationState.LAPSED, ApplicationState.PAID),
        (
            APPLICATION,
            ApplicationState.HELD,
            ApplicationState.PAID,
        ),  # a held application is never let through
        (GUARANTEE, GuaranteeState.ENDED, GuaranteeState.ACTIVE),
        (GUARANTEE, GuaranteeState.AWAITING_PAYMENT, GuaranteeState.ENDED),
    ],
)
def test_illegal_transitions_are_conflicts_with_a_code(table, current, target) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConflictError) as caught:
        transition(table, current, target)
    assert caught.value.code == "ILLEGAL_TRANSITION" and caught.value.status == 409
    assert current.value in caught.value.message_en and target.value in caught.value.message_en
    assert f"「{current.label}」から「{target.label}」" in caught.value.message_ja  # people read labels
    assert table.entity.label in caught.value.message_ja


@pytest.mark.parametrize(
    ("net_assets", "own", "expected"),
    [
        (1_000_000_000, None, 600_000_000),  # programme cap
        (250_000_000, None, 250_000_000),  # net assets cap
        (250_000_000, 100_000_000, 100_000_000),  # a limit set for this debtor
        (None, None, 0),  # unknown net assets leave no room
        (-5_000_000, None, 0),  # negative net assets (債務超過)
    ],
)
def test_debtor_limit_is_the_smallest_figure(net_assets, own, expected) -> None:  # type: ignore[no-untyped-def]
    assert debtor_limit(RULES, preset("north"), net_assets, own) == expected


def test_creditor_limit() -> None:
    assert creditor_limit(RULES, preset("north")) == 600_000_000
    assert creditor_limit(RULES, preset("north"), 50_000_000) == 50_000_000


def test_a_company_policy_may_set_lower_limits_than_the_programme() -> None:
    """SPEC §3: a company's policy may set lower limits; they bind below the programme's ¥600m."""
    strict = replace(preset("north"), debtor_limit=200_000_000, creditor_limit=300_000_000)
    assert debtor_limit(RULES, strict, 1_000_000_000) == 200_000_000
    assert debtor_limit(RULES, strict, 1_000_000_000, 150_000_000) == 150_000_000
    assert creditor_limit(RULES, strict) == 300_000_000
    assert creditor_limit(RULES, strict, 250_000_000) == 250_000_000


def test_headroom_at_the_boundary() -> None:
    room = Headroom(debtor_exposure=90, debtor_limit=100, creditor_exposure=0, creditor_limit=1_000)
    assert room.breaches(10) == ()  # exactly at the limit is allowed
    assert room.breaches(11) == (DEBTOR_LIMIT_EXCEEDED,)
    customer_at_limit = Headroom(debtor_exposure=0, debtor_limit=1_000, creditor_exposure=90, creditor_limit=100)
    assert customer_at_limit.breaches(10) == ()  # the customer's limit is inclusive too
    assert customer_at_limit.breaches(11) == (CREDITOR_LIMIT_EXCEEDED,)
    both = Headroom(debtor_exposure=90, debtor_limit=100, creditor_exposure=995, creditor_limit=1_000)
    assert both.breaches(11) == (DEBTOR_LIMIT_EXCEEDED, CREDITOR_LIMIT_EXCEEDED)
