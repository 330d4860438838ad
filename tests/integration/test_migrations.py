"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL.

A model changed without a migration fails ``test_the_migrated_schema_matches_the_models``: write the
migration with ``hozen db revision -m "what changed"`` (against a database at head) and review it.
"""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from typer.testing import CliRunner

from hozen.cli import app as cli_app
from hozen.store import admin
from hozen.store.db import make_engine
from hozen.store.models import Base

runner = CliRunner()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def previous_revision() -> str | None:
    script = ScriptDirectory.from_config(admin.alembic_config(""))
    head = script.get_revision(admin.head_revision())
    assert head is not None
    down = head.down_revision
    assert down is None or isinstance(down, str), "the migration history has no merge points"
    return down


def test_empty_to_head_builds_every_table_of_the_models(fresh_database_url: str) -> None:
    assert admin.current_revision(fresh_database_url) is None
    reached = admin.upgrade(fresh_database_url)
    assert reached == admin.head_revision()
    assert tables(fresh_database_url) == set(Base.metadata.tables) | {"alembic_version"}


def test_the_migrated_schema_matches_the_models(fresh_database_url: str) -> None:
    admin.upgrade(fresh_database_url)
    differences = admin.schema_differences(fresh_database_url)
    assert differences == [], (
        f"the models and the migrations disagree; write a migration with `hozen db revision -m '…'`: {differences[:10]}"
    )


def test_one_step_down_and_up_again(fresh_database_url: str) -> None:
    admin.upgrade(fresh_database_url)
    below = previous_revision()

    assert admin.downgrade(fresh_database_url, "-1") == below
    if below is None:
        assert tables(fresh_database_url) == {"alembic_version"}
    else:
        assert admin.schema_differences(fresh_database_url) != []

    assert admin.upgrade(fresh_database_url) == admin.head_revision()
    assert admin.schema_differences(fresh_database_url) == []


def test_upgrading_twice_changes_nothing(fresh_database_url: str) -> None:
    admin.upgrade(fresh_database_url)
    assert admin.upgrade(fresh_database_url) == admin.head_revision()
    assert admin.schema_differences(fresh_database_url) == []


def test_the_db_commands(fresh_database_url: str) -> None:
    env = {"HOZEN_DATABASE_URL": fresh_database_url}
    head = admin.head_revision()

    current = runner.invoke(cli_app, ["db", "current"], env=env)
    assert current.exit_code == 0, current.output
    assert current.output.startswith("empty"), current.output
    assert "hozen db upgrade" in current.output

    upgraded = runner.invoke(cli_app, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert f"schema at {head}" in upgraded.output

    current = runner.invoke(cli_app, ["db", "current"], env=env)
    assert current.output.strip() == f"{head} (head)"

    downgraded = runner.invoke(cli_app, ["db", "downgrade", "base"], env=env)
    assert downgraded.exit_code == 0, downgraded.output
    assert tables(fresh_database_url) == {"alembic_version"}


def test_a_user_cannot_be_created_before_the_schema_exists(fresh_database_url: str) -> None:
    result = runner.invoke(
        cli_app,
        ["user", "create", "--login", "admin", "--role", "admin"],
        env={"HOZEN_DATABASE_URL": fresh_database_url, "HOZEN_USER_PASSWORD": "a long enough password"},
    )
    assert result.exit_code == 2
    assert "SCHEMA_NOT_CURRENT" in result.output
    assert "hozen db upgrade" in result.output
