"""The wire contract (SPEC §14): request and response bodies shared by the API and the CLI.

Amounts are JSON integers (yen), rates JSON strings, dates ISO ``YYYY-MM-DD``.

Bounds (docs/architecture.md, "Bounds of every input"): every value that enters through a
:class:`Contract` is checked here, before any service or database sees it — ids 1..2^31−1, amounts
and other whole numbers within ±¥1,000,000,000,000, dates in the years 2000–2100, text without NUL or
control characters and with a maximum length, lists with a maximum length. The bounds a field does not
declare itself are applied by :class:`Contract` to every field of its type and written into the OpenAPI.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, get_args

from annotated_types import Ge, Le
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from hozen.contract.errors import invalid, labels_of, register_labels
from hozen.domain.codes import InputCode
from hozen.domain.errors import DomainError
from hozen.domain.money import parse_rate


def _rate_text(value: Any) -> Any:
    """Rates travel as strings; an integer is accepted, a binary float never."""
    if isinstance(value, (bool, float)):
        raise invalid(InputCode.RATE_NOT_TEXT)
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        try:
            parse_rate(value)
        except DomainError as error:
            raise PydanticCustomError(error.code, error.message_en, error.context) from None
    return value


MAX_ID = 2**31 - 1
"""The largest id: PostgreSQL's ``integer`` (ids of every table)."""
MAX_YEN = 1_000_000_000_000
"""The largest amount (¥1 trillion), and the bound of every other whole number of the contract."""
FIRST_YEAR, LAST_YEAR = 2000, 2100
"""Dates outside these years are refused: nothing near 9999 reaches date arithmetic."""
MAX_NUMBER_DIGITS = 30
"""Digits read from text at most: beyond that a number is refused as text, not converted."""
MAX_TEXT = 2000
"""The length of a text field that declares none."""
MAX_ITEMS = 1000
"""The length of a list that declares none."""
TEXT_CONTROLS_ALLOWED = frozenset("\t\n\r")
"""Tabs and line breaks (a reason typed in a text area); every other control character is refused."""

Id = Annotated[int, Ge(1), Le(MAX_ID)]
"""An object's id, in a path, a query or a body."""
RateText = Annotated[str, BeforeValidator(_rate_text), Field(examples=["4.5"], max_length=40)]
YenAmount = Annotated[int, Field(strict=True, le=MAX_YEN, description="whole yen, at most ¥1,000,000,000,000")]
IsoDate = Annotated[dt.date, PlainSerializer(lambda d: d.isoformat(), return_type=str)]


def has_control_character(text: str) -> bool:
    """NUL and the other control characters (Unicode category Cc) except tabs and line breaks."""
    if text.isprintable():  # no Cc character is printable: the common case needs no look-up per character
        return False
    return any(unicodedata.category(c) == "Cc" and c not in TEXT_CONTROLS_ALLOWED for c in text)


def _printable(text: str) -> str:
    if has_control_character(text):
        raise invalid(InputCode.TEXT_CONTROL_CHARACTER)
    return text


