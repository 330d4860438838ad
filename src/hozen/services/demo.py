"""Demonstration data: a small, realistic book of business built through the real workflow.

Every object is made by the same services the API and the pages use, moving the business date
forward as the story goes, so that each state (submitted, in review, awaiting approval, approved,
held, invoiced, paid, active, ended, a frame) is reached the way it would be in real life. The daily
run of the demo date (2026-11-20) raises an alert of every kind — a fee due soon and one overdue, a
maturity, a claim deadline, expiring certificates, a debtor's limit past 80 % — so that the
notification centres of staff and customers are not empty. Debtors carry a corporate group, prefecture
and trade for the concentration report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hozen.contract.companies import CustomerInput, DebtorInput, DocumentInput
from hozen.contract.reviews import (
    FrameRequestInput,
    LineDecisionInput,
    PaymentInput,
    ReceivableKind,
    ReceivableLineInput,
)
from hozen.domain.codes.risk import Prefecture, Trade
from hozen.domain.identifiers import corporate_check_digit
from hozen.domain.policy import Product
from hozen.domain.registration import COMMON, PER_PRODUCT
from hozen.domain.roles import Actor, Role
from hozen.services import applications, auth, frame_guarantees, guarantees, portfolio, registration, reviews
from hozen.store.db import Database

DEMO_PASSWORD = "hozen-demo-2026"
POLICY = "default"
D = dt.date


@dataclass(frozen=True)
class Login:
    login: str
    role: Role
    name: str


STAFF = [
    Login("admin", Role.ADMIN, "管理 太郎"),
    Login("shinsa", Role.UNDERWRITER, "審査 花子"),
    Login("kessai", Role.APPROVER, "決裁 一郎"),
    Login("jokyu", Role.SENIOR_APPROVER, "上席 次郎"),
    Login("jimu", Role.OPERATIONS, "事務 三郎"),
    Login("rikou", Role.CLAIMS, "履行 四郎"),
]
CUSTOMERS = [  # (login, company, capital, employees)
    ("kou", "甲工業株式会社", 50_000_000, 45),
    ("otsu", "乙設備株式会社", 30_000_000, 28),
    ("hei", "丙電工株式会社", 10_000_000, 12),
]
CERTIFICATES_ISSUED = {"hei": (D(2026, 8, 25), D(2026, 8, 28))}
"""丙電工's certificates, valid three months, run out on 2026-11-25: its reminder shows on the demo date."""
DEBTORS = [  # (name, net assets, corporate group (code, name), prefecture, trade)
    ("株式会社大和建設", 800_000_000, ("YAMATO", "大和グループ"), Prefecture.TOKYO, Trade.GENERAL),
    ("東西建設株式会社", 120_000_000, None, Prefecture.OSAKA, Trade.GENERAL),
    ("株式会社みらい工務店", 30_000_000, None, Prefecture.KANAGAWA, Trade.SPECIALIST),
    ("北陸土木株式会社", 5_000_000, ("YAMATO", "大和グループ"), Prefecture.ISHIKAWA, Trade.GENERAL),
]


def demo_corporate_number(seed: int) -> str:
    base = f"{seed:012d}"
    return f"{corporate_check_digit(base)}{base}"


