"""Benchmark: dashboard member counts as of a date on the demo province, ORM beside hand-written SQL.

    make bench                                  # 500,000 members, 5 runs per query
    make bench BENCH_ARGS="--members 50000 --repeat 3"
    make bench BENCH_ARGS="--reuse"             # never seed: use the data already in the database

The database is DATABASE_URL (PostgreSQL; `make bench` defaults to .../coso_bench). It is migrated,
seeded with `seed_demo --members N` when the province is not there yet (reused otherwise), then
for the whole province and for districts, as of today and as of 31/12/2024, the dashboard's
`coso.reports.queries.member_counts(org, on)` is timed beside one hand-written SQL query computing
the same figures. Both must agree, or the run fails. See bench/README.md.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from coso.common.dates import today  # noqa: E402
from coso.common.text import format_count  # noqa: E402
from coso.demo.plan import PAST, PROVINCE_CODE  # noqa: E402
from coso.members.choices import Gender, GeneralEducation, PoliticalTheory, ProfessionalEducation, SpellStatus  # noqa: E402
from coso.members.models import Member  # noqa: E402
from coso.members.queries import members_on, subtree_spells  # noqa: E402
from coso.members.rules import AGE_BANDS  # noqa: E402
from coso.organizations.models import Organization  # noqa: E402

try:
    from coso.reports.queries import member_counts
except ImportError:  # the reports app not there yet: time the plain member queries instead
    member_counts = None


# One scan of the spells valid on the date in the subtree (attached members excluded), joined to
# the member profile, counted along every dimension at once with GROUPING SETS.
SQL = """
WITH root AS (
    SELECT path FROM organizations_orgversion
    WHERE organization_id = %(org)s AND valid_from <= %(on)s AND (valid_to IS NULL OR valid_to > %(on)s)
    LIMIT 1
), sub AS (
    SELECT v.organization_id FROM organizations_orgversion v, root
    WHERE v.path LIKE root.path || '%%' AND v.valid_from <= %(on)s AND (v.valid_to IS NULL OR v.valid_to > %(on)s)
), m AS (
    SELECT s.status, s.exempt, p.gender, e.code AS ethnicity, e.is_minority, r.code AS religion,
           p.general_education, p.professional_education, p.political_theory,
           CASE
               WHEN date_part('year', age(%(on)s::date, p.date_of_birth)) < 30 THEN 'u30'
               WHEN date_part('year', age(%(on)s::date, p.date_of_birth)) <= 40 THEN '30_40'
               WHEN date_part('year', age(%(on)s::date, p.date_of_birth)) <= 50 THEN '41_50'
               WHEN date_part('year', age(%(on)s::date, p.date_of_birth)) <= 60 THEN '51_60'
               ELSE 'o60'
           END AS band
    FROM members_membershipspell s
    JOIN members_member p ON p.id = s.member_id
    JOIN members_ethnicity e ON e.id = p.ethnicity_id
    JOIN members_religion r ON r.id = p.religion_id
    WHERE NOT s.attached AND s.valid_from <= %(on)s AND (s.valid_to IS NULL OR s.valid_to > %(on)s)
      AND s.organization_id IN (SELECT organization_id FROM sub)
)
SELECT CASE
           WHEN GROUPING(status) = 0 THEN 'status'
           WHEN GROUPING(exempt) = 0 THEN 'exempt'
           WHEN GROUPING(gender) = 0 THEN 'gender'
           WHEN GROUPING(ethnicity) = 0 THEN 'ethnicity'
           WHEN GROUPING(is_minority) = 0 THEN 'minority'
           WHEN GROUPING(religion) = 0 THEN 'religion'
           WHEN GROUPING(general_education) = 0 THEN 'general_education'
           WHEN GROUPING(professional_education) = 0 THEN 'professional_education'
           WHEN GROUPING(political_theory) = 0 THEN 'political_theory'
           WHEN GROUPING(band) = 0 THEN 'age_band'
           ELSE 'total'
       END AS dimension,
       COALESCE(status, exempt::text, gender, ethnicity, is_minority::text, religion, general_education,
                professional_education, political_theory, band) AS value,
       count(*)
FROM m
GROUP BY GROUPING SETS ((status), (exempt), (gender), (ethnicity), (is_minority), (religion),
                        (general_education), (professional_education), (political_theory), (band), ())
