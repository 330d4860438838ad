"""``hozen db backup`` / ``hozen db restore``: a round trip on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.domain.roles import Role
from hozen.services import auth
from hozen.store import admin
from hozen.store.db import Database
from hozen.store.models import User
from tests.support import TEST_PASSWORD, database_kind

runner = CliRunner()


def add_user(url: str, login: str) -> None:
    database = Database(url)
    try:
        with database.unit_of_work() as uow:
            auth.create_user(uow, None, login=login, display_name=login, password=TEST_PASSWORD, role=Role.OPERATIONS)
    finally:
        database.dispose()


def logins(url: str) -> list[str]:
    database = Database(url)
    try:
        with database.unit_of_work(write=False) as uow:
            return list(uow.session.scalars(select(User.login).order_by(User.id)))
    finally:
        database.dispose()


def can_log_in(url: str, login: str) -> bool:
    database = Database(url)
    try:
        with database.unit_of_work(write=False) as uow:
            return auth.verify_password(uow, login, TEST_PASSWORD).login == login
    finally:
        database.dispose()


@pytest.fixture
def env(fresh_database_url: str) -> dict[str, str]:
    admin.upgrade(fresh_database_url)
    return {"HOZEN_DATABASE_URL": fresh_database_url}


def test_round_trip(fresh_database_url: str, env: dict[str, str], tmp_path: Path) -> None:
    url = fresh_database_url
    backup_file = tmp_path / f"hozen-{database_kind(url)}.backup"
    add_user(url, "kept")

    made = runner.invoke(cli_app, ["db", "backup", str(backup_file)], env=env)
    assert made.exit_code == 0, made.output
    assert backup_file.stat().st_size > 0

    add_user(url, "made-after-the-backup")
    assert logins(url) == ["kept", "made-after-the-backup"]

    restored = runner.invoke(cli_app, ["db", "restore", str(backup_file), "--yes"], env=env)
    assert restored.exit_code == 0, restored.output
    assert f"schema at {admin.head_revision()}" in restored.output

    assert logins(url) == ["kept"]
    assert can_log_in(url, "kept")
    assert admin.schema_differences(url) == []
    add_user(url, "after-the-restore")  # the restored database takes new rows (sequences restored too)
    assert logins(url) == ["kept", "after-the-restore"]


def test_a_backup_never_overwrites_a_file(env: dict[str, str], tmp_path: Path) -> None:
    existing = tmp_path / "precious.backup"
    existing.write_bytes(b"yesterday's backup")
    result = runner.invoke(cli_app, ["db", "backup", str(existing)], env=env)
    assert result.exit_code == 2
    assert "BACKUP_FILE_EXISTS" in result.output
    assert existing.read_bytes() == b"yesterday's backup"


def test_restore_asks_first_and_a_no_changes_nothing(
    fresh_database_url: str, env: dict[str, str], tmp_path: Path
) -> None:
    backup_file = tmp_path / "empty.backup"
    assert runner.invoke(cli_app, ["db", "backup", str(backup_file)], env=env).exit_code == 0
    add_user(fresh_database_url, "still-here")
    answered_no = runner.invoke(cli_app, ["db", "restore", str(backup_file)], env=env, input="n\n")
    assert answered_no.exit_code != 0
    assert logins(fresh_database_url) == ["still-here"]


def test_restoring_a_missing_or_foreign_file_is_refused(
    fresh_database_url: str, env: dict[str, str], tmp_path: Path
) -> None:
    missing = runner.invoke(cli_app, ["db", "restore", str(tmp_path / "nothing"), "--yes"], env=env)
    assert missing.exit_code == 2
    assert "BACKUP_FILE_MISSING" in missing.output

    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a backup")
    add_user(fresh_database_url, "untouched")
    refused = runner.invoke(cli_app, ["db", "restore", str(foreign), "--yes"], env=env)
    assert refused.exit_code == 2
    expected = "BACKUP_NOT_HOZEN" if database_kind(fresh_database_url) == "sqlite" else "BACKUP_COMMAND_FAILED"
    assert expected in refused.output
    assert logins(fresh_database_url) == ["untouched"]
