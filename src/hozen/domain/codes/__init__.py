"""The registry of codes, one module per area; importing this package registers every area.

:mod:`hozen.domain.glossary` lists them in ``docs/codes.md``.
"""

from hozen.domain.codes.accounting import AccountingCode
from hozen.domain.codes.audit import AuditCode, Decision, DecisionField
from hozen.domain.codes.auth import AuthCode
from hozen.domain.codes.availability import AvailabilityCode
from hozen.domain.codes.base import Code, Labelled, all_codes, areas, find, labelled_enums
from hozen.domain.codes.claims import ClaimCode, ClaimReason, Trigger
from hozen.domain.codes.companies import CompanyCode
from hozen.domain.codes.eligibility import EligibilityCode
from hozen.domain.codes.frames import SimulationCode
from hozen.domain.codes.input import InputCode
from hozen.domain.codes.invariants import InvariantCode
from hozen.domain.codes.invoicing import InvoicingCode
from hozen.domain.codes.notices import NoticeCode, NoticeKind
from hozen.domain.codes.operations import OperationsCode, RequestCode
from hozen.domain.codes.pricing import PricingCode
from hozen.domain.codes.records import HistoryReason, RecordCode, RecordKind, ReviewProduct
from hozen.domain.codes.risk import LossKind, RiskCode
from hozen.domain.codes.transfers import AccountType, BankField, TransferCode, TransferKind
from hozen.domain.codes.workflow import WorkflowCode

__all__ = [
    "AccountType",
    "AccountingCode",
    "AuditCode",
    "AuthCode",
    "AvailabilityCode",
    "BankField",
    "ClaimCode",
    "ClaimReason",
    "Code",
    "CompanyCode",
    "Decision",
    "DecisionField",
    "EligibilityCode",
    "HistoryReason",
    "InputCode",
    "InvariantCode",
    "InvoicingCode",
    "Labelled",
    "LossKind",
    "NoticeCode",
    "NoticeKind",
    "OperationsCode",
    "PricingCode",
    "RecordCode",
    "RecordKind",
    "RequestCode",
    "ReviewProduct",
    "RiskCode",
    "SimulationCode",
    "TransferCode",
    "TransferKind",
    "Trigger",
    "WorkflowCode",
    "all_codes",
    "areas",
    "find",
    "labelled_enums",
]
