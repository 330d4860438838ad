"""``hozen daily``: the idempotent daily run on the business date."""

from __future__ import annotations

from hozen.cli.common import business_today, console, unit_of_work, user_errors


def daily() -> None:
    """日次処理（効力発生・証書・満期・失効・督促）。何度実行しても同じ結果 / the idempotent daily run."""
    from rich.progress import Progress

    from hozen.app import set_aside_what_lives_on
    from hozen.services.guarantees import run_daily

    set_aside_what_lives_on()  # the run makes objects by the hundred thousand: collections walk only those
    with user_errors(), unit_of_work() as uow, Progress(console=console, transient=True) as bar:
        today = business_today(uow)
        task = bar.add_task(f"日次処理 {today.isoformat()}", total=None)

        def advance(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"日次処理 {today.isoformat()}: {step}")

        # No actor: the scheduled run from the server's command line; its history names no person.
        report = run_daily(uow, None, today=today, progress=advance)
    console.print(
        f"{report.business_date.isoformat()}: 効力発生 {len(report.activated)}件, 満期終了 {len(report.matured)}件, "
        f"失効 {len(report.lapsed)}件, 買取取消 {len(report.expired_purchases)}件, "
        f"審査結果期限切れ {len(report.expired_reviews)}件, "
        f"督促 {len(report.reminders)}件"
    )
