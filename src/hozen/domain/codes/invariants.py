"""The ledger's invariants (``hozen db check``): what must hold in a stored book, and what a breach says.

Each code is one broken invariant about one object; the message names the object and the figures.
The invariants are numbered as in ``docs/operations.md`` (§8): 1 reservations, 2 exposure and limits,
3 applications and invoices, 4 state history, 5 the subsidy ledger.
"""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class InvariantCode(Code):
    """Findings of the database check; the check itself exits 1 when it finds any."""

    RESERVATION_ORPHANED = (
        auto(),
        "宙に浮いた限度額確保",
        "[1] 限度額の確保 {id}（{amount:,}円）は有効な保証・買取に属していません（{holder}: {holder_state}）。",
        "[1] Reservation {id} (¥{amount:,}) is live but belongs to no live guarantee or purchase "
        "({holder}: {holder_state}).",
        "A live reservation whose guarantee or purchase has ended, been cancelled or settled, or is missing: "
        "it holds exposure that nothing uses.",
    )
    RESERVATION_MISSING = (
        auto(),
        "限度額の確保なし",
        "[1] {entity:label} {id}（{state}）に有効な限度額の確保がありません（必要額 {expected:,}円）。",
        "[1] {entity:words} {id} ({state}) has no live reservation (it needs ¥{expected:,}).",
        "A live guarantee or purchase of a reserved or paid application whose exposure is not reserved: "
        "its debtor and customer look to have more headroom than they do.",
    )
    RESERVATION_AMOUNT_WRONG = (
        auto(),
        "限度額の確保額の不一致",
        "[1] {entity:label} {id} の確保額 {reserved:,}円 が必要額 {expected:,}円 と一致しません。",
        "[1] {entity:words} {id} reserves ¥{reserved:,} but needs ¥{expected:,}.",
        "The reservation of a live guarantee or purchase differs from its amount (a frame: its limit plus the "
        "approved increases not yet paid; a purchase: the face value).",
    )
    EXPOSURE_UNBALANCED = (
        auto(),
        "保証残高の不一致",
        "[2] {entity:label} {id} の確保額の合計 {reserved:,}円 が"
        "有効な保証・買取の合計 {expected:,}円 と一致しません。",
        "[2] {entity:words} {id}: live reservations total ¥{reserved:,} but its live guarantees and purchases "
        "need ¥{expected:,}.",
        "The exposure the services check limits against (Σ live reservations) is not the exposure of the "
        "debtor's or customer's live objects.",
    )
    EXPOSURE_OVER_LIMIT = (
        auto(),
        "限度額超過",
        "[2] {entity:label} {id} の保証残高 {exposure:,}円 が限度額 {limit:,}円 を超えています。",
        "[2] {entity:words} {id}: exposure ¥{exposure:,} is over its limit of ¥{limit:,}.",
        "Exposure above the limit of today's rules and the company's policy: either accepted before the "
        "limit was lowered (nothing new fits until it falls), or a reservation taken past the limit.",
    )
    APPLICATION_EMPTY = (
        auto(),
        "保証・買取のない申込",
        "[3] 申込 {id}（{state}）に保証も買取もありません。",
        "[3] Application {id} ({state}) has no guarantee and no purchase.",
    )
    INVOICE_MISSING = (
        auto(),
        "請求書なし",
        "[3] 申込 {id}（{state}）に保証料請求書がありません（請求額 {expected:,}円）。",
        "[3] Application {id} ({state}) has no fee invoice (it should be ¥{expected:,}).",
    )
    INVOICE_AMOUNT_WRONG = (
        auto(),
        "請求額の不一致",
        "[3] 申込 {id} の請求書 {invoice} の金額 {invoiced:,}円 が"
        "保証料と事務手数料の合計 {expected:,}円 と一致しません。",
        "[3] Application {id}: invoice {invoice} is ¥{invoiced:,}, not the net fees plus office fee ¥{expected:,}.",
    )
    HELD_APPLICATION_RESERVED = (
        auto(),
        "保留中の申込の限度額確保",
        "[3] 保留中の申込 {id} に有効な限度額の確保が {count}件（{amount:,}円）あります。",
        "[3] Held application {id} has {count} live reservation(s) (¥{amount:,}).",
        "A held application waits for a limit decision and must not hold exposure yet.",
    )
    STATE_HISTORY_MISSING = (
        auto(),
        "状態履歴なし",
        "[4] {entity:label} {id}（{state}）に状態履歴がありません。",
        "[4] {entity:words} {id} ({state}) has no state history.",
    )
    STATE_HISTORY_MISMATCH = (
        auto(),
        "状態と履歴の不一致",
        "[4] {entity:label} {id} の状態 {state} が最後の状態履歴（{last}）と一致しません。",
        "[4] {entity:words} {id} is {state} but its last state history row says {last}.",
        "The state was changed without a history row (or the history was changed): who, when and why are lost.",
    )
    SUBSIDY_BOOKING_WRONG = (
        auto(),
        "助成金の計上誤り",
        "[5] {entity:label} {id} の助成金の計上が {entries}件・{booked:,}円 です（正しくは {expected_entries}件・"
        "{expected:,}円）。",
        "[5] {entity:words} {id} has {entries} subsidy booking(s) of ¥{booked:,} "
        "(expected {expected_entries}, ¥{expected:,}).",
        "The subsidy of a reserved guarantee, purchase or priced frame change is booked exactly once, at the "
        "amount fixed at pricing; a held or declined one is not booked.",
    )
    SUBSIDY_REVERSAL_WRONG = (
        auto(),
        "助成金の取消誤り",
        "[5] {entity:label} {id}（{state}）の助成金: 計上 {booked:,}円 に対し取消 {reversed:,}円。",
        "[5] {entity:words} {id} ({state}): subsidy booked ¥{booked:,}, reversed ¥{reversed:,}.",
        "A cancelled guarantee or purchase has its subsidy reversed exactly; one not cancelled has no reversal.",
    )
    NO_VIOLATIONS = (
        auto(),
        "問題なし",
        "問題は見つかりませんでした",
        "no violations",
    )
    VIOLATIONS_FOUND = (
        auto(),
        "問題あり",
        "{count}件の問題が見つかりました",
        "{count} violation(s) found",
    )
