"""What every command group shares: one-line errors, input and output, the database, the clock, the actor.

Imports that take long (the services, the store) stay inside the functions, so that ``hozen --help`` and
the calculators start quickly.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from typer._click import exceptions as parser_errors  # Typer's own copy of click: its parser raises these
from typer.core import TyperGroup

from hozen.clock import SystemClock, calendar_today
from hozen.contract.base import FIRST_YEAR, LAST_YEAR, whole_number
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


def refusal_line(code: Code, context: Mapping[str, Any] | None = None) -> str:
    return f"エラー[{code}] {code.message_ja(context)} / {code.message_en(context)}"


def fail(code: Code, context: Mapping[str, Any] | None = None) -> NoReturn:
    """One readable line on stderr — the code, then its messages written from the context — and exit status 2."""
    print(refusal_line(code, context), file=sys.stderr)
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


def _usage_context(error: parser_errors.UsageError) -> dict[str, str]:
    """The context of ``COMMAND_LINE_INVALID`` for one of the argument parser's own errors."""
    if isinstance(error, parser_errors.NoSuchOption):
        return {"variant": "unknown_option", "option": error.option_name}
    if isinstance(error, parser_errors.BadParameter) and error.param is not None:
        hint = error.param.get_error_hint()
        if isinstance(error, parser_errors.MissingParameter):
            return {"variant": "missing", "parameter": hint}
        return {"variant": "bad_value", "parameter": hint}
    return {}


class OneLineErrors(TyperGroup):
    """The argument parser's own errors (a missing option, an unknown one, a value of the wrong type) as
    one line in Japanese and English and exit status 2, like every other refusal — never a Rich box."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except parser_errors.NoArgsIsHelpError as error:
            if error.message:  # the help, unless Rich printed it already while the error was built
                typer.echo(error.message, err=True)
            sys.exit(2)
        except parser_errors.UsageError as error:
            print(refusal_line(RequestCode.COMMAND_LINE_INVALID, _usage_context(error)), file=sys.stderr)
            sys.exit(2)
        except typer.Abort:
            print("中止しました / Aborted.", file=sys.stderr)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


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
        fail(RequestCode.INPUT_UNREADABLE, {"error": f"{path}: {error.strerror or type(error).__name__}"})
    except UnicodeDecodeError as error:
        fail(RequestCode.INPUT_UNREADABLE, {"error": f"not UTF-8 (byte {error.start + 1})"})
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail(RequestCode.INPUT_NOT_JSON, {"line": error.lineno, "column": error.colno, "error": error.msg})
    except RecursionError:
        fail(RequestCode.INPUT_TOO_DEEP, {"limit": MAX_JSON_DEPTH})
    if _depth(data) > MAX_JSON_DEPTH:
        fail(RequestCode.INPUT_TOO_DEEP, {"limit": MAX_JSON_DEPTH})
    return data


MAX_JSON_DEPTH = 32
"""The deepest nesting of arrays and objects an input file may have (the contract needs four)."""


def _depth(data: Any) -> int:
    """How deeply ``data`` nests arrays and objects, counted without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, level = pending.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


def parse_yen(value: str | None) -> Any:
    """``1,000,000``, ``1_000_000`` or full-width digits as an int; anything else unchanged, for validation
    to name the field."""
    return None if value is None else whole_number(value)


def parse_date(value: str, name: str = "DATE") -> dt.date:
    """A ``YYYY-MM-DD`` argument or option (``name``), or one line on stderr and exit status 2."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        fail(RequestCode.INVALID_DATE, {"name": name, "value": value})
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        fail(InputCode.DATE_OUT_OF_RANGE, {"first": FIRST_YEAR, "last": LAST_YEAR})
    return day


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
