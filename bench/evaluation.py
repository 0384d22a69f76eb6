"""Benchmark: December's evaluation campaign over the province, its summary figures beside hand-written SQL.

    .venv/bin/python bench/evaluation.py                         # 10,000 members, own SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench .venv/bin/python bench/evaluation.py --members 500000
    BENCH_EVALUATION_MEMBERS=500000 .venv/bin/python bench/evaluation.py   # the same size, from the env

The database is its own SQLite file (var/bench-evaluation.sqlite3 for the default size,
var/bench-evaluation-N.sqlite3 otherwise) unless DATABASE_URL names one (PostgreSQL: create it first).
It is migrated and seeded with `seed_demo --members N` when the province is not there (reused
otherwise). Then, as a committee does in December:

1. the province's campaign of the year is created (`campaign_create`) and its records written by
   `campaign_populate` — the background job's own function, its progress bar drawn from the same
   `progress` hooks and the counters it commits (`job_done` / `job_total`): timed, records/s;
2. cells enter decisions: `decide_many` pages of about 30 records of one cell, 70% of each cell's
   records, "good"/"completed" (a few "not completed") and "excellent" within the quota of each
   deciding committee (≤ 1/5 of its "good"), with the scores the rule set in force asks (QĐ 366:
   excellent 95, good 80, completed 60, not completed 40): timed, records/s;
3. the committee's summary figures, read through the catalogue (`Reading(org, on=end,
   start=start).value(slug)`), are timed beside one hand-written SQL query per figure (the same
   definition as `evaluation.queries.period_records`); both must agree, or the run fails (exit 1).

A previous run's campaign of the same root and year is deleted first, so the run can be repeated.
See bench/README.md.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_MEMBERS = 10_000
PAGE = 30


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--members", type=int, default=int(os.environ.get("BENCH_EVALUATION_MEMBERS", DEFAULT_MEMBERS)),
        help="members to seed when the province is missing (env BENCH_EVALUATION_MEMBERS; 500000 for the real run)",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median reported)")
    parser.add_argument("--year", type=int, default=None, help="the campaign's year (default: this year)")
    parser.add_argument("--share", type=float, default=0.7, help="share of each cell's records decided")
    parser.add_argument(
        "--no-previous", action="store_true",
        help="do not create the year before's campaign (kept between runs; it gives the failing-twice figure)",
    )  # fmt: skip
    parser.add_argument("--reuse", action="store_true", help="never seed: use the data already in the database")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


ARGS = parse_args()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    _var = Path(os.environ.get("COSO_VAR_DIR", ROOT / "var"))
    _var.mkdir(exist_ok=True)
    _name = (
        "bench-evaluation.sqlite3" if ARGS.members == DEFAULT_MEMBERS else f"bench-evaluation-{ARGS.members}.sqlite3"
    )
    os.environ["DATABASE_URL"] = f"sqlite:///{_var / _name}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import NotSupportedError, connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from coso.common.dates import today  # noqa: E402
from coso.common.text import format_count  # noqa: E402
from coso.demo.plan import PROVINCE_CODE  # noqa: E402
from coso.evaluation import rules  # noqa: E402
from coso.evaluation.models import Campaign, Evaluation, Grade, Stage, SubjectKind  # noqa: E402
from coso.evaluation.services import Decision, campaign_create, campaign_populate, decide_many  # noqa: E402
from coso.members.models import Member  # noqa: E402
from coso.organizations.models import Organization  # noqa: E402
from coso.reports.catalogue import Reading  # noqa: E402

SCORES = {Grade.EXCELLENT: 95, Grade.GOOD: 80, Grade.COMPLETED: 60, Grade.NOT_COMPLETED: 40}

FIGURES = [
    "evaluation-members",
    "evaluation-members-rated",
    "evaluation-members-excellent",
    "evaluation-members-good",
    "evaluation-members-completed",
    "evaluation-members-not-completed",
    "evaluation-members-completed-or-above",
    "evaluation-members-pending",
    "evaluation-members-failing-twice",
    "evaluation-orgs",
    "evaluation-orgs-rated",
]


def num(value: float, digits: int = 1) -> str:
    """1234.5 → '1.234,5' (Vietnamese separators), as the pages print."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


