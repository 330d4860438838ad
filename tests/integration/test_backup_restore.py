"""``hozen db backup`` / ``hozen db restore``: a round trip on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, select, text
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.domain.roles import Role
from hozen.services import auth
from hozen.store import admin
from hozen.store.db import Database
from hozen.store.models import User
from tests.conftest import PostgresServer
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
    assert "BACKUP_NOT_HOZEN" in refused.output
    assert logins(fresh_database_url) == ["untouched"]


@pytest.fixture
def unrelated_archive(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[Path]:
    """A real ``pg_dump -Fc`` archive of a database that is not Hozen's (one table of its own)."""
    url = postgres_server.create("unrelated")
    try:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE stray (id integer PRIMARY KEY, note text)"))
            connection.execute(text("INSERT INTO stray VALUES (1, 'not hozen')"))
        engine.dispose()
        archive = tmp_path / "unrelated.dump"
        conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", f"--dbname={conninfo}", f"--file={archive}"], check=True)
        yield archive
    finally:
        postgres_server.drop(url)


def test_an_unrelated_pg_dump_archive_is_refused_before_the_database_is_touched(
    fresh_database_url: str, env: dict[str, str], unrelated_archive: Path
) -> None:
    add_user(fresh_database_url, "untouched")
    refused = runner.invoke(cli_app, ["db", "restore", str(unrelated_archive), "--yes"], env=env)
    assert refused.exit_code == 2
    lines = refused.output.strip().splitlines()
    assert len(lines) == 1 and "BACKUP_NOT_HOZEN" in lines[0], refused.output
    assert "Hozen のバックアップではありません" in lines[0] and "Not a Hozen backup" in lines[0]
    assert logins(fresh_database_url) == ["untouched"]
    engine = create_engine(fresh_database_url)
    try:
        assert "stray" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