class _Story:
    def __init__(self, database: Database) -> None:
        self.db = database
        self.actors: dict[str, Actor] = {}
        self.customers: dict[str, int] = {}
        self.debtors: list[str] = []
        self.today = D(2026, 9, 1)

    def at(self, day: dt.date) -> None:
        self.today = day
        with self.db.unit_of_work() as uow:
            portfolio.set_today(uow, self.actors["admin"], day)

    def user(self, login: str, role: Role, name: str, customer_id: int | None = None) -> None:
        with self.db.unit_of_work() as uow:
            info = auth.create_user(
                uow, None, login=login, display_name=name, password=DEMO_PASSWORD, role=role, customer_id=customer_id
            )
        self.actors[login] = info.actor

    def companies(self) -> None:
        ops = self.actors["jimu"]
        for seed, (login, name, capital, employees) in enumerate(CUSTOMERS, start=1):
            with self.db.unit_of_work() as uow:
                customer = registration.create_customer(
                    uow,
                    ops,
                    CustomerInput(
                        name=name,
                        corporate_number=demo_corporate_number(4_010_001_000 + seed),
                        capital=capital,
                        employees=employees,
                        licence_number=f"国土交通大臣許可（特-5）第{12000 + seed}号",
                    ),
                    today=self.today,
                )
                customer_id = customer.id
            kinds = [*COMMON, *PER_PRODUCT[Product.NOTE], *PER_PRODUCT[Product.AR], *PER_PRODUCT[Product.FRAME]]
            issued, received = CERTIFICATES_ISSUED.get(login, (D(2026, 8, 3), D(2026, 8, 20)))
            for kind in kinds:
                with self.db.unit_of_work() as uow:
                    registration.add_document(
                        uow,
                        ops,
                        customer_id,
                        DocumentInput(kind=kind.value, issue_date=issued, received_on=received),
                        today=self.today,
                    )
            with self.db.unit_of_work() as uow:
                registration.register_customer(
                    uow, ops, customer_id, [Product.NOTE, Product.AR, Product.FRAME], self.today
                )
            self.customers[login] = customer_id
            self.user(login, Role.CUSTOMER, f"{name} ご担当者", customer_id)
        for seed, (name, net_assets, group, prefecture, trade) in enumerate(DEBTORS, start=1):
            number = demo_corporate_number(7_010_001_000 + seed)
            with self.db.unit_of_work() as uow:
                registration.create_debtor(
                    uow,
                    self.actors["shinsa"],
                    DebtorInput(
                        name=name,
                        corporate_number=number,
                        net_assets=net_assets,
                        review_base_date=D(2026, 3, 31),
                        public_works_orders=[D(2026, 5, 12)],
                        group_code=group[0] if group else None,
                        group_name=group[1] if group else None,
                        prefecture=prefecture,
                        trade=trade,
                    ),
                    today=self.today,
                )
            self.debtors.append(number)

    def review(self, customer: str, lines: list[ReceivableLineInput]) -> int:
        with self.db.unit_of_work() as uow:
            review = reviews.submit_review_request(
                uow, self.actors[customer], self.customers[customer], lines, today=self.today, policy_name=POLICY
            )
            return review.id

    def start(self, review_id: int) -> list[int]:
        with self.db.unit_of_work() as uow:
            review = reviews.start_review(uow, self.actors["shinsa"], review_id, today=self.today)
            return [line.id for line in review.lines]

    def decide(self, review_id: int, rate: str = "4.5") -> None:
        for line_id in self.start(review_id):
            with self.db.unit_of_work() as uow:
                reviews.decide_line(
                    uow,
                    self.actors["shinsa"],
                    review_id,
                    line_id,
                    LineDecisionInput(accept=True, rate=rate),
                    today=self.today,
                )
        with self.db.unit_of_work() as uow:
            reviews.submit_for_approval(uow, self.actors["shinsa"], review_id, today=self.today)

    def approve(self, review_id: int, rate: str = "4.5") -> None:
        self.decide(review_id, rate)
        with self.db.unit_of_work() as uow:
            reviews.approve_review(uow, self.actors["kessai"], review_id, today=self.today)

    def apply(self, customer: str, review_id: int) -> tuple[int | None, int]:
        with self.db.unit_of_work() as uow:
            review = reviews.get_review(uow, self.actors[customer], review_id)
            line_ids = [line.id for line in review.lines]
        with self.db.unit_of_work() as uow:
            [application] = applications.apply(uow, self.actors[customer], review_id, line_ids, today=self.today)
            invoice = application.invoice
            return (invoice.id if invoice else None), (invoice.amount if invoice else 0)

    def pay(self, invoice: tuple[int | None, int], key: str) -> None:
        invoice_id, amount = invoice
        assert invoice_id is not None
        with self.db.unit_of_work() as uow:
            guarantees.record_payment(
                uow,
                self.actors["jimu"],
                PaymentInput(invoice_id=invoice_id, amount=amount, received_on=self.today, idempotency_key=key),
                today=self.today,
            )

    def daily(self) -> None:
        with self.db.unit_of_work() as uow:
            guarantees.run_daily(uow, None, today=self.today)


def note(debtor: str, amount: int, issued: dt.date, due: dt.date, reference: str, **flags: bool) -> ReceivableLineInput:
    return ReceivableLineInput(
        kind=ReceivableKind.NOTE,
        debtor_corporate_number=debtor,
        reference=reference,
        amount=amount,
        issue_date=issued,
        due_date=due,
        **flags,
    )