# --- the hand-written SQL ------------------------------------------------------------------------

# The organizations of the subtree of %(org)s as the tree stood on a day: the root's version that day
# gives the path prefix, every version valid that day under it is in. One such CTE per year counted.
SUBTREE = """
sub{i} AS (
    SELECT v.organization_id FROM organizations_orgversion v
    JOIN organizations_orgversion r
      ON r.organization_id = %(org)s AND r.valid_from <= %(on{i})s AND (r.valid_to IS NULL OR r.valid_to > %(on{i})s)
    WHERE v.path LIKE r.path || '%%' AND v.valid_from <= %(on{i})s AND (v.valid_to IS NULL OR v.valid_to > %(on{i})s)
)"""

DECIDED = "e.grade <> '' AND e.decided_on <= %(end)s"
CONDITIONS = {
    "evaluation-members": ("member", "1 = 1"),
    "evaluation-members-rated": ("member", DECIDED),
    "evaluation-members-excellent": ("member", DECIDED + " AND e.grade = 'excellent'"),
    "evaluation-members-good": ("member", DECIDED + " AND e.grade = 'good'"),
    "evaluation-members-completed": ("member", DECIDED + " AND e.grade = 'completed'"),
    "evaluation-members-not-completed": ("member", DECIDED + " AND e.grade = 'not_completed'"),
    "evaluation-members-completed-or-above": ("member", DECIDED + " AND e.grade IN ('excellent', 'good', 'completed')"),
    "evaluation-members-pending": ("member", "(e.decided_on IS NULL OR e.decided_on > %(end)s)"),
    # Not completed this year and the year before, by the same member (whatever cell rated them).
    "evaluation-members-failing-twice": (
        "member",
        DECIDED
        + """ AND e.grade = 'not_completed' AND EXISTS (
            SELECT 1 FROM evaluation_evaluation p
            WHERE p.member_id = e.member_id AND p.subject_kind = 'member'
              AND p.period_key = CAST(c.year - 1 AS VARCHAR(12))
              AND p.grade = 'not_completed' AND p.decided_on <= %(end)s)""",
    ),
    "evaluation-orgs": ("organization", "1 = 1"),
    "evaluation-orgs-rated": ("organization", DECIDED),
}


def years_of(start: date, end: date) -> list[int]:
    """The yearly campaigns a period counts: those whose year starts within [start, end]."""
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return list(range(first, end.year + 1))


def hand_sql(slug: str, years: list[int]) -> str:
    kind, condition = CONDITIONS[slug]
    ctes = ",".join(SUBTREE.format(i=i) for i in range(len(years)))
    placed = " OR ".join(f"(c.year = %(year{i})s AND e.organization_id IN (SELECT organization_id FROM sub{i}))"
                         for i in range(len(years)))  # fmt: skip
    return f"""WITH {ctes}
SELECT count(*) FROM evaluation_evaluation e JOIN evaluation_campaign c ON c.id = e.campaign_id
WHERE c.period_kind = 'year' AND c.opened_on <= %(end)s AND e.subject_kind = '{kind}'
  AND ({placed}) AND {condition}"""


def sql_value(slug: str, org: Organization, start: date, end: date) -> int:
    years = years_of(start, end)
    if not years:
        return 0
    params = {"org": org.pk, "end": end}
    for i, year in enumerate(years):
        params[f"year{i}"] = year
        params[f"on{i}"] = min(date(year, 12, 31), end)
    with connection.cursor() as cursor:
        cursor.execute(hand_sql(slug, years), params)
        return cursor.fetchone()[0]


def orm_value(slug: str, org: Organization, start: date, end: date) -> int:
    return Reading(org, on=end, start=start).value(slug)  # a fresh reading: nothing cached between runs


