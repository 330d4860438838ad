"""The one translation of validation errors into coded Japanese and English messages.

Pydantic reports what is wrong with an input by error *type* (``missing``, ``int_parsing``…) and an
English sentence. Every entrypoint turns those into :class:`FieldError` values through
:func:`field_errors`: a field path, a code of :class:`~hozen.domain.codes.InputCode` (or the code a
contract validator raised with :func:`invalid`) and its messages, so that a person reads Japanese
and an integrator a stable code. The library's own sentence never reaches anyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from pydantic_core import PydanticCustomError

from hozen.domain.codes import Code, InputCode, find

LOCATION_ROOTS = ("body", "query", "path", "header", "cookie", "form")

_BY_TYPE: dict[str, InputCode] = {
    "missing": InputCode.FIELD_REQUIRED,
    "missing_argument": InputCode.FIELD_REQUIRED,
    "extra_forbidden": InputCode.FIELD_NOT_ALLOWED,
    "unexpected_keyword_argument": InputCode.FIELD_NOT_ALLOWED,
    "int_type": InputCode.NOT_AN_INTEGER,
    "int_parsing": InputCode.NOT_AN_INTEGER,
    "int_from_float": InputCode.NOT_AN_INTEGER,
    "int_parsing_size": InputCode.NUMBER_TOO_LARGE,
    "float_type": InputCode.NOT_A_NUMBER,
    "float_parsing": InputCode.NOT_A_NUMBER,
    "decimal_type": InputCode.NOT_A_NUMBER,
    "decimal_parsing": InputCode.NOT_A_NUMBER,
    "finite_number": InputCode.NOT_A_NUMBER,
    "greater_than_equal": InputCode.VALUE_BELOW_MINIMUM,
    "greater_than": InputCode.VALUE_NOT_ABOVE,
    "less_than_equal": InputCode.VALUE_ABOVE_MAXIMUM,
    "less_than": InputCode.VALUE_NOT_BELOW,
    "string_type": InputCode.NOT_TEXT,
    "string_unicode": InputCode.NOT_TEXT,
    "string_too_short": InputCode.TEXT_TOO_SHORT,
    "string_too_long": InputCode.TEXT_TOO_LONG,
    "string_pattern_mismatch": InputCode.TEXT_FORMAT_INVALID,
    "date_type": InputCode.DATE_INVALID,
    "date_parsing": InputCode.DATE_INVALID,
    "date_from_datetime_parsing": InputCode.DATE_INVALID,
    "date_from_datetime_inexact": InputCode.DATE_INVALID,
    "date_past": InputCode.DATE_INVALID,
    "date_future": InputCode.DATE_INVALID,
    "enum": InputCode.CHOICE_INVALID,
    "literal_error": InputCode.CHOICE_INVALID,
    "bool_type": InputCode.NOT_A_BOOLEAN,
    "bool_parsing": InputCode.NOT_A_BOOLEAN,
    "list_type": InputCode.NOT_A_LIST,
    "tuple_type": InputCode.NOT_A_LIST,
    "set_type": InputCode.NOT_A_LIST,
    "too_short": InputCode.LIST_TOO_SHORT,
    "too_long": InputCode.LIST_TOO_LONG,
    "model_type": InputCode.NOT_AN_OBJECT,
    "model_attributes_type": InputCode.NOT_AN_OBJECT,
    "dict_type": InputCode.NOT_AN_OBJECT,
    "json_invalid": InputCode.JSON_INVALID,
    "json_type": InputCode.JSON_INVALID,
}

_LIMIT_KEYS = ("ge", "gt", "le", "lt", "min_length", "max_length")


_LABELS: dict[str, dict[str, str]] = {}
"""The Japanese labels of a contract's fields, by the contract's name, then by dotted path without list
positions (``insolvency_filings.date``): a field that declares ``Field(title="法人番号")`` is named by its
label in its errors (``法人番号: …``). Filled by :class:`hozen.contract.base.Contract` as contracts are
defined; a field without a title keeps its path."""


def register_labels(contract: str, labels: Mapping[str, str]) -> None:
    _LABELS[contract] = dict(labels)


def labels_of(contract: str | None) -> Mapping[str, str]:
    """The labels of a contract by its name (a ``ValidationError``'s ``title``); none for another model."""
    return _LABELS.get(contract or "", {})


def _label(location: list[str], labels: Mapping[str, str]) -> str | None:
    return labels.get(".".join(part for part in location if not part.isdigit()))


class FieldError(TypedDict):
    """One bad field: ``field`` is the dotted path (``receivables.0.amount``), ``(body)`` for the whole;
    ``label`` the field's Japanese label where the contract gives one (``message_ja`` then starts with it)."""

    field: str
    label: str
    code: str
    message: str  # English, kept for integrators that read it
    message_ja: str
    message_en: str


def invalid(code: Code, **context: Any) -> PydanticCustomError:
    """What a contract validator raises: the code travels through Pydantic to :func:`field_errors`."""
    return PydanticCustomError(code.value, code.en, context)


def _code_and_context(issue: Mapping[str, Any]) -> tuple[Code, dict[str, Any]]:
    kind = str(issue.get("type", ""))
    context = dict(issue.get("ctx") or {})
    registered = find(kind)
    if registered is not None:
        return registered, context
    code = _BY_TYPE.get(kind, InputCode.VALUE_INVALID)
    for key in _LIMIT_KEYS:
        if key in context:
            context["limit"] = context[key]
            break
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace("'", "")
    return code, context


def field_errors(raw: Iterable[Mapping[str, Any]], labels: Mapping[str, str] | None = None) -> list[FieldError]:
    """Pydantic's errors as coded field errors, the request's root (``body``, ``query``…) dropped; a
    field found in ``labels`` (:func:`labels_of`) is named by its Japanese label."""
    result: list[FieldError] = []
    for issue in raw:
        location = [str(part) for part in issue.get("loc", ()) if part not in LOCATION_ROOTS]
        code, context = _code_and_context(issue)
        english = code.message_en(context)
        label = _label(location, labels or {})
        path = ".".join(location) or "(body)"
        result.append(
            FieldError(
                field=path,
                label=label or path,
                code=code.value,
                message=english,
                message_ja=f"{label}: {code.message_ja(context)}" if label else code.message_ja(context),
                message_en=english,
            )
        )
    return result


def invalid_input(errors: Iterable[FieldError]) -> dict[str, str]:
    """The context of ``INVALID_INPUT``: every bad field, named, in Japanese and English."""
    errors = list(errors)
    return {
        "fields_ja": "　".join(
            e["message_ja"] if e["label"] != e["field"] else f"{e['field']}: {e['message_ja']}" for e in errors
        ),
        "fields_en": "; ".join(f"{e['field']}: {e['message_en']}" for e in errors),
    }
