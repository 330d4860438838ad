"""Identifiers of Japanese companies: the 13-digit corporate number (法人番号).

A corporate number is a check digit followed by a 12-digit base number. The check digit, fixed by
the Corporate Number Act's ordinance (法人番号の指定等に関する省令 第2条), is::

    check = 9 − (Σ_{n=1..12} P_n × Q_n  mod 9)

where ``P_n`` is the n-th digit of the base counted from its right-hand (lowest) end and ``Q_n`` is
1 for odd ``n`` and 2 for even ``n``. For example the National Tax Agency's own number is
``7000012050002``.
"""

from __future__ import annotations

from hozen.domain.codes import CompanyCode, InvoicingCode
from hozen.domain.errors import DomainError

CORPORATE_NUMBER_LENGTH = 13
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SEPARATORS = str.maketrans("", "", " -\u3000‐－ー")


def corporate_check_digit(base: str) -> int:
    """The check digit of a 12-digit base number."""
    if len(base) != CORPORATE_NUMBER_LENGTH - 1 or not base.isascii() or not base.isdigit():
        raise ValueError("the base of a corporate number is 12 ASCII digits")
    total = sum(int(digit) * (1 if n % 2 == 1 else 2) for n, digit in enumerate(reversed(base), start=1))
    return 9 - total % 9


def is_valid_corporate_number(number: str) -> bool:
    """True for 13 ASCII digits whose first digit is the check digit of the other twelve."""
    if len(number) != CORPORATE_NUMBER_LENGTH or not number.isascii() or not number.isdigit():
        return False
    return int(number[0]) == corporate_check_digit(number[1:])


def normalise_corporate_number(text: str) -> str:
    """Full-width digits to ASCII and separators (spaces, hyphens) removed: ``"1-1803-0101-8771"``
    → ``"1180301018771"``. The result is not yet validated."""
    return text.translate(_FULLWIDTH).translate(_SEPARATORS)


def parse_corporate_number(text: str, *, field: str = "corporate_number") -> str:
    """A corporate number as typed by a person, normalised and validated, or ``INVALID_CORPORATE_NUMBER``."""
    number = normalise_corporate_number(text)
    if len(number) != CORPORATE_NUMBER_LENGTH or not number.isascii() or not number.isdigit():
        raise DomainError(CompanyCode.INVALID_CORPORATE_NUMBER, {"field": field, "value": text})
    if not is_valid_corporate_number(number):
        raise DomainError(
            CompanyCode.INVALID_CORPORATE_NUMBER, {"variant": "check_digit", "field": field, "value": text}
        )
    return number


REGISTRATION_NUMBER_PREFIX = "T"


def parse_registration_number(text: str) -> str:
    """A qualified invoice issuer's registration number (適格請求書発行事業者登録番号): ``T`` followed by
    the company's 13-digit corporate number, check digit verified; ``INVALID_REGISTRATION_NUMBER``
    otherwise."""
    number = text.strip()
    if not number.startswith(REGISTRATION_NUMBER_PREFIX) or not is_valid_corporate_number(number[1:]):
        raise DomainError(InvoicingCode.INVALID_REGISTRATION_NUMBER, {"value": text})
    return number
