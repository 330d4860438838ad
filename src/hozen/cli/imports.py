"""``hozen import``: a customer's receivables from a file into a review request."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hozen.cli.common import Opt, business_today, console, emit_json, fail, settings, unit_of_work, user_errors
from hozen.domain.codes import RequestCode

app = typer.Typer(help="取込み / imports: でんさい 開示CSV → 審査依頼", no_args_is_help=True)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        fail(RequestCode.INPUT_UNREADABLE, {"error": f"{path}: {error.strerror or type(error).__name__}"})


@app.command("densai")
def import_densai(
    file: Annotated[Path, typer.Argument(help="でんさいの開示結果CSV（UTF-8 または Shift_JIS）")],
    customer: Annotated[int, Opt("--customer", help="お客様ID")],
    user: Annotated[str, Opt("--user", help="依頼する利用者のログインID（お客様の利用者または事務担当）")],
    mapping: Annotated[Path | None, Opt("--mapping", help="列の対応表（TOML）。省略時は標準")] = None,
    purchase: Annotated[bool, Opt("--purchase", help="保証ではなく買取を依頼する")] = False,
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力する")] = False,
) -> None:
    """でんさい開示CSVから審査依頼を作る / a review request from a でんさい disclosure CSV."""
    from hozen.services import auth, densai, presenters

    content = _read(file)
    mapping_text = _read(mapping) if mapping is not None else None
    with user_errors():
        columns = densai.load_mapping(mapping_text)
        with unit_of_work() as uow:
            actor = auth.user_by_login(uow, user).actor
            review = densai.import_densai(
                uow,
                actor,
                customer,
                content,
                columns,
                today=business_today(uow),
                policy_name=settings().policy,
                purchase=purchase,
                filename=file.name,
            )
            body = presenters.review_out(review)
    if as_json:
        emit_json(body)
        return
    flagged = sum(1 for line in body.lines if line.eligibility)
    console.print(
        f"審査依頼 {body.id} を受け付けました（{len(body.lines)}件、要確認 {flagged}件） / "
        f"review request {body.id}: {len(body.lines)} line(s), {flagged} with findings"
    )