"""


def sql_counts(org: Organization, on: date) -> dict:
    """The figures of `member_counts`, from the hand-written query (the dict is only re-shaped)."""
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"org": org.pk, "on": on})
        rows = cursor.fetchall()
    counts: dict = {
        "total": 0,
        "status": dict.fromkeys(SpellStatus.values, 0),
        "exempted": 0,
        "gender": dict.fromkeys(Gender.values, 0),
        "ethnicity": {},
        "ethnic_minority": 0,
        "religion": {},
        "with_religion": 0,
        "age_band": dict.fromkeys((code for code, *_rest in AGE_BANDS), 0),
        "general_education": dict.fromkeys(GeneralEducation.values, 0),
        "professional_education": dict.fromkeys(ProfessionalEducation.values, 0),
        "political_theory": dict.fromkeys(PoliticalTheory.values, 0),
    }
    for dimension, value, n in rows:
        if dimension == "total":
            counts["total"] = n
        elif dimension == "exempt":
            counts["exempted"] += n if value == "true" else 0
        elif dimension == "minority":
            counts["ethnic_minority"] += n if value == "true" else 0
        else:
            counts[dimension][value] = n
            if dimension == "religion" and value != "none":
                counts["with_religion"] += n
    return counts


def simple_counts(org: Organization, on: date) -> dict:
    """Fallback when reports.member_counts is missing: the total and the status breakdown."""
    total = members_on(org, on).count()
    status = dict.fromkeys(SpellStatus.values, 0)
    for row in subtree_spells(org, on).order_by().values("status").annotate(n=Count("member_id", distinct=True)):
        status[row["status"]] = row["n"]
    return {"total": total, "status": status}


def simple_sql(org: Organization, on: date) -> dict:
    full = sql_counts(org, on)
    return {"total": full["total"], "status": full["status"]}


def timed(fn, repeat: int):
    fn()  # warm the caches once; the median of the timed runs is reported
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=500_000, help="members to seed when the province is missing")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (median reported)")
    parser.add_argument("--reuse", action="store_true", help="never seed: use the data already in the database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).", file=sys.stderr)
        return 2

    call_command("migrate", verbosity=0)
    province = Organization.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        if args.reuse:
            print("--reuse: the database holds no demo province.", file=sys.stderr)
            return 2
        print(f"Seeding {format_count(args.members)} members (one-off; later runs reuse them)...")
        start = time.perf_counter()
        call_command("seed_demo", members=args.members, seed=args.seed)
        print(f"Seeded in {time.perf_counter() - start:.0f} s.")
        province = Organization.objects.get(code=PROVINCE_CODE)
    else:
        print(f"Reusing the province already in the database ({format_count(Member.objects.count())} member records).")

    on_today = today()
    districts = list(Organization.objects.filter(parent=province, org_type__code="district").order_by("code"))
    existing = [d for d in districts if d.dissolved_on is None]
    dissolved = [d for d in districts if d.dissolved_on is not None]
    cases = [(province, on_today), (province, PAST)]
    if existing:
        big = max(existing, key=lambda d: members_on(d, on_today).count())
        cases += [(big, on_today), (big, PAST)]
    if dissolved:
        cases += [(dissolved[0], PAST), (dissolved[0], on_today)]

    orm, hand, what = (member_counts, sql_counts, "reports.queries.member_counts") if member_counts else (
        simple_counts, simple_sql, "members_on().count() + status breakdown"
    )  # fmt: skip
    print(f"\nORM: {what}  |  SQL: one hand-written query (GROUPING SETS)  |  median of {args.repeat} runs\n")
    header = f"{'organization':<34} {'as of':>10} {'members':>9} {'ORM ms':>9} {'SQL ms':>9} {'ORM/SQL':>8}"
    print(header)
    print("-" * len(header))
    failures = 0
    for org, on in cases:
        orm_ms, orm_result = timed(lambda org=org, on=on: orm(org, on), args.repeat)
        sql_ms, sql_result = timed(lambda org=org, on=on: hand(org, on), args.repeat)
        same = _normalize(orm_result) == _normalize(sql_result)
        failures += not same
        flag = "" if same else "  MISMATCH"
        ratio = orm_ms / sql_ms if sql_ms else float("nan")
        name = org.name.removeprefix("Đảng bộ ")[:34]
        print(
            f"{name:<34} {on:%d/%m/%Y} {format_count(orm_result['total']):>9} {orm_ms:>9.1f} {sql_ms:>9.1f} {ratio:>7.2f}x{flag}"
        )
        if not same:
            _explain_mismatch(_normalize(orm_result), _normalize(sql_result))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nspells: {format_count(_count('members_membershipspell'))}  facts: {format_count(_count('members_memberevent'))}  "
          f"members: {format_count(_count('members_member'))}  "
          f"organization versions: {format_count(_count('organizations_orgversion'))}")  # fmt: skip
    print(f"peak RSS of this process: {peak_mb:.0f} MB")
    if failures:
        print(f"{format_count(failures)} case(s) where the ORM and the SQL disagree.", file=sys.stderr)
        return 1
    print("ORM and SQL agree on every figure.")
    return 0


def _normalize(counts: dict) -> dict:
    """Drop zero entries of the open-ended maps so {'x': 0} and {} compare equal."""
    out = {}
    for key, value in counts.items():
        out[key] = {k: v for k, v in value.items() if v} if isinstance(value, dict) else value
    return out


def _explain_mismatch(a: dict, b: dict) -> None:
    diff = defaultdict(dict)
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            diff[key] = {"orm": a.get(key), "sql": b.get(key)}
    for key, value in diff.items():
        print(f"    {key}: {value}", file=sys.stderr)


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
