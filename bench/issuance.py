"""Issuance on one hot debtor against pgbench tpcb-like, on the same PostgreSQL server in the same run.

    .venv/bin/python -m bench.issuance [--clients 16] [--processes 2] [--seconds 10] [--repeat 3] [--phases 8]
    (from the repository root)

Each repeat gets ``--phases`` fresh customers and debtors (the programme's limit each), each with as
many approved one-line review requests of ¥1m as the limit holds plus ``--extra`` (one made through
the services, the rest copied from it with SQL). pgbench (scale 1, the same number of clients,
tpcb-like) first runs on its own database for ``--seconds``; then ``--clients`` threads, spread over
``--processes`` processes as the server's workers are (one Python process is bound by its GIL), call
the apply use case until every review of a phase is applied, each application of the phase
reserving on its one debtor, and so on for each phase: one debtor's limit is under a second's work,
and the phases make the measured time comparable with pgbench's. Calls of one process that arrive
together are written together, as on a server worker (:mod:`hozen.services.together`), each process
having set its long-lived objects aside from the garbage collector as a server process does and
opened its pool's connections before the clock starts (pgbench's rate leaves out its connecting
too). Each call's unit of work is opened as the API opens a request's (``begin_now=False``): a call
written in another's transaction takes no connection. Both databases are vacuumed and checkpointed
before each of the two runs (:func:`settle`). The figure is applications reserved per second of the
phases' time (each phase from its start to its last application written; between phases the
processes wait for each other, untimed). Afterwards each debtor's exposure must equal the reserved
applications' amounts and stay within its limit (overshoot 0). Each repeat also prints the CPU an
application of the client processes and of their PostgreSQL backends (read from ``/proc`` when the
server runs on this machine), which show where a change went when the machine's speed swings more
than the change. Prints medians and the ratio; not a pass/fail test."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import re
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import create_engine, func, make_url, select, text
from tests.integration.scenario import TODAY, World, build
from tests.integration.test_workflow import approved_review

from hozen.app import set_aside_what_lives_on
from hozen.domain.roles import Actor
from hozen.policies import load_policy
from hozen.services import applications, reservations
from hozen.store import admin
from hozen.store.db import Database, PoolSize
from hozen.store.models import Application, Customer, Debtor, ReviewLine, ReviewRequest
from hozen.store.repositories import debtor_exposure

SERVER = os.environ.get("HOZEN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
EACH = 1_000_000
STARTING_SECONDS = 120
WARM_UP = 128
"""Applications made, untimed, before the measured run: eight groups of 8 for each of 2 processes,
so that psycopg has prepared every statement on the connection its groups run on (it prepares a
statement at a connection's sixth execution of it)."""


def _server_command(database: str, *arguments: str) -> list[str]:
    url = make_url(SERVER)
    return ["pgbench", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
            *arguments, database]  # fmt: skip


def _admin(statement: str, database: str | None = None) -> None:
    url = make_url(SERVER) if database is None else make_url(SERVER).set(database=database)
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(statement))
    server.dispose()


def settle(*databases: str) -> None:
    """Each database vacuumed and analysed, then a checkpoint: neither run is measured while the
    server's background work cleans up after the other (autovacuum after pgbench's updates)."""
    for database in databases:
        _admin("VACUUM ANALYZE", database)
    _admin("CHECKPOINT")


def pgbench_tps(database: str, clients: int, seconds: int) -> float:
    output = subprocess.run(
        _server_command(database, "-c", str(clients), "-j", "2", "-T", str(seconds), "-n"),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"tps = ([\d.]+)", output)
    assert found is not None, output
    return float(found.group(1))


Work = list[tuple[int, list[int]]]
"""Reviews to apply for, each with its line ids."""


