"""What the dashboard shows: the grouped counts laid out as blocks of entries, each a figure link.

Every entry carries the figure, its parameter and the query string of its list, so the template
cannot show a number that does not open its records (DESIGN.md idea 3).
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coso.common.text import format_date, format_percent
from coso.organizations.models import Organization, OrgKind
from coso.reports.figures import FIGURES, Figure
from coso.reports.queries import member_counts, organization_counts


@dataclass
class Entry:
    figure: Figure
    label: str
    value: int
    query: str
    share: str = ""
    emphasis: bool = False

    @property
    def url(self) -> str:
        return f"{reverse('reports:figure', kwargs={'figure': self.figure.slug})}?{self.query}"


@dataclass
class Block:
    key: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    chart: str = ""  # Chart.js type, or "" for a table only
    chart_entries: list[Entry] = field(default_factory=list)

    def chart_data(self) -> dict:
        entries = self.chart_entries or self.entries
        return {
            "type": self.chart,
            "labels": [e.label for e in entries],
            "values": [e.value for e in entries],
            "urls": [e.url for e in entries],
        }


def as_of_query(org: Organization, on: date, **params) -> str:
    return urlencode({"org": org.pk, "on": format_date(on), **params})


class _Builder:
    def __init__(self, org: Organization, on: date, members: dict, orgs: dict):
        self.org, self.on, self.members, self.orgs = org, on, members, orgs

    def entry(self, slug: str, value: str | None = None, *, label=None, base: int | None = None, emphasis=False):
        figure = FIGURES[slug]
        params = {figure.param.name: value} if figure.param else {}
        counts = self.members if slug.startswith("members_") else self.orgs
        number = figure.value_from(counts, params)
        if label is None:
            label = figure.param.label_for(value) if figure.param else figure.label
        return Entry(
            figure=figure,
            label=str(label),
            value=number,
            query=as_of_query(self.org, self.on, **params),
            share=format_percent(number, base) if base is not None else "",
            emphasis=emphasis,
        )

    def distribution(self, slug: str, codes, *, labels=None, base=None) -> list[Entry]:
        labels = labels or {}
        return [self.entry(slug, code, label=labels.get(code), base=base) for code in codes]


def build(org: Organization, on: date) -> dict:
    """The dashboard of `org`'s subtree on `on`: cards and blocks of figure entries."""
    members = member_counts(org, on)
    orgs = organization_counts(org, on)
    b = _Builder(org, on, members, orgs)
    total = members["total"]
    figure = FIGURES

    status = Block("status", str(_("Members by status")), chart="doughnut")
    status.entries = [
        b.entry("members_total", emphasis=True, base=total),
        b.entry("members_probationary", base=total),
        b.entry("members_official", base=total),
        b.entry("members_exempted", label=_("of which exempted from party work and activities"), base=total),
    ]
    status.chart_entries = status.entries[1:3]

    def codes_of(slug):
        return [code for code, _label in figure[slug].param.choices()]

    def present(counts: dict, choices: list[tuple[str, str]]) -> list[str]:
        order = [code for code, _label in choices if counts.get(code)]
        return sorted(order, key=lambda code: -counts[code])

    ethnicity_choices = figure["members_ethnicity"].param.choices()
    religion_choices = figure["members_religion"].param.choices()
    blocks = [
        status,
        Block(
            "gender",
            str(_("Members by gender")),
            b.distribution("members_gender", codes_of("members_gender"), base=total),
        ),
        Block(
            "age_band",
            str(_("Members by age")),
            b.distribution("members_age_band", codes_of("members_age_band"), base=total),
            chart="bar",
        ),
        Block(
            "ethnicity",
            str(_("Members by ethnicity")),
            [
                *b.distribution(
                    "members_ethnicity",
                    present(members["ethnicity"], ethnicity_choices),
                    labels=dict(ethnicity_choices),
                    base=total,
                ),
                b.entry("members_ethnic_minority", label=_("Ethnic minorities"), base=total, emphasis=True),
            ],
        ),
        Block(
            "religion",
            str(_("Members by religion")),
            [
                *b.distribution(
                    "members_religion",
                    present(members["religion"], religion_choices),
                    labels=dict(religion_choices),
                    base=total,
                ),
                b.entry("members_with_religion", label=_("Following a religion"), base=total, emphasis=True),
            ],
        ),
        Block(
            "general_education",
            str(_("General education")),
            b.distribution("members_general_education", codes_of("members_general_education"), base=total),
        ),
        Block(
            "professional_education",
            str(_("Professional education")),
            b.distribution("members_professional_education", codes_of("members_professional_education"), base=total),
        ),
        Block(
            "political_theory",
            str(_("Political theory")),
            b.distribution("members_political_theory", codes_of("members_political_theory"), base=total),
            chart="bar",
        ),
    ]

    grassroots = orgs["grassroots"]
    type_choices = figure["orgs_grassroots_type"].param.choices()
    org_blocks = [
        Block(
            "kind",
            str(_("Sub-units by kind")),
            b.distribution("orgs_kind", [k for k in OrgKind.values if k != OrgKind.PROVINCE]),
        ),
        Block(
            "grassroots",
            str(_("Grassroots organizations by type")),
            [
                b.entry("orgs_grassroots", emphasis=True),
                *b.distribution(
                    "orgs_grassroots_type",
                    present(orgs["grassroots_type"], type_choices),
                    labels=dict(type_choices),
                    base=grassroots,
                ),
                b.entry("orgs_below_grassroots", emphasis=True),
            ],
        ),
    ]
    units_total = orgs["units"]["total"]
    unit_block = Block(
        "units",
        str(_("Residential units")),
        [
            b.entry("units_total", emphasis=True),
            b.entry("units_without_member", base=units_total),
            b.entry("units_without_cell", base=units_total),
        ],
    )
    cards = [
        b.entry("members_total"),
        b.entry("members_probationary", base=total),
        b.entry("members_official", base=total),
        b.entry("orgs_grassroots"),
        b.entry("orgs_below_grassroots"),
        b.entry("units_without_member", base=units_total),
    ]
    charts = {block.key: block.chart_data() for block in blocks if block.chart}
    return {
        "cards": cards,
        "member_blocks": blocks,
        "org_blocks": org_blocks,
        "unit_block": unit_block,
        "charts": charts,
        "member_counts": members,
        "organization_counts": orgs,
    }
