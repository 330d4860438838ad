"""でんさい (電子記録債権) records as a bank's 開示 CSV writes them (SPEC §17): the record number, dates
written the Japanese way, and the debtor's name as banks spell it.

Plain functions on text; the CSV itself and the column mapping are read by :mod:`hozen.services.densai`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

RECORD_NUMBER_LENGTH = 20
USER_NUMBER_LENGTH = 9
ERAS = {"令和": (2018, dt.date(2019, 5, 1), None), "平成": (1988, dt.date(1989, 1, 8), dt.date(2019, 4, 30))}
ERA_LETTERS = {"R": "令和", "H": "平成"}

_RECORD_NUMBER = re.compile(rf"[0-9A-Z]{{{RECORD_NUMBER_LENGTH}}}")
_USER_NUMBER = re.compile(rf"[0-9A-Z]{{{USER_NUMBER_LENGTH}}}")
_WESTERN = re.compile(r"(\d{4})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ERA = re.compile(r"(令和|平成|R|H)(元|\d{1,2})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?")
_COMPANY_FORMS = {"(株)": "株式会社", "(有)": "有限会社", "(同)": "合同会社", "(資)": "合資会社", "(名)": "合名会社"}


def folded(text: str) -> str:
    """Full-width letters, digits and brackets folded to half-width (NFKC), spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def record_number(text: str) -> str | None:
    """The 20-character 記録番号 (half-width digits and capitals), or None if ``text`` is not one."""
    number = folded(text).upper()
    return number if _RECORD_NUMBER.fullmatch(number) else None


def user_number(text: str) -> str | None:
    """The 9-character でんさいネット 利用者番号, or None if ``text`` is not one."""
    number = folded(text).upper()
    return number if _USER_NUMBER.fullmatch(number) else None


def parse_date(text: str) -> dt.date | None:
    """``2026/11/20``, ``2026-11-20``, ``2026.11.20``, ``2026年11月20日``, ``20261120``, or the Japanese era
    (``令和8年11月20日``, ``令和元年5月1日``, ``R8.11.20``, ``H31/4/30``); None if it is none of them or not a
    real day (an era date outside its era included)."""
    value = folded(text).upper()
    try:
        if match := _WESTERN.fullmatch(value) or _COMPACT.fullmatch(value):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := _ERA.fullmatch(value):
            era, year_text, month_text, day_text = match.groups()
            offset, first, last = ERAS[ERA_LETTERS.get(era, era)]
            era_year = 1 if year_text == "元" else int(year_text)
            date = dt.date(offset + era_year, int(month_text), int(day_text))
            if era_year < 1 or date < first or (last is not None and date > last):
                return None
            return date
    except ValueError:  # 2026/02/30
        return None
    return None


def name_key(name: str) -> str:
    """A company name as two spellings of it compare equal: folded (NFKC), spaces dropped, and the
    abbreviated company forms written out (``(株)`` and ``㈱`` → ``株式会社``)."""
    key = folded(name)
    for short, full in _COMPANY_FORMS.items():
        key = key.replace(short, full)
    return key
