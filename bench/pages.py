"""Benchmark: how long every page a person opens takes on the demo, as each persona.

    make bench-pages                                     # SQLite file var/bench-pages.sqlite3
    make bench-pages BENCH_ARGS="--repeat 5"
    make bench-pages DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_pages
    .venv/bin/python bench/pages.py --compare bench/results/pages-before.txt

The database (its own SQLite file unless DATABASE_URL names one) is migrated and seeded with
`seed_demo --members N` as `make run` does, or reused when the province is there. Each persona of
the demo logs in (Django's test Client against that real database), the pages reachable from the
home page are walked by following the links each page shows, and every distinct page is timed
(one warm-up, then the median of K runs) with its query count and HTML size. The slowest ten come
first. With --compare, the ten slowest pages of an earlier run's output are matched against this
run's and the ratios printed. See bench/README.md.
"""

import argparse
import logging
import os
import re
import statistics
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:  # its own file: never the developer's var/coso.sqlite3
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-pages.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from coso.accounts.models import Role, RoleAssignment  # noqa: E402
from coso.common.dates import today  # noqa: E402
from coso.demo.plan import PROVINCE_CODE  # noqa: E402
from coso.organizations.models import Organization  # noqa: E402

# Not pages: leaving, switching language, the machine API, static files, media.
SKIP_PREFIXES = ("/accounts/logout", "/i18n/", "/api/", "/static/", "/media/")
PER_PATTERN = 2  # distinct URLs timed per kind of page (two objects' detail pages, two cells' figures)
SLOW_MS = 2000  # a page slower than this at its warm-up is timed once: its median would cost minutes
# The extra personas the demo does not create; the bench adds them to its own database.
CELL_SECRETARY = "bithuchibo"
OBSERVER = "quansat"
ADMIN = "quantri"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def ensure_demo(members: int) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    if not Organization.objects.filter(code=PROVINCE_CODE).exists():
        started = time.monotonic()
        call_command("seed_demo", members=members, verbosity=0)
        print(f"seeded the demo ({members} members) in {time.monotonic() - started:.0f}s", file=sys.stderr)
    _ensure_extra_personas()


def _ensure_extra_personas() -> None:
    """A cell secretary (of the largest cell of the commune secretary's commune), an observer, an admin."""
    from coso.members.models import Member
    from coso.organizations.queries import in_subtree

    user_model = get_user_model()
    on = today()
    if not user_model.objects.filter(username=CELL_SECRETARY).exists():
        commune = RoleAssignment.objects.get(user__username="bithu").organization
        cell_id = (
            Member.objects.filter(in_subtree(commune, on), organization__kind__in=("cell", "grassroots_cell"))
            .values("organization_id")
            .annotate(n=Count("id"))
            .order_by("-n", "organization_id")
            .values_list("organization_id", flat=True)
            .first()
        )
        user = user_model.objects.create_user(CELL_SECRETARY, first_name="Chi bộ", last_name="Bí thư")
        RoleAssignment.objects.create(user=user, role=Role.SECRETARY, organization_id=cell_id)
    if not user_model.objects.filter(username=OBSERVER).exists():
        user = user_model.objects.create_user(OBSERVER, first_name="Quan sát", last_name="Viên")
        RoleAssignment.objects.create(
            user=user, role=Role.OBSERVER, organization=Organization.objects.get(code=PROVINCE_CODE)
        )
    if not user_model.objects.filter(username=ADMIN).exists():
        user_model.objects.create_superuser(ADMIN, email="")


PERSONAS = [
    ("board", "bantochuc"),
    ("commune secretary", "bithu"),
    ("cell secretary", CELL_SECRETARY),
    ("member", "dangvien"),
    ("observer", OBSERVER),
    ("admin", ADMIN),
]


