"""What people read on pages and documents: each stored value by the label of its own entity."""

from __future__ import annotations

import pytest

from hozen.formatting import LABELLED, label


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("approved", "review", "審査結果通知済み"),
        ("approved", "claim", "決裁済み"),
        ("paid", "claim", "支払済み"),
        ("paid", "invoice", "入金済み"),
        ("awaiting_papers", "purchase", "書類待ち"),
        ("pending", "decision", "未判断"),
        ("LEGAL_PROCEEDING", "trigger", "法的整理の申立て（破産・民事再生等）"),
        ("COLLECTED", "claim_reason", "回収済み分を除く"),
        ("ar", "product", "売掛金保証"),
    ],
)
def test_a_stored_value_reads_as_its_entitys_label(value: str, kind: str, shown: str) -> None:
    assert label(value, kind) == shown


def test_an_unknown_value_is_shown_as_it_is_and_every_kind_has_labels() -> None:
    assert label("no_such_state", "claim") == "no_such_state"
    assert label(None, "claim") == ""
    assert all(len(enum) > 0 for enum in LABELLED.values())


def test_a_stored_instant_reads_in_japan_time() -> None:
    import datetime as dt

    from hozen.formatting import japan_time

    assert japan_time(dt.datetime(2026, 12, 4, 15, 30, tzinfo=dt.UTC)) == "2026-12-05 00:30"
    assert japan_time(None) == ""


def test_an_account_number_shows_only_its_last_four_digits() -> None:
    from hozen.formatting import masked

    assert masked("0098765") == "＊＊＊8765"
    assert masked("1234") == "1234"
