"""The registry of codes, one module per area; importing this package registers every area."""

from hozen.domain.codes.base import Code, all_codes, find
from hozen.domain.codes.input import InputCode

__all__ = ["Code", "InputCode", "all_codes", "find"]
