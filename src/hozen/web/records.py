"""Past work, found again (/staff/records, /portal/records): a filtered, paged list of each kind of
work and a page for each object. Staff see everything; a customer its own company's work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from hozen.contract.records import RecordFilter
from hozen.domain.codes import InputCode, RecordKind
from hozen.domain.errors import DomainError, NotFoundError
from hozen.domain.roles import Actor, Permission
from hozen.services import records
from hozen.web.common import field_messages, render
from hozen.web.security import page_actor, page_uow

router = APIRouter(include_in_schema=False)

AREAS = {"staff": "/staff/records", "portal": "/portal/records"}


def _area_actor(request: Request, area: str) -> Actor:
    """The logged-in user; the staff pages are for staff with the portfolio permission (else 403)."""
    actor = page_actor(request)
    if area == "staff":
        actor.require(Permission.VIEW_PORTFOLIO)
    return actor


def _listing(request: Request, area: str, kind: str) -> HTMLResponse:
    actor = _area_actor(request, area)
    record = records.kind_of(kind)
    typed = {key: value[:40] for key, value in request.query_params.items() if key in RecordFilter.model_fields}
    context: dict[str, Any] = {"base": AREAS[area], "kinds": list(RecordKind), "record": record, "form": typed}
    status = 200
    with page_uow(request) as uow:
        context["customers"], context["debtors"] = records.filter_choices(uow, actor)
        try:
            context["listing"] = records.list_records(uow, actor, record, RecordFilter.model_validate(typed))
        except ValidationError as error:
            context["fields"] = field_messages(error)
            context["error"] = InputCode.INVALID_INPUT.message_ja({"variant": "beside_fields"})
            status = 422
        except DomainError as error:
            if isinstance(error, NotFoundError) or error.status != 422:
                raise
            context["error"] = error.message_ja
            status = 422
        return render(request, "records/list.html", context, status_code=status)


def _detail(request: Request, area: str, kind: str, object_id: str) -> HTMLResponse:
    actor = _area_actor(request, area)
    record = records.kind_of(kind)
    with page_uow(request) as uow:
        detail = records.get_record(uow, actor, record, records.object_id_of(record, object_id))
    return render(request, "records/detail.html", {"base": AREAS[area], "detail": detail})


@router.get("/staff/records", response_class=HTMLResponse)
def staff_records(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/staff/records/{RecordKind.REVIEW.value}", status_code=303)


@router.get("/staff/records/{kind}", response_class=HTMLResponse)
def staff_list(request: Request, kind: str) -> HTMLResponse:
    return _listing(request, "staff", kind)


@router.get("/staff/records/{kind}/{object_id}", response_class=HTMLResponse)
def staff_detail(request: Request, kind: str, object_id: str) -> HTMLResponse:
    return _detail(request, "staff", kind, object_id)


@router.get("/portal/records", response_class=HTMLResponse)
def portal_records(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/portal/records/{RecordKind.REVIEW.value}", status_code=303)


@router.get("/portal/records/{kind}", response_class=HTMLResponse)
def portal_list(request: Request, kind: str) -> HTMLResponse:
    return _listing(request, "portal", kind)


@router.get("/portal/records/{kind}/{object_id}", response_class=HTMLResponse)
def portal_detail(request: Request, kind: str, object_id: str) -> HTMLResponse:
    return _detail(request, "portal", kind, object_id)
