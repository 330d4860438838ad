"""The ``hozen`` command (Typer + Rich). ``--json`` prints exactly the API's JSON body."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.table import Table

from hozen.contract.errors import field_errors, invalid_input
from hozen.contract.quotes import QuoteInput, QuoteOutput
from hozen.domain.calendar import add_business_days
from hozen.domain.errors import DomainError
from hozen.services.quotes import price_quote, quote_output

app = typer.Typer(
    name="hozen",
    help="保全 Hozen — 下請債権保全支援事業の保証・買取業務システム",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
business_days_app = typer.Typer(help="営業日の計算 / business-day arithmetic", no_args_is_help=True)
app.add_typer(business_days_app, name="business-days")

console = Console()


def fail(code: str, message_ja: str, message_en: str) -> NoReturn:
    """One readable line on stderr and exit status 2."""
    print(f"エラー[{code}] {message_ja} / {message_en}", file=sys.stderr)
    raise typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every expected error into one line on stderr and exit status 2 — never a traceback."""
    try:
        yield
    except DomainError as error:
        fail(error.code, error.message_ja, error.message_en)
    except ValidationError as error:
        ja, en = invalid_input(field_errors(list(error.errors())))
        fail("INVALID_INPUT", ja, en)


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: dict[str, Any]) -> M:
    return model.model_validate({k: v for k, v in data.items() if v is not None})


def emit_json(body: BaseModel) -> None:
    print(json.dumps(body.model_dump(mode="json"), ensure_ascii=False, indent=2))


