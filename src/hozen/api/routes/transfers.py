"""Money going out (SPEC §16): customers' payout accounts and the 全銀 総合振込 transfer files."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from hozen.api.deps import AppSettings, CurrentActor, ReadUow, Today, WriteUow
from hozen.api.retry import RetryingRoute
from hozen.contract.base import Day, Id
from hozen.contract.transfers import (
    BankAccountInput,
    BankAccountOut,
    TransferExportInput,
    TransferExportOut,
    TransfersDueOut,
)
from hozen.services import presenters, transfers

router = APIRouter(route_class=RetryingRoute, prefix="/api/v1", tags=["transfers"])
MEDIA_TYPE = "text/plain; charset=Shift_JIS"
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the 全銀 総合振込 file: 120-byte records, each followed by CRLF, in Shift_JIS",
        "content": {"text/plain": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/customers/{customer_id}/bank-account")
def read_bank_account(customer_id: Id, actor: CurrentActor, uow: ReadUow) -> BankAccountOut:
    """The customer's payout account (staff, or the customer's own users)."""
    return presenters.bank_account_out(transfers.bank_account(uow, actor, customer_id))


@router.put("/customers/{customer_id}/bank-account")
def set_bank_account(
    customer_id: Id, data: BankAccountInput, actor: CurrentActor, uow: WriteUow, today: Today
) -> BankAccountOut:
    """Register or change the payout account; names are converted to the 全銀 character set."""
    account = transfers.set_bank_account(uow, actor, customer_id, data, today=today)
    return presenters.bank_account_out(account)


@router.get("/transfers/due")
def transfers_due(date: Day, actor: CurrentActor, uow: ReadUow) -> TransfersDueOut:
    """The payments of the date not exported yet; those without a payout account are listed as blocked."""
    return transfers.due(uow, actor, date)


@router.post("/transfer-exports", status_code=status.HTTP_201_CREATED)
def create_export(
    data: TransferExportInput, actor: CurrentActor, uow: WriteUow, settings: AppSettings
) -> TransferExportOut:
    """Export the date's payable payments as one 全銀 file; each payment is exported once."""
    record = transfers.export(uow, actor, data.date, settings.zengin_originator())
    return presenters.transfer_export_out(record)


@router.get("/transfer-exports")
def list_exports(actor: CurrentActor, uow: ReadUow) -> list[TransferExportOut]:
    return [presenters.transfer_export_out(record) for record in transfers.exports(uow, actor)]


@router.get("/transfer-exports/{export_id}")
def read_export(export_id: Id, actor: CurrentActor, uow: ReadUow) -> TransferExportOut:
    return presenters.transfer_export_out(transfers.get_export(uow, actor, export_id))


@router.get("/transfer-exports/{export_id}/file", response_class=Response, responses=FILE_RESPONSE)
def export_file(export_id: Id, actor: CurrentActor, uow: ReadUow) -> Response:
    """The file again, byte for byte as it was first made."""
    name, content = transfers.export_file(uow, actor, export_id)
    return Response(content, media_type=MEDIA_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'})
