"""What every command group shares: one-line errors, input and output, the database, the clock, the actor.

Imports that take long (the services, the store) stay inside the functions, so that ``hozen --help`` and
the calculators start quickly.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console

from hozen.clock import SystemClock, calendar_today
from hozen.contract.errors import field_errors, invalid_input
from hozen.domain.codes import Code, InputCode, RequestCode
from hozen.domain.errors import DomainError
from hozen.domain.roles import Actor, Role

if TYPE_CHECKING:
    from hozen.config import Settings
    from hozen.store.db import UnitOfWork

console = Console()
Opt = typer.Option

CLOCK = SystemClock()

SYSTEM_ACTOR = Actor(0, Role.ADMIN, display_name="command line")
"""Commands from the server's command line (reports, the business date) act with an administrator's view."""


def fail(code: Code, context: Mapping[str, Any] | None = None) -> NoReturn:
    """One readable line on stderr — the code, then its messages written from the context — and exit status 2."""
    print(f"エラー[{code}] {code.message_ja(context)} / {code.message_en(context)}", file=sys.stderr)
    raise typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every expected error into one line on stderr and exit status 2 — never a traceback."""
    try:
        yield
    except DomainError as error:
        fail(error.code, error.context)
    except ValidationError as error:
        fail(InputCode.INVALID_INPUT, invalid_input(field_errors(list(error.errors()))))


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: dict[str, Any]) -> M:
    return model.model_validate({k: v for k, v in data.items() if v is not None})


def emit_json(body: BaseModel) -> None:
    print(json.dumps(body.model_dump(mode="json"), ensure_ascii=False, indent=2))


def load_input_file(path: str) -> Any:
    """A JSON input file (``-`` for standard input)."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        fail(RequestCode.INPUT_UNREADABLE, {"error": str(error)})
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        fail(RequestCode.INPUT_NOT_JSON, {"line": error.lineno, "column": error.colno, "error": error.msg})


def parse_yen(value: str | None) -> Any:
    """``1,000,000`` or ``1_000_000`` as an int; anything else unchanged, for validation to name the field."""
    if value is None:
        return None
    cleaned = value.replace(",", "").replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        return value


def parse_date(value: str, name: str = "DATE") -> dt.date:
    """A ``YYYY-MM-DD`` argument or option (``name``), or one line on stderr and exit status 2."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(RequestCode.INVALID_DATE, {"name": name, "value": value})


def settings() -> Settings:
    """The configured settings (``HOZEN_`` environment variables), read when a command runs."""
    from hozen.config import get_settings

    return get_settings()


def database_url() -> str:
    return settings().database_url


def shown(url: str) -> str:
    """A database URL fit to print: the password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def unit_of_work(*, write: bool = True) -> Iterator[UnitOfWork]:
    """One unit of work on the configured database, whose schema must be current."""
    from hozen.store import admin
    from hozen.store.db import Database

    url = database_url()
    admin.require_current_schema(url)
    database = Database(url)
    try:
        with database.unit_of_work(write=write) as uow:
            yield uow
    finally:
        database.dispose()


def business_today(uow: UnitOfWork) -> dt.date:
    """The business date when one is set, otherwise today's date in Japan."""
    from hozen.services.portfolio import today

    return today(uow, calendar_today(CLOCK))
