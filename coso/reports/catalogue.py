"""The figure catalogue: every figure of the system defined once (DESIGN.md idea 3, issue 7).

A figure is ONE definition — the records it counts for an organization's subtree on the dated tree,
as of a date or over a period — and everything shown about it derives from that definition:

- the **number**: the count of that same record set (`QuerySet.count()`, or `len()` for a record
  set a rule computes in Python); for a parametrised breakdown ("members by gender") the grouped
  count `values(<param>).annotate(Count)` of that same queryset, so a dashboard costs one query per
  figure, not one per value; several plain figures are counted in one query (`Reading.prefetch`);
- the **percentage**: `format_percent(number, denominator)` where the denominator is another
  figure *named in the definition* (`denominator="members_total"`), evaluated on the same scope;
- the **list** (`Reading.rows`), its **xlsx** (`export_rows`) and the **API** value and records
  (`value_out`, `record_out`, served generically under `/api/v1/figures/{slug}`).

There is no other place where a figure's number is written: the grouped counts of
`reports.queries` and the pages of the meetings and targets areas read this catalogue. The test
`reports/tests/test_catalogue.py` walks the WHOLE catalogue (every figure, every parameter value,
several dates and periods) and checks number = list length = xlsx rows = API value.

**Scope.** `Scope(org, on)` asks as of `on`; `Scope(org, on=end, start=start)` asks over the period
[start, end]. An as-of figure asked over a period is read as of the period's end; a period figure
asked as of a date is read over [1/1 of that year, the date]. The subtree is always
`organizations.queries.subtree_org_ids(org, on)` / `subtree_versions(org, on)`: the tree as it stood
on the date asked (for a period, each app's definition states how the tree of the period is read).
An as-of figure never counts an event dated after its date (tested for every figure).

**Registering a figure from another app.** Put a module `<app>/figures.py` (it is imported when the
reports app is ready, `autodiscover_modules("figures")`) and call::

    from coso.reports.catalogue import AS_OF, PERIOD, Column, Figure, Param, register

    register(Figure(
        slug="evaluation-excellent",              # unique across the catalogue, used in URLs
        label=_("Members rated excellent"),
        group=_("Evaluation"),
        app="evaluation",
        timing=PERIOD,                            # or AS_OF
        records=lambda s: Evaluation.objects.filter(
            organization_id__in=subtree_org_ids(s.org, s.on), year=s.on.year, grade="excellent"),
        columns=(Column("name", _("Full name"), lambda e: e.member.full_name), ...),
        denominator="evaluation-rated",           # optional: the figure that is its 100%
        params=(Param("cell", _("Cell"), choices=..., key=lambda s: F("organization_id")),),
        prepare=lambda qs, s: qs.select_related("member"),   # display only, never changes membership
    ))

The figure then has a page (`/reports/figures/<slug>/?org=&on=` or `&from=&to=`), an export, an
API value and records, and is walked by the catalogue test, with no further code.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Expression, IntegerField, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.functional import Promise

from coso.common.text import format_percent
from coso.organizations.models import Organization
from coso.organizations.queries import subtree_org_ids, subtree_versions

AS_OF = "as_of"
PERIOD = "period"


class UnknownParam(LookupError):
    """A figure was asked for with a missing or unknown parameter value (pages answer 404, the API 400)."""


@dataclass
class Scope:
    """Which records a figure is asked about: `org`'s subtree, as of `on` or over [start, on].

    `cache` holds what several figures of one scope share (the meetings overview, the targets
    progress), so a page reading ten figures of a period computes it once.
    """

    org: Organization
    on: date
    start: date | None = None
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def end(self) -> date:
        return self.on

    @property
    def period_start(self) -> date:
        return self.start or date(self.on.year, 1, 1)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def subtree_versions(self) -> QuerySet:
        """`organizations.queries.subtree_versions(org, on)`, looked up once for every figure of the scope."""
        return self.memo("subtree_versions", lambda: subtree_versions(self.org, self.on))

    def subtree_org_ids(self) -> QuerySet:
        """`organizations.queries.subtree_org_ids(org, on)` (a subquery), looked up once per scope."""
        return self.memo("subtree_org_ids", lambda: subtree_org_ids(self.org, self.on))


@dataclass(frozen=True)
class Column:
    """One column of a figure's list, of its export and of its API records."""

    key: str
    label: Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Param:
    """A parameter that narrows a figure to one value (`?gender=female`, `?cell=12`).

    `choices(scope)` are the valid values (code, label). For a queryset figure `key(scope)` is the
    expression of a record's value: the list filters on it and the grouped count groups by it, so
    both read the same column. For a figure whose records are a Python list, `value_of(row)` does
    the same.
    """

    name: str
    label: Promise
    choices: Callable[[Scope], list[tuple[str, str]]]
    key: Callable[[Scope], Expression] | None = None
    value_of: Callable[[Any], Any] | None = None

    def label_for(self, scope: Scope, code: str) -> str:
        return str(dict(self.choices(scope)).get(code, code))

    def annotation(self) -> str:
        return f"figure_param_{self.name}"


