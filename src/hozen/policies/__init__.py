"""Loading programme rules and company policies from TOML, validated on load.

Presets live beside this module; a deployment adds its own files. A validation error names the
bad key (``pricing.method: …``) and the file it came from.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hozen.domain.codes import OperationsCode
from hozen.domain.errors import DomainError
from hozen.domain.money import Rounding
from hozen.domain.policy import (
    Method,
    NoteSite,
    OfficeFees,
    Policy,
    Product,
    RateRange,
    SanctionsAsOf,
    Trigger,
)
from hozen.domain.programme import ProgrammeHistory, ProgrammeRules

PRESET_DIR = Path(__file__).parent
PRESETS = ("north", "west", "east")
DEFAULT_PRESET = "north"
_PRESET_NAMES = ", ".join((*PRESETS, "default"))
DEFAULT_TRIGGERS = (
    Trigger.LEGAL_PROCEEDING,
    Trigger.TRADING_SUSPENSION,
    Trigger.PRIVATE_WORKOUT,
    Trigger.DISHONOUR,
    Trigger.WHEREABOUTS_UNKNOWN,
)

Yen = Annotated[int, Field(ge=0, strict=True)]
Days = Annotated[int, Field(ge=0, strict=True)]
Percent = Annotated[Decimal, Field(ge=0, decimal_places=3)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _RateRange(_Strict):
    min_gross: Percent | None = None
    max_gross: Percent | None = None
    min_net: Percent | None = None
    max_net: Percent | None = None


class _Pricing(_Strict):
    method: Method
    fee_rounding: Rounding
    subsidy_rounding: Rounding
    discount_rate_cap: Percent = Decimal("2.0")
    guarantee_rate: _RateRange = _RateRange()
    purchase_rate: _RateRange = _RateRange()


class _OfficeFees(_Strict):
    individual: Yen = 0
    frame_new: Yen = 0
    frame_increase: Yen = 0
    frame_extension: Yen = 0
    frame_decrease: Yen = 0
    frame_abolition: Yen = 0
    purchase: Yen = 0


class _Products(_Strict):
    offered: list[Product] = Field(min_length=1)


class _Eligibility(_Strict):
    application_minimum: Yen | None = None
    ar_min_days_to_due: Days | None = None
    note_min_days_to_due: Days | None = None
    min_guarantee_days: Days | None = None
    note_site_days: Annotated[int, Field(ge=1, le=366, strict=True)] | None = None
    note_site_months: Annotated[int, Field(ge=1, le=12, strict=True)] | None = None
    sanctions_as_of: SanctionsAsOf = SanctionsAsOf.START
    purchase_min_months_to_due: Annotated[int, Field(ge=1, le=12, strict=True)] | None = None


class _Operations(_Strict):
    start_offset_business_days: Days = 3
    purchase_lead_days_note: Days = 4
    purchase_lead_days_erecord: Days = 5
    purchase_transfer_fee: Yen = 0
    maturity_grace_days: Days = 7
    application_validity_days: Days = 30
    senior_approval_above: Yen | None = None


class _Claims(_Strict):
    deadline_days: Days = 30
    triggers: list[Trigger] = Field(default_factory=lambda: list(DEFAULT_TRIGGERS), min_length=1)


class _Limits(_Strict):
    creditor: Yen | None = None
    debtor: Yen | None = None
    four_eyes_above: Yen | None = None


class _Risk(_Strict):
    recovery_ratio: Annotated[Decimal, Field(ge=0, le=1, decimal_places=3)] = Decimal(0)
    alert_thresholds: Annotated[
        list[Annotated[int, Field(ge=1, le=200, strict=True)]], Field(min_length=1, max_length=5)
    ] = Field(default_factory=lambda: [80, 100])

    @field_validator("alert_thresholds")
    @classmethod
    def _ascending(cls, value: list[int]) -> list[int]:
        if any(low >= high for low, high in itertools.pairwise(value)):
            raise ValueError("alert thresholds must be strictly ascending")
        return value


class _PolicyFile(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    pricing: _Pricing
    office_fees: _OfficeFees = _OfficeFees()
    products: _Products
    eligibility: _Eligibility = _Eligibility()
    operations: _Operations = _Operations()
    claims: _Claims = _Claims()
    limits: _Limits = _Limits()
    risk: _Risk = _Risk()

    @field_validator("eligibility")
    @classmethod
    def _one_note_site(cls, value: _Eligibility) -> _Eligibility:
        if value.note_site_days is not None and value.note_site_months is not None:
            raise ValueError("give note_site_days or note_site_months, not both")
        return value


def _range(model: _RateRange) -> RateRange:
    def f(value: Decimal | None) -> Fraction | None:
        return None if value is None else Fraction(value)

    return RateRange(f(model.min_gross), f(model.max_gross), f(model.min_net), f(model.max_net))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle, parse_float=Decimal)
    except FileNotFoundError:
        raise DomainError(
            OperationsCode.UNKNOWN_POLICY, {"variant": "file", "policy": str(path), "presets": _PRESET_NAMES}
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, IsADirectoryError) as error:
        raise DomainError(
            OperationsCode.INVALID_POLICY, {"variant": "unreadable", "policy": str(path), "error": str(error)}
        ) from None


def _invalid(path: Path, error: ValidationError) -> DomainError:
    problems = [
        f"{'.'.join(str(part) for part in issue['loc']) or '(file)'}: {issue['msg']}" for issue in error.errors()
    ]
    return DomainError(OperationsCode.INVALID_POLICY, {"policy": str(path), "file": path.name, "problems": problems})


def parse_policy(path: Path) -> Policy:
    try:
        data = _PolicyFile.model_validate(_read_toml(path))
    except ValidationError as error:
        raise _invalid(path, error) from None
    eligibility, operations = data.eligibility, data.operations
    return Policy(
        name=data.name,
        description=data.description,
        method=data.pricing.method,
        fee_rounding=data.pricing.fee_rounding,
        subsidy_rounding=data.pricing.subsidy_rounding,
        guarantee_rate=_range(data.pricing.guarantee_rate),
        purchase_rate=_range(data.pricing.purchase_rate),
        discount_rate_cap=Fraction(data.pricing.discount_rate_cap),
        office_fees=OfficeFees(**data.office_fees.model_dump()),
        products=frozenset(data.products.offered),
        triggers=frozenset(data.claims.triggers),
        application_minimum=eligibility.application_minimum,
        ar_min_days_to_due=eligibility.ar_min_days_to_due,
        note_min_days_to_due=eligibility.note_min_days_to_due,
        min_guarantee_days=eligibility.min_guarantee_days,
        note_site=NoteSite(eligibility.note_site_days, eligibility.note_site_months),
        sanctions_as_of=eligibility.sanctions_as_of,
        purchase_min_months_to_due=eligibility.purchase_min_months_to_due,
        start_offset_business_days=operations.start_offset_business_days,
        purchase_lead_days_note=operations.purchase_lead_days_note,
        purchase_lead_days_erecord=operations.purchase_lead_days_erecord,
        purchase_transfer_fee=operations.purchase_transfer_fee,
        claim_deadline_days=data.claims.deadline_days,
        creditor_limit=data.limits.creditor,
        debtor_limit=data.limits.debtor,
        senior_approval_above=operations.senior_approval_above,
        limit_four_eyes_above=data.limits.four_eyes_above,
        maturity_grace_days=operations.maturity_grace_days,
        application_validity_days=operations.application_validity_days,
        recovery_ratio=Fraction(data.risk.recovery_ratio),
        alert_thresholds=tuple(data.risk.alert_thresholds),
    )


@cache
def preset(name: str) -> Policy:
    """A shipped preset by name; ``default`` is ``north``."""
    return parse_policy(PRESET_DIR / f"{DEFAULT_PRESET if name == 'default' else name}.toml")


def load_policy(reference: str | None, *, allow_paths: bool = True) -> Policy:
    """A preset name, or (where allowed) the path of a policy file.

    The API passes ``allow_paths=False``: a remote caller may name presets only, never read files
    on the server.
    """
    reference = reference or "default"
    if reference == "default" or reference in PRESETS:
        return preset(reference)
    if allow_paths and (reference.endswith(".toml") or "/" in reference):
        return parse_policy(Path(reference))
    raise DomainError(OperationsCode.UNKNOWN_POLICY, {"policy": reference, "presets": _PRESET_NAMES})


class _ProgrammeVersion(_Strict):
    effective_from: dt.date
    label: str = ""
    subsidy_ratio: str
    subsidy_cap: Percent
    ar_guaranteed_share: str
    creditor_limit: Yen
    debtor_limit: Yen
    creditor_max_capital: Yen
    creditor_max_employees: Days
    programme_end: dt.date
    loss_compensation_ratio: str
    note_site_days: Days

    @field_validator("subsidy_ratio", "ar_guaranteed_share", "loss_compensation_ratio")
    @classmethod
    def _fraction(cls, value: str) -> str:
        try:
            ratio = Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError('must be an exact ratio such as "1/3" or "0.75"') from None
        if not 0 <= ratio <= 1:
            raise ValueError("must lie between 0 and 1")
        return value


class _ProgrammeFile(_Strict):
    version: list[_ProgrammeVersion] = Field(min_length=1)


@cache
def programme(path: Path = PRESET_DIR / "programme.toml") -> ProgrammeHistory:
    """The programme's rule versions (shipped file unless a deployment names another)."""
    try:
        data = _ProgrammeFile.model_validate(_read_toml(path))
    except ValidationError as error:
        raise _invalid(path, error) from None
    return ProgrammeHistory.of(
        [
            ProgrammeRules(
                effective_from=v.effective_from,
                subsidy_ratio=Fraction(v.subsidy_ratio),
                subsidy_cap=Fraction(v.subsidy_cap),
                ar_guaranteed_share=Fraction(v.ar_guaranteed_share),
                creditor_limit=v.creditor_limit,
                debtor_limit=v.debtor_limit,
                creditor_max_capital=v.creditor_max_capital,
                creditor_max_employees=v.creditor_max_employees,
                programme_end=v.programme_end,
                loss_compensation_ratio=Fraction(v.loss_compensation_ratio),
                note_site_days=v.note_site_days,
            )
            for v in data.version
        ]
    )
