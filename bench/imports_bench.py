"""Timing of the imports that onboard a committee: a tree of ~1,000 organizations, 5,000 targets.

    .venv/bin/python bench/imports_bench.py              # SQLite test database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_x .venv/bin/python bench/imports_bench.py

Creates a throw-away test database (migrated), the test world (`coso.testing.world`), then runs
each import as the page does — the dry run (check, stop "ready to write"), then the confirm
(checked again and written) — and prints the time of each step and the queries it took.
A measurement to read, asserted nowhere.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

COMMUNES, CELLS, YEARS = 100, 9, 50


def main() -> None:
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # count queries
    settings.COSO_IMPORT_INLINE_MAX_ROWS = 10**6
    settings.COSO_IMPORT_CHECKS_PER_HOUR = 100
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def timed(label, fn, *args):
    reset_queries()
    start = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - start
    print(f"{label:<46} {elapsed:7.2f} s  {len(connection.queries):7d} queries")
    return result


def run() -> None:
    from coso.imports.services import import_job_confirm, import_job_create, import_job_run
    from coso.imports.tests.factories import fill_kind, upload
    from coso.testing.world import build_world

    world = build_world()
    user = world.board_user
    rows = []
    for c in range(COMMUNES):
        code = f"B{c:03d}"
        rows.append(
            {
                "code": code,
                "name": f"Đảng bộ xã Thử {c}",
                "kind": "grassroots_committee",
                "org_type": "commune",
                "parent": "D01",
                "established_on": "01/01/2001",
                "decision_number": f"{c}-QĐ/HU",
            }
        )
        for k in range(CELLS):
            rows.append(
                {
                    "code": f"{code}-{k}",
                    "name": f"Chi bộ thôn {k} xã {c}",
                    "kind": "cell",
                    "org_type": "village_cell",
                    "parent": code,
                    "established_on": "01/06/2001",
                }
            )
    random.Random(8).shuffle(rows)  # children before parents, as a hand-made sheet may be
    targets = [
        {"organization": f"B{c:03d}", "year": 2001 + y, "target": (c + y) % 7}
        for c in range(COMMUNES)
        for y in range(YEARS)
    ]
    print(f"{connection.vendor}: {len(rows)} organizations, {len(targets)} targets")
    for kind, data in (("org_tree", rows), ("admission_targets", targets)):
        content = timed(f"{kind}: template + fill", fill_kind, kind, user, data)
        job = import_job_create(user=user, kind=kind, file=upload(content), original_name=f"{kind}.xlsx")
        job = timed(f"{kind}: dry run (check, ready to write)", import_job_run, job)
        assert job.status == "ready", job.errors[:3]
        job = import_job_confirm(job=job, actor=user)
        job = timed(f"{kind}: confirm (check again + write)", import_job_run, job)
        assert job.status == "succeeded", job.errors[:3]
        print(f"{'':<46} written: {job.summary}")


if __name__ == "__main__":
    main()