@dataclass(frozen=True)
class Figure:
    slug: str
    label: Promise
    group: Promise
    records: Callable[[Scope], QuerySet | Sequence]
    columns: tuple[Column, ...] = ()
    app: str = "reports"
    record_kind: str = ""  # what one record is (member, organization, meeting...), for templates
    record_label: Promise | str = ""  # the records, plural, as a reader says it ("party members")
    timing: str = AS_OF
    params: tuple[Param, ...] = ()
    denominator: str | None = None
    prepare: Callable[[QuerySet, Scope], QuerySet] | None = None
    # When set, the number is the sum of this attribute over the records (a target) rather than
    # their count; the list, the export and the API carry the attribute so the sum can be checked.
    total: str | None = None
    description: Promise | str = ""

    @property
    def param(self) -> Param | None:
        """The figure's single parameter, if it has exactly one (the dashboard breakdowns)."""
        return self.params[0] if len(self.params) == 1 else None

    def param_named(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise UnknownParam(name)

    def clean_params(self, scope: Scope, data: Mapping, *, required: bool = False) -> dict[str, str]:
        """The parameter values read from a query string; UnknownParam for a value not offered.

        A parametrised breakdown of the dashboard (`required`) needs its value; the meetings figures
        take theirs optionally (no `cell` means every cell).
        """
        params: dict[str, str] = {}
        for p in self.params:
            raw = data.get(p.name)
            if not raw:
                if required:
                    raise UnknownParam(p.name)
                continue
            if str(raw) not in {str(code) for code, _label in p.choices(scope)}:
                raise UnknownParam(p.name)
            params[p.name] = str(raw)
        return params

    def title(self, scope: Scope, params: Mapping) -> str:
        parts = [str(self.label)]
        for name, code in params.items():
            p = self.param_named(name)
            parts.append(f"{p.label}: {p.label_for(scope, code)}")
        return " — ".join(parts)


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    """Add a figure to the catalogue (once: a second figure under the same slug is an error)."""
    if figure.slug in FIGURES:
        raise ValueError(f"figure {figure.slug} registered twice")
    if figure.timing not in (AS_OF, PERIOD):
        raise ValueError(f"figure {figure.slug}: timing must be AS_OF or PERIOD")
    FIGURES[figure.slug] = figure
    return figure


def get_figure(slug: str) -> Figure | None:
    return FIGURES.get(slug)


def figures_of(app: str) -> list[Figure]:
    return [f for f in FIGURES.values() if f.app == app]


def scope_for(figure: Figure, org: Organization, *, on: date, start: date | None = None) -> Scope:
    """The scope a figure reads when asked with `on` (and possibly `start`): see the module docstring."""
    if figure.timing == AS_OF:
        return Scope(org=org, on=on)
    return Scope(org=org, on=on, start=start or date(on.year, 1, 1))


# Evaluating ------------------------------------------------------------------------------------


def _filtered(figure: Figure, scope: Scope, params: Mapping[str, str]):
    records = figure.records(scope)
    if isinstance(records, QuerySet):
        for name, code in params.items():
            p = figure.param_named(name)
            records = records.annotate(**{p.annotation(): p.key(scope)}).filter(**{p.annotation(): code})
        return records
    rows = list(records)
    for name, code in params.items():
        p = figure.param_named(name)
        rows = [r for r in rows if str(p.value_of(r)) == str(code)]
    return rows


def measure(figure: Figure, records) -> int:
    """The number of a record set: its count, or the sum of `figure.total` over it."""
    if isinstance(records, QuerySet):
        if figure.total:
            return records.aggregate(n=Coalesce(Sum(figure.total), 0))["n"]
        return records.count()
    if figure.total:
        return sum(getattr(r, figure.total) or 0 for r in records)
    return len(records)


def _scalar(figure: Figure, qs: QuerySet) -> Subquery:
    agg = Sum(figure.total) if figure.total else Count("pk")
    return Coalesce(
        Subquery(qs.order_by().annotate(figure_one=Value(1)).values("figure_one").annotate(n=agg).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


class Reading:
    """The catalogue read for one organization and date or period, remembering what it counted.

    `value(slug, **params)` of a parametrised figure is read from its grouped count (one query for
    every value); plain figures asked through `prefetch` are counted together in one query.
    """

    def __init__(self, org: Organization, *, on: date, start: date | None = None):
        self.org, self.on, self.start = org, on, start
        self._scopes: dict[str, Scope] = {}
        self._values: dict[tuple, int] = {}
        self._grids: dict[tuple, dict[tuple[str, ...], int]] = {}

    @classmethod
    def of(cls, scope: Scope) -> "Reading":
        """A reading sharing `scope` (and its cache): for figures defined from other figures."""
        reading = cls(scope.org, on=scope.on, start=scope.start)
        reading._scopes[PERIOD if scope.start else AS_OF] = scope
        return reading

    def scope(self, figure: Figure) -> Scope:
        if figure.timing not in self._scopes:
            self._scopes[figure.timing] = scope_for(figure, self.org, on=self.on, start=self.start)
        return self._scopes[figure.timing]

    def figure(self, slug: str) -> Figure:
        figure = get_figure(slug)
        if figure is None:
            raise KeyError(slug)
        return figure

    def records(self, slug: str, **params: str):
        figure = self.figure(slug)
        return _filtered(figure, self.scope(figure), params)

    def rows(self, slug: str, **params: str):
        """The records prepared for display (names and places on the date); membership unchanged."""
        figure = self.figure(slug)
        records = self.records(slug, **params)
        if figure.prepare is not None and isinstance(records, QuerySet):
            return figure.prepare(records, self.scope(figure))
        return records

    def prefetch(self, slugs: Iterable[str]) -> None:
        """Count the plain (unparametrised) queryset figures among `slugs` in one query."""
        pending = {}
        for slug in slugs:
            figure = self.figure(slug)
            if (slug, ()) in self._values:
                continue
            records = figure.records(self.scope(figure))
            if not isinstance(records, QuerySet):
                self._values[(slug, ())] = measure(figure, records)
            elif records.query.is_empty():
                self._values[(slug, ())] = 0
            else:
                pending[slug] = _scalar(figure, records)
        if not pending:
            return
        names = {f"n{i}": slug for i, slug in enumerate(pending)}
        row = (
            Organization.objects.filter(pk=self.org.pk)
            .annotate(**{name: pending[slug] for name, slug in names.items()})
            .values(*names)
            .get()
        )
        for name, slug in names.items():
            self._values[(slug, ())] = int(row[name] or 0)

    def grid(self, slug: str, names: Sequence[str], **fixed: str) -> dict[tuple[str, ...], int]:
        """{(code, ...): number} of figure `slug` by the parameters `names` (others fixed): one query.

        The grouped count `values(*names).annotate(Count)` of the figure's own records (or a Counter
        over its rows when a rule computes them), so every value of a breakdown costs one query in
        all. Combinations without records are absent; `value()` reads them as 0.
        """
        names = tuple(names)
        key = (slug, names, tuple(sorted(fixed.items())))
        if key in self._grids:
            return self._grids[key]
        figure = self.figure(slug)
        scope = self.scope(figure)
        params = [figure.param_named(name) for name in names]
        records = _filtered(figure, scope, fixed)
        result: dict[tuple[str, ...], int] = {}
        if isinstance(records, QuerySet):
            if not records.query.is_empty():
                agg = Sum(figure.total) if figure.total else Count("pk", distinct=True)
                columns = [p.annotation() for p in params]
                grouped = (
                    records.annotate(**{p.annotation(): p.key(scope) for p in params})
                    .order_by()
                    .values(*columns)
                    .annotate(figure_n=agg)
                )
                for row in grouped:
                    if row["figure_n"]:
                        code = tuple(str(row[c]) for c in columns)
                        result[code] = result.get(code, 0) + int(row["figure_n"])
        else:
            counter: Counter = Counter()
            for r in records:
                code = tuple(str(p.value_of(r)) for p in params)
                counter[code] += (getattr(r, figure.total) or 0) if figure.total else 1
            result = {code: n for code, n in counter.items() if n}
        self._grids[key] = result
        return result

    def breakdown(self, slug: str, name: str, **fixed: str) -> dict[str, int]:
        """{code: number} of figure `slug` by parameter `name` (other parameters fixed), one query."""
        return {code[0]: n for code, n in self.grid(slug, (name,), **fixed).items()}

    def value(self, slug: str, **params: str) -> int:
        """The figure's number: counted for a plain figure (batched by `prefetch`), read from the
        grouped count over its parameters otherwise."""
        key = (slug, tuple(sorted(params.items())))
        if key in self._values:
            return self._values[key]
        if not params:
            self.prefetch([slug])
            return self._values[key]
        names = tuple(sorted(params))
        number = self.grid(slug, names).get(tuple(str(params[n]) for n in names), 0)
        self._values[key] = number
        return number

    def denominator(self, slug: str, **params: str) -> int | None:
        """The number of the figure named as `slug`'s denominator, with the parameters it shares."""
        figure = self.figure(slug)
        if not figure.denominator:
            return None
        base = self.figure(figure.denominator)
        shared = {k: v for k, v in params.items() if k in {p.name for p in base.params}}
        return self.value(figure.denominator, **shared)

    def percent(self, slug: str, **params: str) -> str:
        """`format_percent(number, denominator)`; '—' when the figure names no denominator."""
        denominator = self.denominator(slug, **params)
        if denominator is None:
            return "—"
        return format_percent(self.value(slug, **params), denominator)


# Lists, exports and the API --------------------------------------------------------------------


def export_rows(figure: Figure, rows) -> Iterable[list]:
    """The xlsx rows of a figure's list: one per record, the columns of the page."""
    iterable = rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else rows
    for obj in iterable:
        yield [column.value(obj) for column in figure.columns]


def _json(value):
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def record_out(figure: Figure, obj) -> dict:
    """One record of a figure for the API: its columns by key."""
    return {column.key: _json(column.value(obj)) for column in figure.columns}


def value_out(reading: Reading, figure: Figure, params: Mapping[str, str]) -> dict:
    """A figure's value for the API: the number, its denominator and percentage, the scope read."""
    scope = reading.scope(figure)
    number = reading.value(figure.slug, **params)
    denominator = reading.denominator(figure.slug, **params)
    return {
        "slug": figure.slug,
        "label": figure.title(scope, params),
        "app": figure.app,
        "timing": figure.timing,
        "organization_id": reading.org.pk,
        "on": scope.on if figure.timing == AS_OF else None,
        "start": scope.period_start if figure.timing == PERIOD else None,
        "end": scope.end if figure.timing == PERIOD else None,
        "params": dict(params),
        "value": number,
        "denominator": figure.denominator,
        "denominator_value": denominator,
        "percentage": format_percent(number, denominator) if denominator is not None else None,
    }


def describe(figure: Figure) -> dict:
    """A catalogue entry for the API's index: what can be asked of this figure."""
    return {
        "slug": figure.slug,
        "label": str(figure.label),
        "group": str(figure.group),
        "app": figure.app,
        "timing": figure.timing,
        "params": [{"name": p.name, "label": str(p.label)} for p in figure.params],
        "denominator": figure.denominator,
        "total": figure.total,
        "columns": [{"key": c.key, "label": str(c.label)} for c in figure.columns],
    }


__all__ = [
    "AS_OF",
    "FIGURES",
    "PERIOD",
    "Column",
    "Figure",
    "Param",
    "Reading",
    "Scope",
    "UnknownParam",
    "describe",
    "export_rows",
    "figures_of",
    "get_figure",
    "measure",
    "record_out",
    "register",
    "scope_for",
    "value_out",
]
