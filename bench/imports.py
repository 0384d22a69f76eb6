"""Benchmark: importing ten years of one bloc's meeting books (≈6,000 meetings, ≈180,000 marks).

    DATABASE_URL=sqlite:////tmp/coso_bench_imports.sqlite3 .venv/bin/python bench/imports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench_imports .venv/bin/python bench/imports.py

The database is migrated, then inside one transaction that is rolled back at the end (so the run
can be repeated on the same database): a bloc of `--cells` cells (default 50) with `--members`
official members each (default 30) is registered in bulk (`members.bulk`), two members of each
cell transferring to the next cell halfway through; a workbook of `--years` years (default 10) of
monthly meetings is built in memory, every member of the cell on the meeting date marked (as their
history says); then the import is timed as a user's job runs it: read the workbook
(`imports.parsing.open_workbook`), check it (`meetings.importer.validate_meetings`), write it
(`meetings.importer.write_meetings`). The counts written are read back and must equal the file's.

One file of 186,000 rows is more than `COSO_IMPORT_MAX_ROWS` (100,000) allows: the bench raises
the limit for its run (`--max-rows`), a committee would send the ten years as two files.
See bench/README.md.
"""

import argparse
import os
import resource
import sys
import time
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from coso.audit.models import AuditEntry  # noqa: E402
from coso.imports.columns import header_text  # noqa: E402
from coso.imports.parsing import open_workbook  # noqa: E402
from coso.meetings import importer  # noqa: E402
from coso.meetings.models import Attendance, Meeting  # noqa: E402
from coso.members.bulk import NewMember, bulk_register  # noqa: E402
from coso.members.choices import EventKind, Gender, GeneralEducation  # noqa: E402
from coso.members.models import Ethnicity, Member, MemberEvent, MembershipSpell, Religion  # noqa: E402
from coso.organizations.models import OrganizationType, OrgKind  # noqa: E402
from coso.organizations.services import organization_establish  # noqa: E402


class Rollback(Exception):
    pass


def seed(cells: int, members: int, start: date, moved_on: date):
    types = {t.code: t for t in OrganizationType.objects.all()}
    org_type = types["village_cell"]
    on = date(2000, 1, 1)
    province = organization_establish(
        code="BIMP",
        name="Đảng bộ tỉnh Thử Nhập",
        kind=OrgKind.PROVINCE,
        org_type=types["province"],
        parent=None,
        on=on,
        actor=None,
    )
    upper = organization_establish(
        code="BIMP-D",
        name="Đảng bộ huyện Thử Nhập",
        kind=OrgKind.UPPER,
        org_type=types["district"],
        parent=province,
        on=on,
        actor=None,
    )
    grassroots = organization_establish(
        code="BIMP-1",
        name="Đảng bộ xã Thử Nhập",
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        org_type=types["commune"],
        parent=upper,
        on=on,
        actor=None,
    )
    orgs = [
        organization_establish(
            code=f"BIMP-1-{c:02d}",
            name=f"Chi bộ Thử Nhập {c}",
            kind=OrgKind.CELL,
            org_type=org_type,
            parent=grassroots,
            on=on,
            actor=None,
        )
        for c in range(cells)
    ]
    ethnicity, religion = Ethnicity.objects.get(code="01"), Religion.objects.get(code="none")
    items = []
    for c, cell in enumerate(orgs):
        for m in range(members):
            member = Member(
                full_name=f"Đảng Viên {c:02d}-{m:02d}",
                gender=Gender.MALE if m % 2 else Gender.FEMALE,
                date_of_birth=date(1970 + m % 20, m % 12 + 1, c % 28 + 1),
                ethnicity=ethnicity,
                religion=religion,
                citizen_id=f"0990{c:04d}{m:04d}",
                general_education=GeneralEducation.UPPER_SECONDARY,
            )
            events = [MemberEvent(kind=EventKind.TRANSFERRED_IN, on=start, organization=cell, entry_status="official")]
            if m < 2:  # two members of every cell move to the next cell halfway through
                events.append(MemberEvent(kind=EventKind.TRANSFERRED, on=moved_on, organization=orgs[(c + 1) % cells]))
            items.append(NewMember(member=member, events=events))
    bulk_register(items, actor=None, service="bench", audit=False)
    return upper, orgs


