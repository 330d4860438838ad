"""The apply path's Python work per application, counted in instructions: a figure that does not move
with the machine's speed (the same loop of Python takes 103–161 ms from one second to the next on
the standard machine, which swings the timed benchmarks by a third).

    .venv/bin/python -m bench.apply_instructions [--against REV] [--group 8] [--groups 60]
    (from the repository root; needs valgrind and PostgreSQL)

A database is prepared once with approved one-line reviews of ¥1m (copied with SQL, as
:mod:`bench.issuance` does) and kept as a template. The apply path then runs in one process, in
transactions of ``--group`` applications (``applications._apply_all``, what one server process
writes when that many calls arrive together), twice under valgrind's cachegrind, each time on a fresh
copy of the template: 10 groups to warm up and 5 groups, then 10 and 5 + ``--groups``. Each call's
applications are then answered in a unit of work of its own, as each caller of ``applications.apply``
receives them in its request's (``applications._answer``). The
difference of the two counts, divided by the applications between them, is the count of one
application with start-up and warm-up left out. ``--against`` counts the code of another revision
the same way (a git worktree of it, removed afterwards) and prints the ratio. Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = f"hozen_bench_apply_{os.getpid()}"
WARM_UP_GROUPS = 5 * 2
FIRST_GROUPS = 5
REVIEWS_A_DEBTOR = 500  # under a debtor's ¥600m: every application is reserved


def prepare(applications: int, work_file: Path) -> None:
    """The template database and the reviews to apply for (pickled: the business date, then each
    review's applicant, id and line ids)."""
    from bench.issuance import EACH, copy_review
    from tests.integration.scenario import TODAY, build
    from tests.integration.test_workflow import approved_review

    from hozen.store import admin
    from hozen.store.db import Database, PoolSize

    _admin(f'CREATE DATABASE "{TEMPLATE}"')
    url = _url(TEMPLATE)
    admin.upgrade(url)
    database = Database(url, pool=PoolSize(2, 1))
    work: list[tuple[object, int, list[int]]] = []
    while len(work) < applications:
        world = build(database, net_assets=10**12)
        copies = copy_review(database, approved_review(world, [EACH]), REVIEWS_A_DEBTOR)
        work += [(world.customer_user, review, lines) for review, lines in copies]
    database.dispose()
    work_file.write_bytes(pickle.dumps((TODAY, work)))


def run(group: int, groups: int, work_file: Path, database: str) -> None:
    """Apply for the first ``group × groups`` reviews, ``group`` a transaction, each call's applications
    then answered in a unit of work of its own, as its caller's (run under valgrind, with the code
    counted first on the path: nothing of this tree but this module is imported)."""
    from hozen.app import set_aside_what_lives_on
    from hozen.services import applications
    from hozen.store.db import Database, PoolSize

    today, work = pickle.loads(work_file.read_bytes())
    work = work[: group * groups]
    db = Database(_url(database), pool=PoolSize(2, 1))
    set_aside_what_lives_on()
    for start in range(0, len(work), group):
        calls = [applications.ApplyCall(a, r, tuple(lines), None, today) for a, r, lines in work[start : start + group]]
        with db.unit_of_work(begin_now=False) as uow:
            written = applications._apply_all(uow, calls)
        for applied in written:
            with db.unit_of_work(begin_now=False) as caller:
                applications._answer(caller.session, applied)
    db.dispose()


def _url(database: str) -> str:
    from sqlalchemy import make_url

    server = os.environ.get("HOZEN_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
    return make_url(server).set(database=database).render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    from bench.issuance import _admin as on_server

    on_server(statement)


def instructions(source: Path, group: int, groups: int, work_file: Path) -> int:
    """The instructions of one run of :func:`run` on a fresh copy of the template."""
    copy = f"{TEMPLATE}_run"
    _admin(f'DROP DATABASE IF EXISTS "{copy}"')
    _admin(f'CREATE DATABASE "{copy}" TEMPLATE "{TEMPLATE}"')
    environment = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": f"{source}:{ROOT}"}
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    command = [*valgrind, sys.executable, "-m", "bench.apply_instructions", "--run", str(group), str(groups)]
    command += [str(work_file), copy]
    finished = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True)
    _admin(f'DROP DATABASE "{copy}" WITH (FORCE)')
    found = re.search(r"I\s+refs:\s+([\d,]+)", finished.stderr)
    assert found is not None, finished.stderr[-2000:]
    return int(found.group(1).replace(",", ""))


def per_application(source: Path, group: int, groups: int, work_file: Path) -> float:
    short = instructions(source, group, WARM_UP_GROUPS + FIRST_GROUPS, work_file)
    long = instructions(source, group, WARM_UP_GROUPS + FIRST_GROUPS + groups, work_file)
    return (long - short) / (group * groups)


def main() -> None:
    if sys.argv[1:2] == ["--run"]:
        group, groups, work_file, database = sys.argv[2:6]
        run(int(group), int(groups), Path(work_file), database)
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", help="a git revision whose code is counted the same way")
    parser.add_argument("--group", type=int, default=8, help="applications a transaction")
    parser.add_argument("--groups", type=int, default=60, help="transactions counted")
    arguments = parser.parse_args()
    total = arguments.group * (WARM_UP_GROUPS + FIRST_GROUPS + arguments.groups)
    with tempfile.TemporaryDirectory() as scratch:
        work_file = Path(scratch) / "work.pickle"
        try:
            prepare(total, work_file)
            sources = {"this tree": ROOT / "src"}
            if arguments.against:
                other = Path(scratch) / "against"
                subprocess.run(["git", "worktree", "add", "--detach", str(other), arguments.against], cwd=ROOT,
                               check=True, capture_output=True)  # fmt: skip
                sources = {arguments.against: other / "src", **sources}
            counts = {name: per_application(source, arguments.group, arguments.groups, work_file)
                      for name, source in sources.items()}  # fmt: skip
        finally:
            if arguments.against:
                subprocess.run(["git", "worktree", "remove", "--force", str(Path(scratch) / "against")], cwd=ROOT,
                               check=False, capture_output=True)  # fmt: skip
            _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    for name, count in counts.items():
        print(f"{name}: {count / 1e6:.3f} M instructions an application ({arguments.group} a transaction)")
    if arguments.against:
        before, now = counts[arguments.against], counts["this tree"]
        print(f"ratio: {now / before:.3f} of {arguments.against}")


if __name__ == "__main__":
    main()