def copy_review(database: Database, review_id: int, copies: int) -> Work:
    """``copies`` more approved review requests like ``review_id`` (same lines), made with SQL."""
    review_columns = [c.name for c in ReviewRequest.__table__.columns if c.name != "id"]
    line_columns = [c.name for c in ReviewLine.__table__.columns if c.name not in ("id", "review_request_id")]
    # each copy names its own receivable (a note's number), or the duplicate check refuses it
    copied_lines = [f"{c} || '-' || n" if c == "reference" else c for c in line_columns]
    with database.engine.begin() as connection:
        first = connection.scalar(text("SELECT max(id) FROM review_requests")) + 1
        connection.execute(
            text(
                f"INSERT INTO review_requests (id, {', '.join(review_columns)}) "
                f"SELECT {first} + n, {', '.join(review_columns)} FROM review_requests, generate_series(0, :last) n "
                "WHERE id = :review"
            ),
            {"review": review_id, "last": copies - 1},
        )
        connection.execute(
            text(
                f"INSERT INTO review_lines (review_request_id, {', '.join(line_columns)}) "
                f"SELECT {first} + n, {', '.join(copied_lines)} FROM review_lines, generate_series(0, :last) n "
                "WHERE review_request_id = :review"
            ),
            {"review": review_id, "last": copies - 1},
        )
        for table in ("review_requests", "review_lines"):
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        rows = connection.execute(
            text("SELECT review_request_id, id FROM review_lines WHERE review_request_id >= :first ORDER BY id"),
            {"first": first},
        ).all()
    by_review: dict[int, list[int]] = {}
    for review, line in rows:
        by_review.setdefault(review, []).append(line)
    return list(by_review.items())


class PhaseDone(NamedTuple):
    """What one process reports when its last review of a phase is applied for."""

    at: float
    """``time.monotonic()``: the phase ends then, not when the process has torn itself down."""
    python_cpu: float
    """The process's CPU seconds (user and system) over the phase."""
    server_cpu: float | None
    """Its connections' PostgreSQL backends' CPU seconds over the phase (None: not on this machine)."""


def _clients(url: str, shares: list[tuple[Actor, Work]], threads: int, start: Any, done: Any) -> None:
    """One process's share of the clients: ``threads`` threads applying for the reviews of each share
    in turn — the first untimed (warming up), each of the others (a phase: one debtor) after the
    start barrier; the process reports each phase on ``done``."""
    database = Database(url, pool=PoolSize(threads, 4))
    backends = _connect(database, threads)
    set_aside_what_lives_on()  # as a server process does once it is built (hozen.app.create_server_app)
    for index, (actor, work) in enumerate(shares):
        if index:
            start.wait(timeout=STARTING_SECONDS)
        python, server = time.process_time(), _cpu_of(backends)
        _apply_all_of(database, actor, work, threads)
        if index:
            after = _cpu_of(backends)
            spent = None if after is None or server is None else after - server
            done.put(PhaseDone(time.monotonic(), time.process_time() - python, spent))
    database.dispose()