def book(orgs, members: int, years: int, first_year: int, moved_on: date) -> bytes:
    wb = Workbook(write_only=True)
    ms = wb.create_sheet(str(importer.SHEET_MEETINGS))
    ms.append([header_text(c) for c in importer.MEETING_COLUMNS])
    at = wb.create_sheet(str(importer.SHEET_ATTENDANCE))
    at.append([header_text(c) for c in importer.ATTENDANCE_COLUMNS])
    keys = [c.key for c in importer.MEETING_COLUMNS]
    marks = [c.key for c in importer.ATTENDANCE_COLUMNS]
    for year in range(first_year, first_year + years):
        for month in range(1, 13):
            on = date(year, month, 5)
            for c, cell in enumerate(orgs):
                combined = month % 3 == 2
                row = {
                    "cell": cell.code,
                    "on": on,
                    "kind": "combined" if combined else "regular",
                    "topic": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" if combined else "",
                    "place": "Hội trường",
                    "started_at": "19:30",
                    "ended_at": "21:30",
                    "chair": f"0990{c:04d}{5:04d}",
                    "content": "Đánh giá tình hình tháng, triển khai nhiệm vụ tháng tới.",
                    "resolution": "Thông qua nghị quyết tháng.",
                }
                ms.append([row.get(k) for k in keys])
                moved = on >= moved_on
                roll = [(c, m) for m in range(members) if not (moved and m < 2)]
                if moved:
                    roll += [((c - 1) % len(orgs), m) for m in range(2)]
                for home, m in roll:
                    status = "absent" if (m + month + year) % 29 == 0 else "present"
                    if (m * 7 + month) % 31 == 0:
                        status = "excused"
                    mark = {
                        "cell": cell.code,
                        "on": on,
                        "member": f"0990{home:04d}{m:04d}",
                        "status": status,
                        "reason": "Đi công tác" if status == "excused" else "",
                    }
                    at.append([mark[k] for k in marks])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--first-year", type=int, default=2016)
    parser.add_argument("--max-rows", type=int, default=250_000)
    args = parser.parse_args()
    settings.COSO_IMPORT_MAX_ROWS = args.max_rows
    call_command("migrate", verbosity=0)
    start = date(args.first_year - 1, 1, 10)
    moved_on = date(args.first_year + args.years // 2, 7, 1)
    print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            upper, orgs = seed(args.cells, args.members, start, moved_on)
            t1 = time.perf_counter()
            content = book(orgs, args.members, args.years, args.first_year, moved_on)
            t2 = time.perf_counter()
            print(f"seeded {args.cells} cells × {args.members} members in {t1 - t0:.1f} s; ", end="")
            print(f"workbook built in {t2 - t1:.1f} s ({len(content) / 1e6:.1f} MB)")
            audit_before = AuditEntry.objects.count()
            t3, c3 = time.perf_counter(), time.process_time()
            wb = open_workbook(BytesIO(content))
            plan = importer.validate_meetings(wb, user=None)
            t4, c4 = time.perf_counter(), time.process_time()
            if not plan.ok:
                print(f"the check found {plan.error_count} errors, first: {plan.errors[:3]}")
                return 1
            importer.write_meetings(plan, actor=None)
            t5, c5 = time.perf_counter(), time.process_time()
            meetings = Meeting.objects.filter(cell__in=orgs).count()
            marks = Attendance.objects.filter(meeting__cell__in=orgs).count()
            audited = AuditEntry.objects.count() - audit_before
            print(
                f"rows read: {plan.total_rows:,}  meetings: {meetings:,}  attendance: {marks:,}  audit rows: {audited:,}"
            )
            print(f"read + check: {t4 - t3:.1f} s   write (bulk, audited): {t5 - t4:.1f} s   total: {t5 - t3:.1f} s")
            print(f"CPU of this process: read + check {c4 - c3:.1f} s, write {c5 - c4:.1f} s (the rest is waiting)")
            print(f"rows per second: {plan.total_rows / (t5 - t3):,.0f}")
            print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            print(f"spells in the bloc: {MembershipSpell.objects.filter(organization__in=orgs).count():,}")
            print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
            if (meetings, marks) != (len(plan.meetings), len(plan.attendance)) or meetings + marks != plan.total_rows:
                print("the counts written differ from the file's")
                return 1
            raise Rollback
    except Rollback:
        print("rolled back: the database is as it was.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