def orm_query(slug: str, org: Organization, start: date, end: date) -> tuple:
    """The counting query the ORM sends for the figure (its last one) and its parameters."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        orm_value(slug, org, start, end)
    return sent[-1]


def run_raw(query: tuple) -> int:
    with connection.cursor() as cursor:
        cursor.execute(*query)
        return cursor.fetchone()[0]


def timed(fn, repeat: int):
    fn()  # warm the caches once; the median of the timed runs is reported
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


# --- the campaign --------------------------------------------------------------------------------


class Bar:
    """The job's progress bar, drawn from `campaign_populate`'s progress hooks and its committed counters."""

    def __init__(self, campaign: Campaign):
        self.campaign, self.total, self.done, self.t0 = campaign, 0, 0, time.perf_counter()
        self.tty = sys.stdout.isatty()
        self.last_line = -1

    def start(self, total: int) -> None:
        self.total = total
        self.draw()

    def advance(self, n: int) -> None:
        self.done += n
        self.draw()

    def draw(self) -> None:
        job = Campaign.objects.filter(pk=self.campaign.pk).values_list("job_done", "job_total").get()  # the page's read
        percent = self.done * 100 // self.total if self.total else 100
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        line = (f"  [{bar}] {percent:3d}%  {format_count(job[0])}/{format_count(job[1])} records"
                f"  {num(time.perf_counter() - self.t0)} s")  # fmt: skip
        if self.tty:
            print("\r" + line, end="\n" if self.done >= self.total else "", flush=True)
        elif percent // 25 != self.last_line or self.done >= self.total:  # a log: a line per quarter
            self.last_line = percent // 25
            print(line, flush=True)


def pick_grades(records: list, quota: dict, rng: random.Random, scored: bool) -> list[Decision]:
    """One cell page's decisions: mostly good/completed, a few not completed, excellent within the quota."""
    out = []
    for e in records:
        key = (e.deciding_committee_id, e.subject_kind)
        excellent, good = quota[key]
        roll = rng.random()
        if e.disciplined:
            grade = Grade.COMPLETED
        elif roll < 0.12 and (excellent + 1) * 5 <= good:
            grade = Grade.EXCELLENT
        elif roll < 0.70:
            grade = Grade.GOOD
        elif roll < 0.99 and not (e.member_id and e.member_id % 97 == 0):
            grade = Grade.COMPLETED
        else:  # ~1% at random, and every member whose id is a multiple of 97 (so some fail two years running)
            grade = Grade.NOT_COMPLETED
        quota[key] = (excellent + (grade == Grade.EXCELLENT), good + (grade == Grade.GOOD))
        out.append(Decision(e.id, grade, SCORES[grade] if scored else None))
    return out


def enter_decisions(campaign: Campaign, share: float, on: date, rng: random.Random) -> tuple[int, int]:
    """Cells entering their decisions: `share` of each cell's rateable records, by pages of ~30.

    The organizations rated are decided by their parent committee: `share` of each committee's."""
    by_cell = defaultdict(list)
    rateable = (
        campaign.evaluations.exclude(stage=Stage.NOT_RATED)
        .values_list(
            "id", "member_id", "organization_id", "deciding_committee_id", "subject_kind", "disciplined", named=True
        )
        .order_by("organization_id", "id")
    )
    for e in rateable.iterator(chunk_size=5000):  # members by their cell; organizations by their deciding committee
        key = e.organization_id if e.subject_kind == SubjectKind.MEMBER else ("orgs", e.deciding_committee_id)
        by_cell[key].append(e)
    quota: dict = defaultdict(lambda: (0, 0))
    scored = rules.is_scored(campaign.rule_set.values)
    decided = pages = 0
    for records in by_cell.values():
        records = records[: round(len(records) * share)]
        for i in range(0, len(records), PAGE):
            page = pick_grades(records[i : i + PAGE], quota, rng, scored)
            if not BROKEN:
                try:
                    decided += len(decide_many(campaign, page, on=on, actor=None))
                except NotSupportedError as exc:  # reported, not worked around in coso
                    BROKEN.append(f"decide_many: {exc}")
                    print(f"  decide_many FAILED on {connection.vendor}: {exc}", flush=True)
                    print("  the rest of the decisions are written by a plain UPDATE so the figures can be timed")
            if BROKEN:
                decided += write_directly(page, on)
            pages += 1
    return decided, pages