def load_input_file(path: str) -> Any:
    """A JSON input file (``-`` for standard input)."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        fail("INPUT_UNREADABLE", f"入力ファイルを読めません: {error}", f"Cannot read the input file: {error}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        fail(
            "INPUT_NOT_JSON",
            f"入力ファイルがJSONではありません（{error.lineno}行{error.colno}列）: {error.msg}",
            f"The input file is not JSON (line {error.lineno}, column {error.colno}): {error.msg}",
        )


def _parse_int(name: str) -> Callable[[str | None], Any]:
    def parse(value: str | None) -> Any:
        if value is None:
            return None
        cleaned = value.replace(",", "").replace("_", "")
        try:
            return int(cleaned)
        except ValueError:
            return value  # let validation name the field

    return parse


Opt = typer.Option


@app.command()
def price(
    product: Annotated[str, Opt(help="ar | note | erecord | frame | purchase | discount")] = "note",
    amount: Annotated[str | None, Opt(help="保証金額・額面・極度額（円）")] = None,
    invoice_amount: Annotated[str | None, Opt(help="売掛金: 請求額（80%を保証）")] = None,
    notified_amount: Annotated[str | None, Opt(help="売掛金: 支払通知額（全額保証）")] = None,
    already_guaranteed: Annotated[str | None, Opt(help="売掛金の追加保証: 保証済み金額")] = None,
    rate: Annotated[str | None, Opt(help="保証料率（年率%、助成前）例: 4.5")] = None,
    start: Annotated[str | None, Opt(help="開始日 YYYY-MM-DD")] = None,
    end: Annotated[str | None, Opt(help="終了日 YYYY-MM-DD（当日を含む）")] = None,
    policy: Annotated[str | None, Opt(help="プリセット名またはポリシーファイル")] = None,
    frame_change: Annotated[str | None, Opt(help="new | increase | extension | decrease | abolition")] = None,
    method: Annotated[str | None, Opt(help="net_rate | gross_minus_subsidy")] = None,
    fee_rounding: Annotated[str | None, Opt(help="down | half_up | up")] = None,
    subsidy_rounding: Annotated[str | None, Opt(help="down | half_up | up")] = None,
    office_fee: Annotated[str | None, Opt(help="事務手数料（円）")] = None,
    no_subsidy: Annotated[bool, Opt("--no-subsidy", help="助成金なしで計算")] = False,
    discount_rate: Annotated[str | None, Opt(help="割引料率（年率%）")] = None,
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力")] = False,
) -> None:
    """保証料・買取料を試算する / price a guarantee, purchase or discount (SPEC §14.1)."""
    yen = _parse_int("amount")
    with user_errors():
        data = validated(
            QuoteInput,
            {
                "product": product,
                "amount": yen(amount),
                "invoice_amount": yen(invoice_amount),
                "notified_amount": yen(notified_amount),
                "already_guaranteed": yen(already_guaranteed),
                "rate": rate,
                "start": start,
                "end": end,
                "policy": policy,
                "frame_change": frame_change,
                "method": method,
                "fee_rounding": fee_rounding,
                "subsidy_rounding": subsidy_rounding,
                "office_fee": yen(office_fee),
                "subsidy": not no_subsidy,
                "discount_rate": discount_rate,
            },
        )
        body = quote_output(price_quote(data))
    if as_json:
        emit_json(body)
    else:
        _print_quote(body)


def _print_quote(q: QuoteOutput) -> None:
    table = Table(title=f"試算結果（{q.product.value}）", show_header=False)
    table.add_column("項目")
    table.add_column("値", justify="right")
    rows = [
        ("保証金額 guaranteed amount", f"{q.guaranteed_amount:,}円"),
        ("日数 days (both ends)", f"{q.days}日"),
        ("料率 gross rate", f"{q.gross_rate}%"),
        ("助成率 subsidy rate", f"{q.subsidy_rate}%"),
        ("助成後料率 net rate", f"{q.net_rate}%"),
        ("保証料総額 gross fee", f"{q.gross_fee:,}円"),
        ("助成金 subsidy", f"{q.subsidy:,}円"),
        ("お客様負担 net fee", f"{q.net_fee:,}円"),
        ("事務手数料 office fee", f"{q.office_fee:,}円"),
        ("割引料 discount fee", f"{q.discount_fee:,}円"),
        ("お支払い合計 payable", f"[bold]{q.payable:,}円[/bold]"),
        ("実質料率 effective rate", f"{q.effective_rate}%"),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    for warning in q.warnings:
        console.print(f"[yellow]警告 warning: {warning}[/yellow]")


@app.command()
def check(
    input_file: Annotated[str, Opt("--input", help="JSON file (SPEC §14.3), - for standard input")],
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力")] = False,
) -> None:
    """保証対象の要件を確認する / check eligibility: every failed rule at once (SPEC §14.3)."""
    from hozen.contract.eligibility import EligibilityInput
    from hozen.services.eligibility import check as run_check

    data = load_input_file(input_file)
    with user_errors():
        body = run_check(EligibilityInput.model_validate(data))
    if as_json:
        emit_json(body)
        return
    if body.eligible:
        console.print("[green]対象です / eligible[/green]")
        return
    table = Table(title="要件を満たさない項目 / failures")
    for column in ("code", "対象 subject", "#"):
        table.add_column(column, no_wrap=True)
    table.add_column("内容", overflow="fold")
    for failure in body.failures:
        index = "" if failure.index is None else str(failure.index + 1)
        table.add_row(failure.code, failure.subject, index, f"{failure.message_ja}\n{failure.message_en}")
    console.print(table)


@app.command("frame-simulate")
def frame_simulate(
    input_file: Annotated[str, Opt("--input", help="JSON file (SPEC §14.2), - for standard input")],
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力")] = False,
) -> None:
    """枠保証の必要額を試算する / simulate the balance of a contract and recommend a frame (SPEC §7)."""
    from hozen.contract.frame_simulations import FrameSimulationInput
    from hozen.services.frame_simulation import simulate

    data = load_input_file(input_file)
    with user_errors():
        body = simulate(FrameSimulationInput.model_validate(data))
    if as_json:
        emit_json(body)
        return
    table = Table(title="日末残高の推移 / end-of-day balance")
    table.add_column("日付")
    table.add_column("残高", justify="right")
    for point in body.timeline:
        table.add_row(point.date.isoformat(), f"{point.balance:,}円")
    console.print(table)
    console.print(
        f"推奨極度額 {body.recommended_limit:,}円（ピーク {body.peak_balance:,}円）"
        f"  保証期間 {body.period.start.isoformat()}〜{body.period.end.isoformat()}（{body.days}日）"
    )
    if body.quote is not None:
        _print_quote(body.quote)


@app.command("claim-assess")
def claim_assess(
    input_file: Annotated[str, Opt("--input", help="JSON file (SPEC §14.4), - for standard input")],
    as_json: Annotated[bool, Opt("--json", help="APIと同じJSONを出力")] = False,
) -> None:
    """保証履行請求を査定する / assess a claim under a guarantee (SPEC §14.4)."""
    from hozen.contract.claim_assessments import ClaimAssessmentInput
    from hozen.services.claim_assessment import assess

    data = load_input_file(input_file)
    with user_errors():
        body = assess(ClaimAssessmentInput.model_validate(data))
    if as_json:
        emit_json(body)
        return
    table = Table(title=f"査定結果: 支払額 {body.payable:,}円 {'（支払対象）' if body.accepted else '（支払なし）'}")
    for column in ("債権", "対象額", "理由"):
        table.add_column(column)
    for line in body.lines:
        table.add_row(line.id, f"{line.counted:,}円", ", ".join(line.reasons))
    console.print(table)
    if body.reasons:
        console.print("全体の理由 reasons: " + ", ".join(body.reasons))


@business_days_app.command("add")
def business_days_add(
    date: Annotated[str, typer.Argument(help="起算日 YYYY-MM-DD")],
    count: Annotated[int, typer.Argument(help="営業日数")],
) -> None:
    """DATE の N 営業日後の日付を表示する / print the date N business days after DATE."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        fail("INVALID_DATE", f"日付は YYYY-MM-DD 形式で指定してください: {date}", f"Dates are YYYY-MM-DD: {date}")
    print(add_business_days(day, count).isoformat())