def _within_years(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise invalid(InputCode.DATE_OUT_OF_RANGE, first=FIRST_YEAR, last=LAST_YEAR)
    return day


Day = Annotated[
    dt.date, AfterValidator(_within_years), Field(description=f"a date in the years {FIRST_YEAR}–{LAST_YEAR}")
]
"""A date outside a :class:`Contract` (a query parameter, a form field)."""
ShortText = Annotated[str, Field(max_length=100), AfterValidator(_printable)]
"""A short text outside a :class:`Contract` (a query parameter, a form field)."""


_FULL_WIDTH = str.maketrans("０１２３４５６７８９，－", "0123456789,-")
_NUMBER_DECORATIONS = (",", "_", "円", "¥", "￥")


def whole_number(text: str) -> int | str:
    """Text typed where a whole number is expected (a form, the command line, an imported cell): full-width
    digits become ASCII digits, separators and 円/¥ are dropped. Anything that is still not ASCII digits
    (``²``, ``1.5``, ``abc``) is returned unchanged, for the contract to refuse with the field's name."""
    cleaned = text.strip().translate(_FULL_WIDTH)
    for decoration in _NUMBER_DECORATIONS:
        cleaned = cleaned.replace(decoration, "")
    digits = cleaned.removeprefix("-")
    if digits and digits.isascii() and digits.isdigit() and len(digits) <= MAX_NUMBER_DIGITS:
        return int(cleaned)
    return text


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def _check_bounds(name: str, value: Any) -> None:
    """The bounds every contract field has (see the module's docstring), whatever its own declaration."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        _printable(value)
        if len(value) > MAX_TEXT:
            raise invalid(InputCode.TEXT_TOO_LONG, limit=MAX_TEXT)
    elif isinstance(value, int):
        low, high = (1, MAX_ID) if _is_id(name) else (-MAX_YEN, MAX_YEN)
        if value < low:
            raise invalid(InputCode.VALUE_BELOW_MINIMUM, limit=low)
        if value > high:
            raise invalid(InputCode.VALUE_ABOVE_MAXIMUM, limit=high)
    elif isinstance(value, dt.date):
        _within_years(value)
    elif isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise invalid(InputCode.LIST_TOO_LONG, limit=MAX_ITEMS)
        for item in value:
            _check_bounds(name, item)


def _document_bounds(name: str, schema: dict[str, Any]) -> None:
    """Write the bounds :func:`_check_bounds` applies into a property's JSON schema (the OpenAPI)."""
    for variant in schema.get("anyOf", ()):
        _document_bounds(name, variant)
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date":
        schema.setdefault("description", f"a date in the years {FIRST_YEAR}–{LAST_YEAR}")
    elif kind == "string" and "enum" not in schema:
        schema.setdefault("maxLength", MAX_TEXT)
    elif kind == "integer":
        low, high = (1, MAX_ID) if _is_id(name) else (-MAX_YEN, MAX_YEN)
        schema["minimum"] = max(schema.get("minimum", low), low)
        schema["maximum"] = min(schema.get("maximum", high), high)
    elif kind == "array":
        schema.setdefault("maxItems", MAX_ITEMS)
        if isinstance(schema.get("items"), dict):
            _document_bounds(name, schema["items"])


def _document_contract_bounds(schema: dict[str, Any], _model: type[Any]) -> None:
    properties: Mapping[str, Any] = schema.get("properties", {})
    for name, property_schema in properties.items():
        _document_bounds(name, property_schema)


class Contract(BaseModel):
    """An input of the contract: unknown fields refused, every field within the common bounds."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_contract_bounds)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """A field's ``title`` is its Japanese label: the messages of its errors name it (also the
        fields of a contract nested in this one, under the nesting field's name)."""
        super().__pydantic_init_subclass__(**kwargs)
        labels: dict[str, str] = {}
        for name, info in cls.model_fields.items():
            key = info.alias or name
            if info.title:
                labels[key] = info.title
            for nested in _contracts_in(info.annotation):
                labels |= {f"{key}.{path}": label for path, label in labels_of(nested.__name__).items()}
        register_labels(cls.__name__, labels)

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any, info: ValidationInfo) -> Any:
        _check_bounds(info.field_name or "", value)
        return value


def _contracts_in(annotation: Any) -> list[type[Contract]]:
    """The contracts a field's type holds (``X``, ``list[X]``, ``X | None``…)."""
    if isinstance(annotation, type) and issubclass(annotation, Contract):
        return [annotation]
    return [found for argument in get_args(annotation) for found in _contracts_in(argument)]


class Problem(BaseModel):
    """application/problem+json (RFC 9457) with a stable ``code``."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str
    message_ja: str
    message_en: str
    errors: list[dict[str, Any]] = Field(default_factory=list)