#: Why decide_many could not run here (then the decisions are written directly, and the run exits 1).
BROKEN: list[str] = []


def write_directly(page: list[Decision], on: date) -> int:
    """The page's grades written by UPDATE (no checks, no audit): only when decide_many cannot run."""
    by_grade = defaultdict(list)
    for d in page:
        by_grade[(d.grade, d.score)].append(d.evaluation_id)
    for (grade, score), ids in by_grade.items():
        Evaluation.objects.filter(pk__in=ids).update(
            grade=grade, score=score, decided_on=on, decision_date=on, stage=Stage.DECIDED
        )
    return len(page)


def main() -> int:
    args = ARGS
    call_command("migrate", verbosity=0)
    province = Organization.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        if args.reuse:
            print("--reuse: the database holds no demo province.", file=sys.stderr)
            return 2
        print(f"Seeding {format_count(args.members)} members (one-off; later runs reuse them)...", flush=True)
        t0 = time.perf_counter()
        call_command("seed_demo", members=args.members, seed=args.seed)
        print(f"Seeded in {num(time.perf_counter() - t0, 0)} s.")
        province = Organization.objects.get(code=PROVINCE_CODE)
    else:
        print(f"Reusing the province already in the database ({format_count(Member.objects.count())} member records).")
    year = args.year or today().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    opened_on, decided_on = date(year, 12, 1), date(year, 12, 15)
    rng = random.Random(args.seed)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")

    old = Campaign.objects.filter(root=province, period_key=str(year))
    if old.exists():
        t0 = time.perf_counter()
        for pk in old.values_list("pk", flat=True):
            ids = list(Evaluation.objects.filter(campaign_id=pk).values_list("pk", flat=True))
            for i in range(0, len(ids), 5000):
                Evaluation.objects.filter(pk__in=ids[i : i + 5000]).delete()
        old.delete()
        print(f"Deleted the previous run's campaign {year} ({num(time.perf_counter() - t0)} s, not timed below).")

    if not args.no_previous and not Campaign.objects.filter(root=province, period_key=str(year - 1)).exists():
        t0 = time.perf_counter()
        before = campaign_create(committee=province, year=year - 1, opened_on=date(year - 1, 12, 1), actor=None)
        campaign_populate(before, actor=None)
        n, _pages = enter_decisions(before, 1.0, date(year - 1, 12, 15), rng)
        print(f"Created the campaign {year - 1} (every record decided: {format_count(n)}) for the failing-twice figure "
              f"in {num(time.perf_counter() - t0)} s (not timed below; kept for later runs).")  # fmt: skip

    print(f"\n1. Campaign {year} of {province.name}: creating its records (the background job's campaign_populate)")
    t0 = time.perf_counter()
    campaign = campaign_create(committee=province, year=year, opened_on=opened_on, actor=None)
    create_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    total = campaign_populate(campaign, actor=None, progress=Bar(campaign))
    populate_s = time.perf_counter() - t0
    kinds = dict(campaign.evaluations.order_by().values_list("subject_kind").annotate(n=Count("id")))
    not_rated = campaign.evaluations.filter(stage=Stage.NOT_RATED).count()
    print(
        f"  rule set: {campaign.rule_set.regulation.split(';')[0]} (scored: {rules.is_scored(campaign.rule_set.values)})"
    )
    print(f"  campaign_create {num(create_s * 1000)} ms; campaign_populate {num(populate_s)} s for "
          f"{format_count(total)} records ({format_count(kinds.get(SubjectKind.MEMBER, 0))} members, "
          f"{format_count(kinds.get(SubjectKind.ORGANIZATION, 0))} organizations, "
          f"{format_count(not_rated)} not rated): {format_count(round(total / populate_s))} records/s; "
          f"job {campaign.job_state} {format_count(campaign.job_done)}/{format_count(campaign.job_total)}")  # fmt: skip

    print(f"\n2. Cells entering decisions on {decided_on:%d/%m/%Y}: {num(args.share * 100, 0)}% of each cell's records, "
          f"decide_many by pages of {PAGE}")  # fmt: skip
    t0 = time.perf_counter()
    decided, pages = enter_decisions(campaign, args.share, decided_on, rng)
    decide_s = time.perf_counter() - t0
    if BROKEN:
        print("  (decide_many failed: the time below is mostly plain UPDATEs, not decide_many's)")
    print(f"  {format_count(decided)} records decided in {format_count(pages)} pages: {num(decide_s)} s, "
          f"{format_count(round(decided / decide_s)) if decide_s else '—'} records/s, "
          f"{num(decide_s * 1000 / pages if pages else 0)} ms a page")  # fmt: skip

    print(f"\n3. The committee's summary figures, {start:%d/%m/%Y}–{end:%d/%m/%Y}, {province.name}")
    print(f"ORM: Reading(org, on=end, start=start).value(slug)  |  its query: the ORM's counting SQL run alone "
          f"(the rest of ORM ms is Python and the root's version lookup)  |  SQL: one hand-written query  |  "
          f"median of {args.repeat} runs\n")  # fmt: skip
    header = f"{'figure':<36} {'number':>9} {'ORM ms':>9} {'its query':>9} {'SQL ms':>9} {'ORM/SQL':>8}"
    print(header)
    print("-" * len(header))
    failures, slow = 0, []
    orm_total = sql_total = query_total = 0.0
    for slug in FIGURES:
        orm_ms, orm_n = timed(lambda slug=slug: orm_value(slug, province, start, end), args.repeat)
        sql_ms, sql_n = timed(lambda slug=slug: sql_value(slug, province, start, end), args.repeat)
        query = orm_query(slug, province, start, end)
        query_ms, _n = timed(lambda query=query: run_raw(query), args.repeat)
        query_total += query_ms
        orm_total += orm_ms
        sql_total += sql_ms
        ratio = orm_ms / sql_ms if sql_ms else float("nan")
        flag = ""
        if orm_n != sql_n:
            failures += 1
            flag = f"  MISMATCH (SQL {format_count(sql_n)})"
        elif ratio > 1.5:
            slow.append(slug)
            flag = "  > 1,5×"
        print(f"{slug.removeprefix('evaluation-'):<36} {format_count(orm_n):>9} {num(orm_ms):>9} {num(query_ms):>9} {num(sql_ms):>9} "
              f"{num(ratio, 2):>7}×{flag}")  # fmt: skip
    print("-" * len(header))
    print(f"{'all ' + str(len(FIGURES)) + ' figures':<36} {'':>9} {num(orm_total):>9} {num(query_total):>9} {num(sql_total):>9} "
          f"{num(orm_total / sql_total, 2):>7}×")  # fmt: skip

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nrecords of all campaigns: {format_count(Evaluation.objects.count())}  "
          f"members: {format_count(Member.objects.count())}  peak RSS of this process: {num(peak_mb, 0)} MB")  # fmt: skip
    if slow:
        print(f"Over 1,5× the hand-written SQL: {', '.join(slow)}.")
    if BROKEN:
        print(f"FAILED: {BROKEN[0]} (the decisions above were written by UPDATE from then on).", file=sys.stderr)
    if failures:
        print(f"{failures} figure(s) where the ORM and the SQL disagree.", file=sys.stderr)
        return 1
    if BROKEN:
        return 1
    print("ORM and SQL agree on every figure.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
