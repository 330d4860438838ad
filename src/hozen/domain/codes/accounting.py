"""The accounting journal (SPEC §18)."""

from __future__ import annotations

from enum import auto

from hozen.domain.codes.base import Code


class AccountingCode(Code):
    """A journal cannot be produced as asked."""

    INVALID_JOURNAL_PERIOD = (
        auto(),
        "仕訳の期間の不正",
        "仕訳の期間 {start}〜{end} は指定できません。開始日から終了日まで{max_days}日以内"
        "（2000年〜2100年）で指定してください。",
        "The journal period {start} to {end} cannot be used: give a start on or before the end, at most "
        "{max_days} days, within 2000-2100.",
        "A journal covers at most a year (one financial year); longer periods are exported in parts.",
    )
