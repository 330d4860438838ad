"""Every refusal of the command line is exit status 2 and one line in Japanese and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hozen.cli import app as cli_app

runner = CliRunner()


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (["check"], "COMMAND_LINE_INVALID"),
        (["business-days", "add", "2026-04-28", "x"], "COMMAND_LINE_INVALID"),
        (["price", "--bogus"], "COMMAND_LINE_INVALID"),
        (["business-days", "add", "9999-12-31", "5"], "DATE_OUT_OF_RANGE"),
        (["check", "--input", "/nonexistent/input.json"], "INPUT_UNREADABLE"),
        (
            [
                "price",
                "--amount",
                "99999999999999999999999",
                "--rate",
                "4.5",
                "--start",
                "2026-04-01",
                "--end",
                "2026-06-30",
            ],
            "INVALID_INPUT",
        ),
    ],
)
def test_refusals_are_one_line(arguments: list[str], code: str) -> None:
    result = runner.invoke(cli_app, arguments)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"エラー[{code}]" in lines[0], result.output
    assert " / " in lines[0]


def test_unreadable_and_deeply_nested_input_files(tmp_path: Path) -> None:
    not_utf8 = tmp_path / "latin1.json"
    not_utf8.write_bytes(b"\xff\xfe{}")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path, code in ((not_utf8, "INPUT_UNREADABLE"), (deep, "INPUT_TOO_DEEP")):
        result = runner.invoke(cli_app, ["check", "--input", str(path)])
        assert result.exit_code == 2 and f"エラー[{code}]" in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1


def test_a_negative_count_goes_back() -> None:
    result = runner.invoke(cli_app, ["business-days", "add", "2026-04-28", "-3"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2026-04-23"


def test_the_japanese_half_of_a_refusal_carries_no_english() -> None:
    result = runner.invoke(cli_app, ["business-days", "add", "2026-04-28", "x"])
    japanese = result.output.split(" / ")[0]
    assert "'count' の値が正しくありません" in japanese
    assert not any(word in japanese for word in ("Input", "valid", "integer"))


def test_a_group_without_its_command_prints_its_help_once() -> None:
    result = runner.invoke(cli_app, ["business-days"])
    assert result.exit_code == 2
    assert result.output.count("Usage:") == 1 and "add" in result.output
