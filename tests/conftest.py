"""Shared fixtures: databases on SQLite and PostgreSQL, the application, users.

Databases
---------
``database`` (also named ``migrated_database``) is parametrised over ``sqlite`` and ``postgres``
(marker ``postgres``), so a test that uses it runs on both. Each test run — each xdist worker —
creates its own fresh databases once (``hozen_test_<random>_<worker>`` on the PostgreSQL server, a
temporary file for SQLite), brings them to the newest schema with the Alembic migrations, and drops
them at the end.

Between tests every table is emptied (``TRUNCATE … RESTART IDENTITY`` on PostgreSQL, ``DELETE`` on
SQLite), not rolled back: tests may commit for real, from several threads (concurrency tests), and
still start clean.

The PostgreSQL server is ``postgresql+psycopg://postgres@127.0.0.1:5432/`` unless
``HOZEN_TEST_POSTGRES_URL`` names another. When it cannot be reached, the ``postgres`` tests FAIL —
they are never skipped (``scripts/ensure-postgres`` starts the local server).

``fresh_database_url`` gives an *empty* database (no schema) for migration and restore tests.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from hozen.config import Settings
from hozen.domain.roles import Role
from hozen.services import auth
from hozen.store import admin
from hozen.store.db import Database
from tests.support import TEST_PASSWORD, TEST_REGISTRATION_NUMBER, TEST_SECRET_KEY, MakeUser

# Properties are about results, never about speed: no per-example deadline, so a busy machine
# (CI shares two cores) cannot fail a property that holds.
hypothesis_settings.register_profile("hozen", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hozen"))

# create_app() refuses to start without a signing key outside demo mode; tests that build the app
# from the environment get this one and an invoice registration number (never used outside the test suite).
os.environ.setdefault("HOZEN_SECRET_KEY", TEST_SECRET_KEY)
os.environ.setdefault("HOZEN_ISSUER_REGISTRATION_NUMBER", TEST_REGISTRATION_NUMBER)

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"
KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# --- database servers ------------------------------------------------------------------------


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


class PostgresServer:
    """Creates and drops databases on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self._admin: Engine = create_engine(
            self.url.set(database="postgres"), isolation_level="AUTOCOMMIT", pool_pre_ping=True
        )

    def check(self) -> None:
        with self._admin.connect() as connection:
            connection.execute(text("SELECT 1"))

    def create(self, prefix: str = "hozen_test") -> str:
        name = f"{prefix}_{secrets.token_hex(4)}_{_worker()}".lower()
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self._admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    url = os.environ.get("HOZEN_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    server = PostgresServer(url)
    try:
        server.check()
    except Exception as error:  # any failure to connect: the postgres tests must fail, loudly
        server.close()
        shown = make_url(url).render_as_string(hide_password=True)
        pytest.fail(
            f"PostgreSQL is not reachable at {shown} ({type(error).__name__}: {error}). "
            "The postgres tests need it: run scripts/ensure-postgres or set HOZEN_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    yield server
    server.close()


def _new_database(kind: str, request: pytest.FixtureRequest, directory: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{directory / f'hozen_{secrets.token_hex(4)}.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create()


def _drop_database(kind: str, url: str, request: pytest.FixtureRequest) -> None:
    if kind == "sqlite":
        database = make_url(url).database
        assert database is not None
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        server.drop(url)


# --- the migrated database shared by a run ------------------------------------------------------


@pytest.fixture(scope="session", params=KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of this run's migrated database of one kind (sqlite / postgres)."""
    kind: str = request.param
    url = _new_database(kind, request, tmp_path_factory.mktemp("db"))
    try:
        admin.upgrade(url)
        yield url
    finally:
        _drop_database(kind, url, request)


@pytest.fixture(scope="session")
def _session_database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def empty_all_tables(database: Database) -> None:
    """Every table emptied, ids restarting at 1; the schema and its revision stay."""
    tables = [name for name in inspect(database.engine).get_table_names() if name != "alembic_version"]
    if not tables:
        return
    with database.engine.begin() as connection:
        if database.is_sqlite:
            connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for name in tables:
                connection.exec_driver_sql(f'DELETE FROM "{name}"')
        else:
            listed = ", ".join(f'"{name}"' for name in tables)
            connection.exec_driver_sql(f"TRUNCATE TABLE {listed} RESTART IDENTITY CASCADE")


@pytest.fixture
def migrated_database(_session_database: Database) -> Iterator[Database]:
    """A clean, migrated database (runs the test on SQLite and on PostgreSQL)."""
    yield _session_database
    _session_database.engine.dispose()  # connections left by threads or failed tests
    empty_all_tables(_session_database)


@pytest.fixture
def database(migrated_database: Database) -> Database:
    """The same as ``migrated_database`` (a directory's conftest may shadow this name)."""
    return migrated_database


@pytest.fixture(params=KINDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema at all) of one kind, dropped after the test."""
    kind: str = request.param
    url = _new_database(kind, request, tmp_path)
    yield url
    _drop_database(kind, url, request)


# --- the application ------------------------------------------------------------------------


@pytest.fixture
def settings(database: Database) -> Settings:
    """Settings for an application on the test database (outside demo mode, with a key)."""
    return Settings(
        database_url=database.url,
        secret_key=TEST_SECRET_KEY,
        issuer_registration_number=TEST_REGISTRATION_NUMBER,
        demo=False,
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    from hozen.app import create_app

    application = create_app(settings)
    yield application
    application.state.database.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of the application over HTTPS, as in production: outside demo mode the session
    cookie is ``Secure``, and a client speaking plain http would not send it back."""
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client


@pytest.fixture
def make_user(database: Database) -> MakeUser:
    """``make_user(Role.ADMIN)`` or ``make_user(Role.CUSTOMER, customer_id=3, login="c1")``: a user
    whose password is ``TEST_PASSWORD``."""
    counter = iter(range(1, 10_000))

    def create(role: Role, *, customer_id: int | None = None, login: str | None = None) -> auth.UserInfo:
        name = login or f"{role.value.replace('_', '-')}-{next(counter)}"
        with database.unit_of_work() as uow:
            return auth.create_user(
                uow,
                None,
                login=name,
                display_name=name,
                password=TEST_PASSWORD,
                role=role,
                customer_id=customer_id,
            )

    return create