def _cpu_of(backends: list[int]) -> float | None:
    """The CPU seconds the PostgreSQL backends have spent (``/proc``: only when the server runs on
    this machine and the backends are still those the pool opened)."""
    ticks = 0
    for pid in backends:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _apply_all_of(database: Database, actor: Actor, work: Work, threads: int) -> None:
    """``threads`` threads call the apply use case for every review of ``work``, each taking the next."""
    pending: queue.SimpleQueue[tuple[int, list[int]]] = queue.SimpleQueue()
    for item in work:
        pending.put(item)

    def client() -> None:
        while True:
            try:
                review_id, lines = pending.get_nowait()
            except queue.Empty:
                return
            with database.unit_of_work(begin_now=False) as uow:  # no connection before the first statement
                applications.apply(uow, actor, review_id, lines, today=TODAY)

    running = [threading.Thread(target=client) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()


def _connect(database: Database, connections: int) -> list[int]:
    """The pool's connections opened before the clock starts, as pgbench's are (its tps leaves out the
    time to connect), and as a server's are once it has served for a while: their backends' pids."""
    opened = [database.engine.connect() for _ in range(connections)]
    backends = [connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() for connection in opened]
    for connection in opened:
        connection.close()
    return backends


Phase = tuple[World, Work]
"""One hot debtor: the world whose customer applies, and the reviews it applies for."""


class Issued(NamedTuple):
    rate: float
    """Reserved applications per second of the phases' time."""
    reserved: int
    held: int
    python_cpu: float
    """The client processes' CPU seconds an application (reserved or held)."""
    server_cpu: float | None
    """Their PostgreSQL backends' CPU seconds an application."""


def issuance(phases: list[Phase], url: str, warm_up: tuple[Actor, Work], clients: int, processes: int) -> Issued:
    """``clients`` threads, spread over ``processes`` processes (as the server's workers are), apply for
    every review of each phase in turn, every application of a phase reserving on its one debtor:
    reserved applications per second over the phases' time (each phase from its start to the last
    application written), how many were reserved and how many held, and the CPU the client processes
    and their PostgreSQL backends spent an application. One debtor's limit holds 600
    applications, under a second's work; the phases make the measured time comparable with
    pgbench's. Each process first applies, untimed, for its share of ``warm_up`` (another
    customer's reviews on another debtor): what the measured run then sees is a server process that
    has been serving — its statements compiled and prepared, its caches full — as pgbench's steady
    rate is."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes + 1)
    done = context.Queue()
    warming_actor, warming = warm_up
    threads = [clients // processes + (1 if index < clients % processes else 0) for index in range(processes)]
    running = [
        context.Process(
            target=_clients,
            args=(
                url,
                [
                    (warming_actor, warming[index::processes]),
                    *((world.customer_user, work[index::processes]) for world, work in phases),
                ],
                count,
                start,
                done,
            ),
        )
        for index, count in enumerate(threads)
    ]
    for process in running:
        process.start()
    elapsed, python_cpu = 0.0, 0.0
    server_cpu: float | None = 0.0
    for _ in phases:
        start.wait(timeout=STARTING_SECONDS)  # broken, not waited for ever, when a process dies starting
        started = time.monotonic()
        reports: list[PhaseDone] = [done.get(timeout=STARTING_SECONDS) for _ in running]
        elapsed += max(report.at for report in reports) - started
        python_cpu += sum(report.python_cpu for report in reports)
        spent = [report.server_cpu for report in reports]
        server_cpu = None if server_cpu is None or None in spent else server_cpu + sum(filter(None, spent))
    for process in running:
        process.join()
        assert process.exitcode == 0, process.exitcode
    world = phases[0][0]
    with world.db.unit_of_work(write=False) as uow:
        states = dict(
            uow.session.execute(
                select(Application.state, func.count())
                .where(Application.debtor_id.in_([world.debtor_id for world, _ in phases]))
                .group_by(Application.state)
            ).all()
        )
    reserved, held = states.get("reserved", 0), states.get("held", 0)
    applied = reserved + held
    return Issued(
        reserved / elapsed, reserved, held, python_cpu / applied, None if server_cpu is None else server_cpu / applied
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="client processes (the server runs 2 workers)")
    parser.add_argument("--seconds", type=int, default=10, help="pgbench's run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--extra", type=int, default=40, help="applications beyond each debtor's limit")
    parser.add_argument("--phases", type=int, default=8, help="hot debtors applied on in turn, each timed")
    arguments = parser.parse_args()
    name, pgbench_name = f"hozen_bench_issuance_{os.getpid()}", f"hozen_bench_pgbench_{os.getpid()}"
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    for database_name in (name, pgbench_name):
        _admin(f'DROP DATABASE IF EXISTS "{database_name}"')
        _admin(f'CREATE DATABASE "{database_name}"')
    try:
        subprocess.run(_server_command(pgbench_name, "-i", "-s", "1", "-q"), check=True, capture_output=True)
        admin.upgrade(url)
        database = Database(url, pool=PoolSize(arguments.clients, 4))
        hozen, baseline = [], []
        season(database, url, arguments.clients, arguments.processes)
        for _ in range(arguments.repeat):
            phases = [hot_debtor(database, arguments.extra) for _ in range(arguments.phases)]
            warm_up = warming_up(database)
            settle(name, pgbench_name)
            baseline.append(pgbench_tps(pgbench_name, arguments.clients, arguments.seconds))
            settle(name, pgbench_name)
            issued = issuance(phases, url, warm_up, arguments.clients, arguments.processes)
            rate = issued.rate
            hozen.append(rate)
            exposure, overshoot = 0, 0
            for world, _ in phases:
                with database.unit_of_work(write=False) as uow:
                    exposed = debtor_exposure(uow.session, world.debtor_id)
                exposure, overshoot = exposure + exposed, overshoot + max(0, exposed - limit_of(world))
            server = "n/a" if issued.server_cpu is None else f"{issued.server_cpu * 1e3:.2f} ms"
            print(
                f"pgbench {baseline[-1]:8.1f} tps | issuance {rate:7.1f}/s ({issued.reserved} reserved, "
                f"{issued.held} held, {len(phases)} debtors) | {rate / baseline[-1]:6.1%} | exposure ¥{exposure:,} "
                f"of ¥{sum(limit_of(world) for world, _ in phases):,}, overshoot ¥{overshoot:,} | CPU an "
                f"application: Python {issued.python_cpu * 1e3:.2f} ms, PostgreSQL {server}",
                flush=True,
            )
        print(
            f"median: pgbench {statistics.median(baseline):.1f} tps, issuance {statistics.median(hozen):.1f}/s, "
            f"ratio {statistics.median(hozen) / statistics.median(baseline):.1%} "
            f"({arguments.clients} clients in {arguments.processes} processes, {arguments.repeat} repeats)"
        )
        database.dispose()
    finally:
        for database_name in (name, pgbench_name):
            _admin(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')


def season(database: Database, url: str, clients: int, processes: int) -> None:
    """One debtor's limit applied for, untimed, before the first repeat: pgbench's tables hold their
    rows from the start, and a database in use holds applications. On empty tables, the statistics
    that the first repeat's vacuum gathers (:func:`settle`) made PostgreSQL check the inserted rows'
    foreign keys by scanning the referenced tables: 8,071 scans of ``applications`` and 5,385 of
    ``guarantees`` in one repeat of 4 debtors, and that repeat ran at two thirds of the others' rate."""
    issuance([hot_debtor(database, 0)], url, warming_up(database), clients, processes)


def warming_up(database: Database) -> tuple[Actor, Work]:
    """Another customer's reviews on another debtor, for the processes to apply for untimed."""
    warming = build(database, net_assets=10**12)
    return warming.customer_user, copy_review(database, approved_review(warming, [EACH]), WARM_UP)


def hot_debtor(database: Database, extra: int) -> Phase:
    """A fresh customer and debtor (the programme's ¥600m each) with as many approved one-line reviews
    of ¥1m as the limit holds, and ``extra`` more."""
    world = build(database, net_assets=10**12)
    room = limit_of(world) // EACH
    return world, copy_review(database, approved_review(world, [EACH]), room + extra)


def limit_of(world: World) -> int:
    """The smaller of the debtor's and the customer's limits (north policy)."""
    with world.db.unit_of_work(write=False) as uow:
        debtor, customer = uow.session.get(Debtor, world.debtor_id), uow.session.get(Customer, world.customer_id)
        assert debtor is not None and customer is not None
        room = reservations.headroom(uow.session, debtor, customer, load_policy("north"), TODAY)
        return min(room.debtor_limit, room.creditor_limit)


if __name__ == "__main__":
    main()
