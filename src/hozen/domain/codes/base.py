"""The registry of codes: every code a person or an integrator meets, with its words.

A code is a member of one :class:`Code` enum per area. Each member carries

* ``ja`` and ``en`` — the message templates (``str.format`` fields filled from the error's context);
* ``label`` — the short Japanese name people read in lists, badges and documents.

Pages, PDFs, reports, the API and the CLI take their words from here and nowhere else; the
registry is listed in ``docs/codes.md``, which a test keeps in step with these modules. Codes are
unique across areas; :func:`find` looks one up by its value.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any

_AREAS: list[type[Code]] = []


class _Lenient(string.Formatter):
    """Fills a template from a context; a missing or ill-typed field renders as an ellipsis or as
    plain text, never as ``{field}`` or an exception in front of a person."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key), _MISSING)

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is _MISSING:
            return "…"
        try:
            return format(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_MISSING = object()
_FORMATTER = _Lenient()


class Code(StrEnum):
    """A stable code with its Japanese and English message templates and its Japanese label.

    Subclasses list members as ``NAME = (auto(), "label", "message in Japanese", "message in English")``;
    the value of a member is its name. A member without messages (a state, a product) is a label only.
    """

    label: str
    ja: str
    en: str

    def __new__(cls, value: str, label: str, ja: str = "", en: str = "") -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label, member.ja, member.en = label, ja or label, en or value
        return member

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _AREAS.append(cls)

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> str:
        return name

    def message_ja(self, context: Mapping[str, Any] | None = None) -> str:
        return _FORMATTER.vformat(self.ja, (), context or {})

    def message_en(self, context: Mapping[str, Any] | None = None) -> str:
        return _FORMATTER.vformat(self.en, (), context or {})


def all_codes() -> Iterator[Code]:
    """Every registered code, area by area."""
    for area in _AREAS:
        yield from area


def find(value: str) -> Code | None:
    """The registered code named ``value``, if there is one (codes are unique across areas)."""
    for area in _AREAS:
        if value in area.__members__:
            return area[value]
    return None
