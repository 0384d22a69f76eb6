"""The standard statistical tables of cadre work (issue 10), defined as data: each table is a list
of rows, each row a figure of the catalogue and its parameters. A number of a table is the figure's
number for the subtree and period (or date) asked, and links to the figure's list page
(`reports:figure`), so every cell opens the records it counts.

Rows naming a figure not registered (yet), a parameter the figure does not take, or a value it
does not offer are skipped when the table is read: the training and qualification figures are
another app's (`coso.training`), and a table shows what the catalogue holds. The qualification
table takes every registered `qualification-*` figure (`SlugPrefix`).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coso.cadres.models import Direction, HowHeld, PostKind
from coso.reports.catalogue import AS_OF, FIGURES, Reading, get_figure


@dataclass(frozen=True)
class Row:
    label: Promise | str
    slug: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SlugPrefix:
    """Every registered figure whose slug starts with `prefix`, one row each, labelled by the figure."""

    prefix: str


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise
    rows: tuple


LEADING_POSTS = (
    PostKind.SECRETARY,
    PostKind.DEPUTY_SECRETARY,
    PostKind.STANDING_MEMBER,
    PostKind.COMMITTEE_MEMBER,
    PostKind.INSPECTION_CHAIR,
    PostKind.BOARD_HEAD,
    PostKind.BOARD_DEPUTY,
    PostKind.COUNCIL_CHAIR,
    PostKind.PEOPLES_COMMITTEE_CHAIR,
    PostKind.PEOPLES_COMMITTEE_VICE,
    PostKind.FRONT_CHAIR,
)
#: The class kinds of the training table (coso.training.models.ClassKind codes).
TRAINING_KINDS = (
    ("theory_elementary", _("Political theory, elementary")),
    ("theory_intermediate", _("Political theory, intermediate")),
    ("theory_intermediate_admin", _("Political theory and administration, intermediate")),
    ("theory_advanced", _("Political theory, advanced")),
    ("sm_specialist", _("State management, specialist")),
    ("sm_principal", _("State management, principal specialist")),
    ("sm_senior", _("State management, senior specialist")),
    ("cadre_source", _("Cadre-source class")),
    ("professional", _("Professional course")),
    ("awareness", _("Party awareness class")),
    ("new_members", _("New members' class")),
)
MODES = (("full_time", _("Full-time")), ("in_service", _("In-service")))


def _training_rows() -> tuple:
    rows: list = []
    for code, label in TRAINING_KINDS:
        rows.append(Row(_("Classes held: %(kind)s") % {"kind": label}, "training-classes", {"kind": code}))
        rows.append(Row(_("Students: %(kind)s") % {"kind": label}, "training-students", {"kind": code}))
    for code, label in TRAINING_KINDS[:8]:
        for mode, mode_label in MODES:
            rows.append(
                Row(
                    _("Sent to study: %(kind)s, %(mode)s") % {"kind": label, "mode": mode_label},
                    "training-sent",
                    {"kind": code, "mode": mode},
                )
            )
    return tuple(rows)


TABLES = (
    Table(
        "leading",
        _("Leading cadres"),
        tuple(Row(PostKind(k).label, "cadres-posts", {"kind": str(k)}) for k in LEADING_POSTS)
        + (
            Row(_("All posts held"), "cadres-posts"),
            Row(_("Secretary posts without a holder"), "cadres-vacant", {"kind": str(PostKind.SECRETARY)}),
            Row(_("All posts without a holder"), "cadres-vacant"),
        ),
    ),
    Table("training", _("Training and cadres sent to study"), _training_rows()),
    Table("qualification", _("Qualifications of cadres"), (SlugPrefix("qualification-"),)),
    Table(
        "rotation",
        _("Rotation and transfer of cadres"),
        tuple(Row(label, "cadres-rotations", {"direction": code}) for code, label in Direction.choices)
        + (Row(_("All moves"), "cadres-rotations"),),
    ),
    Table(
        "planning",
        _("Planning lists"),
        tuple(Row(PostKind(k).label, "cadres-planned", {"kind": str(k)}) for k in LEADING_POSTS[:4])
        + (Row(_("All planning entries"), "cadres-planned"),),
    ),
    Table(
        "appointments",
        _("Elections and appointments"),
        tuple(Row(label, "cadres-appointed", {"how": code}) for code, label in HowHeld.choices)
        + (
            Row(_("All posts taken up"), "cadres-appointed"),
            Row(_("Supervision assignments in force"), "cadres-supervision"),
            Row(_("Followed organizations visited every quarter"), "cadres-supervision-visited"),
        ),
    ),
)


def expected_slugs() -> set[str]:
    """Every figure slug the tables name (the prefixes aside)."""
    return {row.slug for table in TABLES for row in table.rows if isinstance(row, Row)}


@dataclass
class Line:
    label: str
    slug: str
    params: dict
    number: int
    share: str
    url: str


@dataclass
class Read:
    key: str
    title: str
    lines: list[Line]


def _rows_of(table: Table) -> Iterator[Row]:
    for row in table.rows:
        if isinstance(row, SlugPrefix):
            for slug in sorted(FIGURES):
                if slug.startswith(row.prefix):
                    yield Row(FIGURES[slug].label, slug)
        else:
            yield row


def _offered(reading: Reading, row: Row) -> bool:
    figure = get_figure(row.slug)
    if figure is None:
        return False
    names = {p.name for p in figure.params}
    if not set(row.params) <= names:
        return False
    scope = reading.scope(figure)
    for name, code in row.params.items():
        if code not in {str(c) for c, _label in figure.param_named(name).choices(scope)}:
            return False
    return True


def figure_url(slug: str, params: dict, *, org, on: date, start: date) -> str:
    figure = get_figure(slug)
    query = {"org": org.pk, **params}
    if figure is not None and figure.timing == AS_OF:
        query["on"] = on.strftime("%d/%m/%Y")
    else:
        query.update({"from": start.strftime("%d/%m/%Y"), "to": on.strftime("%d/%m/%Y")})
    return f"{reverse('reports:figure', kwargs={'figure': slug})}?{urlencode(query)}"


def read_tables(org, *, on: date, start: date) -> list[Read]:
    """Every table read for `org`'s subtree: as-of figures on `on`, period figures over [start, on]."""
    reading = Reading(org, on=on, start=start)
    out = []
    for table in TABLES:
        lines = []
        for row in _rows_of(table):
            if not _offered(reading, row):
                continue
            figure = get_figure(row.slug)
            share = reading.percent(row.slug, **row.params) if figure.denominator else ""
            lines.append(
                Line(
                    label=str(row.label),
                    slug=row.slug,
                    params=row.params,
                    number=reading.value(row.slug, **row.params),
                    share=share,
                    url=figure_url(row.slug, row.params, org=org, on=on, start=start),
                )
            )
        if lines:
            out.append(Read(table.key, str(table.title), lines))
    return out