db_app = typer.Typer(help="データベースの管理 / schema migrations, backup and restore", no_args_is_help=True)
app.add_typer(db_app, name="db")
user_app = typer.Typer(help="利用者の管理 / users", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _database_url() -> str:
    from hozen.config import get_settings

    return get_settings().database_url


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="target revision")] = "head") -> None:
    """スキーマを最新にする / migrate the schema up (default: to the newest revision)."""
    from hozen.store import admin

    url = _database_url()
    with user_errors():
        reached = admin.upgrade(url, revision)
    print(f"{_shown(url)}: schema at {reached}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="target revision, -1 for one step, base")]) -> None:
    """スキーマを戻す / migrate the schema down to REVISION."""
    from hozen.store import admin

    url = _database_url()
    with user_errors():
        reached = admin.downgrade(url, revision)
    print(f"{_shown(url)}: schema at {reached or 'base (empty)'}")


@db_app.command("current")
def db_current() -> None:
    """現在のスキーマ版 / print the schema revision of the database."""
    from hozen.store import admin

    url = _database_url()
    with user_errors():
        status = admin.schema_status(url)
    note = "(head)" if status.is_current else f"(newest is {status.head}: run hozen db upgrade)"
    print(f"{status.current or 'empty'} {note}")


@db_app.command("backup")
def db_backup(file: Annotated[Path, typer.Argument(help="backup file to write (must not exist)")]) -> None:
    """バックアップを取る / back up the database to FILE (SQLite backup API or pg_dump)."""
    from hozen.store import admin

    url = _database_url()
    with user_errors():
        admin.backup(url, file)
    print(f"{_shown(url)} → {file}")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="backup file written by hozen db backup")],
    yes: Annotated[bool, Opt("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """バックアップから戻す / replace the whole database with the backup in FILE (stop the server first)."""
    from hozen.store import admin

    url = _database_url()
    if not yes:
        question = f"{_shown(url)} の内容をすべて {file} で置き換えます。よろしいですか / replace everything?"
        typer.confirm(question, abort=True)
    with user_errors():
        revision = admin.restore(url, file)
    print(f"{file} → {_shown(url)}: schema at {revision}")


@db_app.command("revision")
def db_revision(message: Annotated[str, Opt("--message", "-m", help="what the migration changes")]) -> None:
    """(開発者向け) モデルとの差分から次のマイグレーションを作る / autogenerate the next migration."""
    from hozen.store import admin

    with user_errors():
        path = admin.new_revision(_database_url(), message)
    print(path)


@user_app.command("create")
def user_create(
    login: Annotated[str, Opt(help="ログインID")],
    role: Annotated[str, Opt(help="underwriter | approver | senior_approver | operations | claims | admin | customer")],
    display_name: Annotated[str | None, Opt(help="表示名（省略時はログインID）")] = None,
    customer_id: Annotated[int | None, Opt(help="お客様の利用者の会社ID")] = None,
    password: Annotated[
        str,
        Opt(prompt="パスワード / password", hide_input=True, confirmation_prompt=True, envvar="HOZEN_USER_PASSWORD"),
    ] = "",
) -> None:
    """利用者を作る（最初の管理者など） / create a user; the password is asked for or read from HOZEN_USER_PASSWORD."""
    from hozen.domain.roles import Role
    from hozen.services.auth import create_user
    from hozen.store import admin
    from hozen.store.db import Database

    try:
        chosen = Role(role)
    except ValueError:
        fail("INVALID_ROLE", f"役割が不正です: {role}", f"Unknown role: {role} (one of {', '.join(Role)})")
    url = _database_url()
    with user_errors():
        admin.require_current_schema(url)
        database = Database(url)
        try:
            with database.unit_of_work() as uow:
                user = create_user(
                    uow,
                    None,
                    login=login,
                    display_name=display_name or login,
                    password=password,
                    role=chosen,
                    customer_id=customer_id,
                )
        finally:
            database.dispose()
    print(f"created user {user.id}: {user.login} ({user.role.value})")


business_date_app = typer.Typer(help="業務日付 / the business date (as of)", no_args_is_help=True)
app.add_typer(business_date_app, name="business-date")


def _open_database() -> Any:
    from hozen.store import admin
    from hozen.store.db import Database

    url = _database_url()
    admin.require_current_schema(url)
    return Database(url)


def _calendar_today() -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Tokyo")).date()


@business_date_app.command("show")
def business_date_show() -> None:
    """現在の業務日付を表示する / print the business date."""
    from hozen.store.repositories import business_date

    with user_errors():
        database = _open_database()
        with database.unit_of_work(write=False) as uow:
            print(business_date(uow.session, _calendar_today()).isoformat())


@business_date_app.command("set")
def business_date_set(date: Annotated[str, typer.Argument(help="YYYY-MM-DD")]) -> None:
    """業務日付を設定する（検証・デモ用） / set the business date (for tests and demonstrations)."""
    from hozen.store.repositories import set_business_date

    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        fail("INVALID_DATE", f"日付は YYYY-MM-DD 形式で指定してください: {date}", f"Dates are YYYY-MM-DD: {date}")
    with user_errors():
        database = _open_database()
        with database.unit_of_work() as uow:
            set_business_date(uow.session, day)
            uow.commit()
    print(day.isoformat())


@app.command()
def daily() -> None:
    """日次処理（効力発生・証書・満期・失効・督促）。何度実行しても同じ結果 / the idempotent daily run."""
    from rich.progress import Progress

    from hozen.services.guarantees import run_daily
    from hozen.store.repositories import business_date

    with user_errors():
        database = _open_database()
        with database.unit_of_work() as uow, Progress(console=console, transient=True) as bar:
            today = business_date(uow.session, _calendar_today())
            task = bar.add_task(f"日次処理 {today.isoformat()}", total=None)

            def advance(step: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=f"日次処理 {today.isoformat()}: {step}")

            report = run_daily(uow, None, today=today, progress=advance)
    console.print(
        f"{report.business_date.isoformat()}: 効力発生 {len(report.activated)}件, 満期終了 {len(report.matured)}件, "
        f"失効 {len(report.lapsed)}件, 買取取消 {len(report.expired_purchases)}件, "
        f"審査結果期限切れ {len(report.expired_reviews)}件, "
        f"督促 {len(report.reminders)}件"
    )


@app.command()
def serve(
    host: Annotated[str | None, Opt(help="listen address")] = None,
    port: Annotated[int | None, Opt(help="listen port")] = None,
) -> None:
    """Web画面とAPIを起動する / start the web pages and the API."""
    import uvicorn

    from hozen.app import create_app
    from hozen.config import get_settings
    from hozen.store.admin import upgrade

    settings = get_settings()
    with user_errors():
        application = create_app(settings)  # refuses without HOZEN_SECRET_KEY outside demo mode
        upgrade(settings.database_url)  # create / migrate the schema before serving (SPEC §14.6)
    uvicorn.run(application, host=host or settings.host, port=port or settings.port)


report_app = typer.Typer(help="帳票 / reports: subsidy claim, exposure, guarantees by state", no_args_is_help=True)
app.add_typer(report_app, name="report")


def _write_report(table: Any, csv_file: Path | None, xlsx_file: Path | None) -> None:
    if csv_file:
        csv_file.write_bytes(table.csv())
        console.print(f"→ {csv_file}")
    if xlsx_file:
        xlsx_file.write_bytes(table.xlsx())
        console.print(f"→ {xlsx_file}")
    shown = Table(title=table.title)
    for header in table.headers:
        shown.add_column(header, overflow="fold")
    for row in table.rows:
        shown.add_row(*("" if cell is None else f"{cell:,}" if isinstance(cell, int) else str(cell) for cell in row))
    console.print(shown)


def _report_actor() -> Any:
    """Reports from the server's command line are read with an administrator's view."""
    from hozen.domain.roles import Actor, Role

    return Actor(0, Role.ADMIN, display_name="command line")


CsvOpt = Annotated[Path | None, Opt("--csv", help="CSVに書き出す")]
XlsxOpt = Annotated[Path | None, Opt("--xlsx", help="Excelに書き出す")]


@report_app.command("subsidy")
def report_subsidy(
    start: Annotated[str, Opt("--from", help="期間の開始日 YYYY-MM-DD")],
    end: Annotated[str, Opt("--to", help="期間の終了日 YYYY-MM-DD")],
    csv_file: CsvOpt = None,
    xlsx_file: XlsxOpt = None,
) -> None:
    """助成金請求（期間内の計上・取消の明細と合計） / the subsidy claim of a period."""
    from hozen.services import reports

    with user_errors():
        first, last = (_iso_date(value, name) for value, name in ((start, "--from"), (end, "--to")))
        database = _open_database()
        with database.unit_of_work(write=False) as uow:
            _, table = reports.subsidy_claim(uow, _report_actor(), first, last)
    _write_report(table, csv_file, xlsx_file)


@report_app.command("exposure")
def report_exposure(
    by: Annotated[str, Opt(help="debtor | customer")] = "debtor",
    csv_file: CsvOpt = None,
    xlsx_file: XlsxOpt = None,
) -> None:
    """保証残高と限度額 / exposure against limits by debtor or customer."""
    from hozen.config import get_settings
    from hozen.policies import load_policy
    from hozen.services import reports
    from hozen.store.repositories import business_date

    if by not in ("debtor", "customer"):
        fail("INVALID_INPUT", "--by は debtor か customer です。", "--by is debtor or customer.")
    with user_errors():
        database = _open_database()
        with database.unit_of_work(write=False) as uow:
            today = business_date(uow.session, _calendar_today())
            query = reports.exposure_by_debtor if by == "debtor" else reports.exposure_by_customer
            rows = query(uow, _report_actor(), load_policy(get_settings().policy), today)
    _write_report(reports.exposure_table(f"保証残高（{by}）", rows), csv_file, xlsx_file)


@report_app.command("guarantees")
def report_guarantees(csv_file: CsvOpt = None, xlsx_file: XlsxOpt = None) -> None:
    """保証の状態別集計 / guarantees by product and state."""
    from hozen.services import reports

    with user_errors():
        database = _open_database()
        with database.unit_of_work(write=False) as uow:
            rows = reports.guarantees_by_state(uow, _report_actor())
    _write_report(reports.state_table(rows), csv_file, xlsx_file)


@report_app.command("claims")
def report_claims(csv_file: CsvOpt = None, xlsx_file: XlsxOpt = None) -> None:
    """保証履行と回収 / claims, payouts, recoveries and net losses."""
    from hozen.services import reports

    with user_errors():
        database = _open_database()
        with database.unit_of_work(write=False) as uow:
            table = reports.claims_table(uow, _report_actor())
    _write_report(table, csv_file, xlsx_file)


@report_app.command("loss-compensation")
def report_loss_compensation(
    start: Annotated[str, Opt("--from", help="期間の開始日 YYYY-MM-DD")],
    end: Annotated[str, Opt("--to", help="期間の終了日 YYYY-MM-DD")],
) -> None:
    """損失補償の請求額（支払額−回収額）×補償率 / the loss-compensation claim of a period."""
    from hozen.services.claims import loss_compensation_claim

    with user_errors():
        first, last = (_iso_date(value, name) for value, name in ((start, "--from"), (end, "--to")))
        database = _open_database()
        with database.unit_of_work(write=False) as uow:
            result = loss_compensation_claim(uow, _report_actor(), first, last)
    console.print(
        f"{first.isoformat()}〜{last.isoformat()}: 支払 {result.payouts:,}円 − 回収 {result.recoveries:,}円 = "
        f"純損失 {result.net_loss:,}円 × {result.ratio} = 補償請求額 [bold]{result.compensation:,}円[/bold]"
    )


def _iso_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            "INVALID_DATE",
            f"{name} は YYYY-MM-DD 形式で指定してください: {value}",
            f"{name} must be YYYY-MM-DD: {value}",
        ) from None


@app.command()
def demo(
    database: Annotated[Path, Opt(help="SQLite file of the demonstration")] = Path("var/demo.sqlite3"),
    reset: Annotated[bool, Opt("--reset", help="start again from fresh demonstration data")] = False,
    host: Annotated[str, Opt(help="listen address")] = "127.0.0.1",
    port: Annotated[int, Opt(help="listen port")] = 8000,
    seed_only: Annotated[bool, Opt("--seed-only", help="prepare the data, do not start the server")] = False,
) -> None:
    """デモデータ入りで起動する / start Hozen on a SQLite file with demonstration data and print the logins."""
    import uvicorn

    from hozen.app import create_app
    from hozen.config import Settings
    from hozen.services.demo import DEMO_PASSWORD, demo_logins, seed
    from hozen.store import admin
    from hozen.store.db import Database

    url = f"sqlite:///{database}"
    fresh = reset or not database.exists()
    with user_errors():
        if fresh:
            database.unlink(missing_ok=True)
            admin.upgrade(url)
            store = Database(url)
            try:
                logins = seed(store)
            finally:
                store.dispose()
        else:
            admin.upgrade(url)
            logins = demo_logins()
    table = Table(title=f"保全 Hozen デモ — http://{host}:{port}/  （パスワードは全員 {DEMO_PASSWORD}）")
    for column in ("ログインID", "役割", "名前"):
        table.add_column(column)
    for login in logins:
        table.add_row(login.login, login.role.label_ja, login.name)
    console.print(table)
    console.print(f"データ: {database}（--reset で作り直し）  API: http://{host}:{port}/docs")
    if seed_only:
        return
    settings = Settings(database_url=url, demo=True)
    uvicorn.run(create_app(settings), host=host, port=port)


def main() -> None:
    app()
