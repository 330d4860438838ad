"""The preview of an imported review request: each line's fee at one rate (bulk engine) and the limits."""

from __future__ import annotations

import datetime as dt

from hozen.contract.reviews import ReceivableLineInput
from hozen.services import review_preview, reviews
from hozen.store.db import Database
from tests.integration.scenario import TODAY, build, note_line

DUE = dt.date(2027, 2, 26)
ONE_DAY = dt.timedelta(days=1)


def test_every_line_priced_and_the_debtor_set_against_its_limit(database: Database) -> None:
    world = build(database, net_assets=300_000_000)
    invoice = ReceivableLineInput(
        kind="ar",  # type: ignore[arg-type]
        debtor_corporate_number=world.debtor_number,
        reference="INV-1",
        amount=1_000_000,
        issue_date=dt.date(2026, 11, 2),
        due_date=DUE,
    )
    lines = [note_line(world.debtor_number, 2_000_000, DUE), note_line(world.debtor_number, 2_000_000, DUE), invoice]
    with database.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, lines, today=TODAY, policy_name="north"
        )
    with database.unit_of_work(write=False) as uow:
        preview = review_preview.import_preview(uow, world.customer_user, review.id, "4.5", today=TODAY)

    # North: cover starts 3 business days after Fri 2026-11-20 (Mon 11/23 is a holiday) = Thu 11/26;
    # 11/26–2/26 both counted = 5 + 31 + 31 + 26 = 93 days; subsidy rate min(4.5 / 3, 1.5) = 1.5 %;
    # both rounded down. A note: gross 2,000,000 × 4.5 % × 93 / 365 = 22,931.5… → 22,931,
    # subsidy 2,000,000 × 1.5 % × 93 / 365 = 7,643.8… → 7,643, net 15,288. The invoice without a
    # payment notice is guaranteed for 80 % = 800,000: gross 9,172.6… → 9,172, subsidy 3,057.5… → 3,057,
    # net 6,115.
    assert preview.fees == [15_288, 15_288, 6_115]
    assert preview.total_fee == 36_691
    [debtor] = preview.debtors
    assert (debtor.debtor_id, debtor.lines, debtor.requested, debtor.reserved) == (world.debtor_id, 3, 4_800_000, 0)
    assert debtor.fits and preview.customer_requested == 4_800_000 and preview.customer_reserved == 0


def test_a_line_due_yesterday_is_not_priced_and_the_others_are(database: Database) -> None:
    world = build(database)
    lines = [note_line(world.debtor_number, 2_000_000, DUE), note_line(world.debtor_number, 500_000, TODAY - ONE_DAY)]
    with database.unit_of_work() as uow:
        review = reviews.submit_review_request(
            uow, world.customer_user, world.customer_id, lines, today=TODAY, policy_name="north"
        )
    with database.unit_of_work(write=False) as uow:
        preview = review_preview.import_preview(uow, world.customer_user, review.id, "4.5", today=TODAY)

    # The note due yesterday cannot be guaranteed: no fee, named as not priceable, not requested.
    due_line = preview.line_ids[1]
    assert preview.fees == [15_288, 0] and preview.total_fee == 15_288
    assert preview.unpriced == [due_line]
    [debtor] = preview.debtors
    assert (debtor.lines, debtor.requested) == (1, 2_000_000)
    assert preview.customer_requested == 2_000_000