def _key(url: str) -> tuple[str, tuple[str, ...]] | None:
    """The URL name and its query keys: pages of one kind share a key, PER_PATTERN of each are timed."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.view_name
    if name.startswith("admin:") and not (name == "admin:index" or name.endswith("_changelist")):
        return None
    # A figure's slug makes another page; an object id makes the same page of another object.
    words = tuple(sorted(f"{k}={v}" for k, v in match.kwargs.items() if not str(v).isdigit()))
    return name, words, tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))


def walk(client: Client, max_pages: int) -> list[tuple[str, float]]:
    """The pages reachable from home by following the links shown, PER_PATTERN of each kind."""
    seen: set[str] = set()
    per_key: dict[tuple, int] = {}
    queue = ["/"]
    found = []
    while queue and len(found) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        started = time.perf_counter()
        response = client.get(url)
        warm_ms = (time.perf_counter() - started) * 1000
        if response.status_code in (301, 302) and _key(response["Location"]) is not None:
            queue.insert(0, response["Location"])  # home sends each persona to its first page
            continue
        if response.status_code != 200:
            continue
        found.append((url, warm_ms))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.hrefs:
            href = href.split("#", 1)[0]
            key = _key(href)
            if key is None or href in seen:
                continue
            if per_key.get(key, 0) >= PER_PATTERN:
                continue
            per_key[key] = per_key.get(key, 0) + 1
            queue.append(href)
    return found


class QueryCounter:
    """Counts every query (Django's own query log keeps only the last 9,000)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def time_page(client: Client, url: str, repeat: int) -> dict:
    times = []
    queries = 0
    size = 0
    status = 0
    for _ in range(repeat):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = client.get(url)
            content = response.content  # streaming responses are read inside the timing
            times.append((time.perf_counter() - started) * 1000)
        queries = counter.n
        size = len(content)
        status = response.status_code
    return {"ms": statistics.median(times), "queries": queries, "bytes": size, "status": status}


LINE = re.compile(r"^\s*(?P<ms>[\d.]+)\s+(?P<q>\d+)\s+(?P<kb>[\d.]+)\s+(?P<persona>[a-z ]+?)\s{2,}(?P<url>/\S*)")


def read_results(path: Path) -> dict[tuple[str, str], float]:
    """(persona, url) → median ms from an earlier run's table (the full list under 'every page')."""
    out: dict[tuple[str, str], float] = {}
    text = path.read_text(encoding="utf-8")
    body = text.split("every page", 1)[-1]
    for line in body.splitlines():
        m = LINE.match(line)
        if m:
            out[(m["persona"].strip(), m["url"])] = float(m["ms"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=2500)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per page after one warm-up")
    parser.add_argument("--max-pages", type=int, default=250, help="pages walked per persona at most")
    parser.add_argument("--persona", action="append", help="only these personas (by username)")
    parser.add_argument("--compare", type=Path, help="an earlier run's output: ratios for its ten slowest")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a 403/404 is a row of the table
    ensure_demo(args.members)
    user_model = get_user_model()
    rows = []
    started = time.monotonic()
    for persona, username in PERSONAS:
        if args.persona and username not in args.persona:
            continue
        client = Client()
        client.force_login(user_model.objects.get(username=username))
        urls = walk(client, args.max_pages)  # the walk is each page's warm-up
        print(f"{persona} ({username}): {len(urls)} pages", file=sys.stderr)
        for url, warm_ms in urls:
            result = time_page(client, url, 1 if warm_ms > SLOW_MS else args.repeat)
            rows.append({"persona": persona, "url": url, **result})
    rows.sort(key=lambda r: -r["ms"])

    vendor = connection.vendor
    print(
        f"Pages of the demo ({args.members} members, {vendor}), median of {args.repeat} runs after a warm-up "
        f"(one run for a page over {SLOW_MS} ms at its warm-up); "
        f"{len(rows)} pages in {time.monotonic() - started:.0f}s"
    )
    header = f"{'ms':>9} {'queries':>7} {'KB':>8}  {'persona':<18} url"

    def line(r):
        flag = "" if r["status"] == 200 else f"  [{r['status']}]"
        return f"{r['ms']:9.1f} {r['queries']:7d} {r['bytes'] / 1024:8.1f}  {r['persona']:<18} {r['url']}{flag}"

    print("\nthe slowest ten\n" + header)
    for r in rows[:10]:
        print(line(r))
    over = [r for r in rows if r["ms"] >= 1000]
    print(f"\npages at or over 1 s: {len(over)}; over 500 ms: {sum(r['ms'] >= 500 for r in rows)}")
    print("\nevery page, slowest first\n" + header)
    for r in rows:
        print(line(r))

    if args.compare:
        before = read_results(args.compare)
        now = {(r["persona"], r["url"]): r["ms"] for r in rows}
        slowest = sorted(before.items(), key=lambda kv: -kv[1])[:10]
        print(f"\nthe ten slowest of {args.compare}: before → after (ratio)")
        for (persona, url), ms in slowest:
            after = now.get((persona, url))
            if after is None:
                print(f"{ms:9.1f} → {'(gone)':>9}          {persona:<18} {url}")
            else:
                print(f"{ms:9.1f} → {after:9.1f} {ms / after:7.1f}x  {persona:<18} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