def seed(database: Database) -> list[Login]:
    """Fill an empty, migrated database with the demonstration story; the logins to show."""
    story = _Story(database)
    for login in STAFF:
        story.user(login.login, login.role, login.name)
    story.at(D(2026, 9, 1))
    story.companies()
    yamato, tozai, mirai, hokuriku = story.debtors

    # September: guarantees that are running (a note), that end at maturity (an AR), and a frame.
    running = story.review("kou", [note(yamato, 3_000_000, D(2026, 8, 31), D(2026, 12, 25), "手形 No.AB-1021")])
    story.approve(running)
    story.pay(story.apply("kou", running), "demo-fee-running")
    ar_line = ReceivableLineInput(
        kind=ReceivableKind.AR,
        debtor_corporate_number=mirai,
        reference="請求書 2026-08-31",
        amount=2_500_000,
        issue_date=D(2026, 8, 31),
        due_date=D(2026, 10, 9),
    )
    ending = story.review("kou", [ar_line])
    story.approve(ending)
    story.pay(story.apply("kou", ending), "demo-fee-ending")
    with database.unit_of_work() as uow:
        frame_review = frame_guarantees.submit_frame_request(
            uow,
            story.actors["otsu"],
            FrameRequestInput(
                customer_id=story.customers["otsu"],
                debtor_corporate_number=tozai,
                contract="東西ビル新築工事（電気設備）",
                contract_date=D(2026, 6, 1),
                limit=9_200_000,
                period_end=D(2027, 2, 28),
            ),
            today=story.today,
            policy_name=POLICY,
        )
        frame_id = frame_review.id
    story.approve(frame_id)
    story.pay(story.apply("otsu", frame_id), "demo-fee-frame")
    _maturing_and_claimable(story, mirai)
    story.at(D(2026, 9, 4))
    story.daily()
    _unpaid_near_the_limit(story, hokuriku)

    # Today: work in every state of the review and application queues.
    story.at(D(2026, 11, 20))
    story.daily()
    issued, due = D(2026, 11, 2), D(2027, 2, 26)
    story.review(
        "hei",
        [
            note(yamato, 1_800_000, issued, due, "手形 No.CD-3301"),
            note(tozai, 1_200_000, issued, due, "手形 No.CD-3302", endorsed=True),
        ],
    )
    story.start(story.review("otsu", [note(mirai, 2_200_000, issued, due, "手形 No.EF-0455")]))
    story.decide(story.review("hei", [note(tozai, 4_000_000, issued, due, "手形 No.CD-3310")]))
    story.approve(story.review("kou", [note(yamato, 5_000_000, issued, due, "手形 No.AB-1188")]))
    held = story.review("otsu", [note(hokuriku, 6_000_000, issued, due, "手形 No.EF-0460")])
    story.approve(held)
    story.apply("otsu", held)
    invoiced = story.review("hei", [note(mirai, 1_500_000, issued, due, "手形 No.CD-3320")])
    story.approve(invoiced)
    story.apply("hei", invoiced)
    paid = story.review("kou", [note(tozai, 2_000_000, issued, due, "手形 No.AB-1190")])
    story.approve(paid)
    story.pay(story.apply("kou", paid), "demo-fee-paid")
    _remind_of_todays_invoices(story)
    return demo_logins()


def _ar(debtor: str, amount: int, due: dt.date, reference: str) -> ReceivableLineInput:
    return ReceivableLineInput(
        kind=ReceivableKind.AR,
        debtor_corporate_number=debtor,
        reference=reference,
        amount=amount,
        issue_date=D(2026, 8, 31),
        due_date=due,
    )


def _maturing_and_claimable(story: _Story, mirai: str) -> None:
    """Two receivables guaranteed in September whose dates fall near the demo date (2026-11-20): one due
    on 11-26 (its maturity is within seven days) and one due on 10-23 that nobody has confirmed paid, so it
    is still in force and its claim deadline (11-22, 30 days after) is within ten days."""
    for customer, line, key in (
        ("otsu", _ar(mirai, 1_600_000, D(2026, 11, 26), "請求書 2026-08-31-2"), "demo-fee-maturing"),
        ("kou", _ar(mirai, 1_200_000, D(2026, 10, 23), "請求書 2026-08-31-3"), "demo-fee-claimable"),
    ):
        review = story.review(customer, [line])
        story.approve(review)
        story.pay(story.apply(customer, review), key)


def _unpaid_near_the_limit(story: _Story, hokuriku: str) -> None:
    """An application of 2026-11-06 whose fee never came: its invoice (due the day before the start) is
    overdue on the demo date, and its ¥4,200,000 holds 84 % of 北陸土木's ¥5,000,000 limit (alert at 80 %)."""
    story.at(D(2026, 11, 6))
    unpaid = story.review("hei", [note(hokuriku, 4_200_000, D(2026, 11, 2), D(2027, 2, 26), "手形 No.CD-3290")])
    story.approve(unpaid)
    story.apply("hei", unpaid)


def _remind_of_todays_invoices(story: _Story) -> None:
    """The evening's daily run: the invoices issued today fall due within three business days, so
    the notification centres of staff and customers show their reminders."""
    story.daily()


def demo_logins() -> list[Login]:
    return [*STAFF, *(Login(login, Role.CUSTOMER, name) for login, name, _, _ in CUSTOMERS)]
