"""The registry of codes: every code a person or an integrator meets, with its words.

A code is a member of one :class:`Code` enum per area. Each member carries

* ``ja`` and ``en`` — the message templates (``str.format`` fields filled from the error's context);
* ``label`` — the short Japanese name people read in lists, badges and documents;
* ``variants`` — optional alternative wordings of the same code, chosen by the context's ``variant``
  (one code, several situations: a licence revoked or a suspension in force);
* ``meaning`` — optional: when it happens, for ``docs/codes.md``.

The other things people read by name — states, products, roles, document kinds — are
:class:`Labelled` enums: their values are stored and sent on the wire unchanged, each member has its
Japanese label. Pages, PDFs, reports, the API and the CLI take their words from here and nowhere
else; the registry is listed in ``docs/codes.md``, which a test keeps in step with these modules.
Codes are unique across areas; :func:`find` looks one up by its value.

Templates are ``str.format`` strings with two extra format specs: ``{kind:label}`` prints the Japanese
label of a :class:`Labelled` value, ``{kind:words}`` its value with underscores as spaces (a list:
each item, joined).  So the
Japanese and the English templates of a code use the same fields, filled from one context (text
that is itself made of messages comes as a pair, ``{failures_ja}`` and ``{failures_en}``).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any

_AREAS: list[type[Code]] = []
_LABELLED: list[type[Labelled]] = []

Wording = tuple[str, str]  # (Japanese template, English template)


class _Lenient(string.Formatter):
    """Fills a template from a context; a missing or ill-typed field renders as an ellipsis or as
    plain text, never as ``{field}`` or an exception in front of a person."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key), _MISSING)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        return value if value is _MISSING else super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is _MISSING:
            return "…"
        if format_spec in ("label", "words") and isinstance(value, (list, tuple)):
            separator = "、" if format_spec == "label" else ", "
            return separator.join(self.format_field(item, format_spec) for item in value)
        if not format_spec and isinstance(value, (list, tuple)):
            return "; ".join(str(item) for item in value)
        if format_spec == "label":
            return value.label if isinstance(value, Labelled) else str(value)
        if format_spec == "words":
            return str(value) if isinstance(value, Code) else str(value).replace("_", " ")
        try:
            return format(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_MISSING = object()
_FORMATTER = _Lenient()

_Part = tuple[str, str | None, str | None, str | None]


@functools.cache
def _parts(template: str) -> tuple[_Part, ...] | None:
    """The template's literal text and fields, parsed once; ``None`` when a field is more than a plain
    name (an index, an attribute, a nested spec), which :meth:`string.Formatter.vformat` then fills."""
    parts = tuple(string.Formatter().parse(template))
    plain = all(name is None or (name.isidentifier() and "{" not in (spec or "")) for _, name, spec, _ in parts)
    return parts if plain else None


def render(template: str, context: Mapping[str, Any]) -> str:
    """``template`` filled from ``context`` as :class:`_Lenient` fills it — a night's thousands of
    notices are worded without parsing the same template again for each."""
    parts = _parts(template)
    if parts is None:
        return _FORMATTER.vformat(template, (), context)
    pieces = []
    for literal, name, spec, conversion in parts:
        pieces.append(literal)
        if name is not None:
            value = context.get(name, _MISSING)
            if conversion:
                value = _FORMATTER.convert_field(value, conversion)
            pieces.append(_FORMATTER.format_field(value, spec or ""))
    return "".join(pieces)


def fields(template: str) -> frozenset[str]:
    """The context keys a template reads."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def shared_fields(template: str) -> frozenset[str]:
    """The context keys a template reads, a ``_ja`` or ``_en`` ending dropped: text that is itself made
    of messages (a list of failures) comes in both languages under paired keys."""
    return frozenset(name.removesuffix("_ja").removesuffix("_en") for name in fields(template))


class Labelled(StrEnum):
    """A value people read by its Japanese label: members are ``NAME = ("stored_value", "ラベル")``.

    The value is what the database stores and the wire carries; ``label`` is what a page, a PDF or a
    message shows. Each subclass registers itself, so a test can ask every one for its labels.
    """

    label: str

    def __new__(cls, value: str, label: str = "") -> Labelled:  # label optional only for lookups by value
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _LABELLED.append(cls)

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of a stored value; an unknown value is shown as it is."""
        member = cls._value2member_map_.get(value)
        return member.label if isinstance(member, Labelled) else value


class Code(Labelled):
    """A stable code with its Japanese and English message templates and its Japanese label.

    Subclasses list members as ``NAME = (auto(), "label", "message in Japanese", "message in English")``,
    optionally followed by a meaning and by variants ``{"name": ("ja", "en")}``; the value of a
    member is its name.
    """

    ja: str
    en: str
    meaning: str
    variants: Mapping[str, Wording]

    def __new__(
        cls,
        value: str,
        label: str = "",
        ja: str = "",
        en: str = "",
        meaning: str = "",
        variants: Mapping[str, Wording] | None = None,
    ) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label, member.ja, member.en = label, ja or label, en or value
        member.meaning, member.variants = meaning, dict(variants or {})
        return member

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _AREAS.append(cls)

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> str:
        return name

    def wording(self, context: Mapping[str, Any] | None = None) -> Wording:
        """The (Japanese, English) templates for this context: its ``variant``'s, or the code's own."""
        variant = (context or {}).get("variant")
        if isinstance(variant, str) and variant in self.variants:
            return self.variants[variant]
        return self.ja, self.en

    def wordings(self) -> dict[str, Wording]:
        """Every wording of the code: ``""`` for its own, then its variants by name."""
        return {"": (self.ja, self.en), **self.variants}

    def message_ja(self, context: Mapping[str, Any] | None = None) -> str:
        return render(self.wording(context)[0], context or {})

    def message_en(self, context: Mapping[str, Any] | None = None) -> str:
        return render(self.wording(context)[1], context or {})


def all_codes() -> Iterator[Code]:
    """Every registered code, area by area."""
    for area in _AREAS:
        yield from area


def areas() -> tuple[type[Code], ...]:
    return tuple(_AREAS)


def labelled_enums() -> tuple[type[Labelled], ...]:
    """Every labelled enum that is not a code area (states, products, roles…)."""
    return tuple(kind for kind in _LABELLED if not issubclass(kind, Code) and kind is not Code)


def find(value: str) -> Code | None:
    """The registered code named ``value``, if there is one (codes are unique across areas)."""
    for area in _AREAS:
        if value in area.__members__:
            return area[value]
    return None
