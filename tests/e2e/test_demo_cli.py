"""`hozen demo` (what `make run` starts) listens where HOZEN_HOST / HOZEN_PORT say."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hozen.cli import app as cli_app

runner = CliRunner()


def test_demo_takes_its_port_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOZEN_PORT", "8765")
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(cli_app, ["demo", "--database", str(tmp_path / "demo.sqlite3"), "--seed-only"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8765/" in result.stdout
    assert ":8000" not in result.stdout


def test_an_explicit_port_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOZEN_PORT", "8765")
    monkeypatch.setenv("COLUMNS", "200")
    arguments = ["demo", "--database", str(tmp_path / "demo.sqlite3"), "--seed-only", "--port", "8123"]
    result = runner.invoke(cli_app, arguments)
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.stdout
