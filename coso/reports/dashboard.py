"""What the dashboard shows: catalogue figures laid out as blocks of entries, each a figure link.

Every entry carries the figure, its parameter and the query string of its list, and its number and
percentage are read from the catalogue (`catalogue.Reading`: the count of the figure's own records,
the percentage over the denominator the figure names), so the template cannot show a number that
does not open exactly its records (DESIGN.md idea 3).
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coso.common.text import format_date
from coso.organizations.models import Organization, OrgKind
from coso.reports.catalogue import FIGURES, Figure, Reading
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
    def __init__(self, org: Organization, on: date, reading: Reading):
        self.org, self.on, self.reading = org, on, reading

    def entry(self, slug: str, value: str | None = None, *, label=None, share: bool = True, emphasis=False):
        figure = FIGURES[slug]
        params = {figure.param.name: value} if figure.param else {}
        number = self.reading.value(slug, **params)
        if label is None:
            label = figure.param.label_for(self.reading.scope(figure), value) if figure.param else figure.label
        return Entry(
            figure=figure,
            label=str(label),
            value=number,
            query=as_of_query(self.org, self.on, **params),
            share=self.reading.percent(slug, **params) if share and figure.denominator else "",
            emphasis=emphasis,
        )

    def distribution(self, slug: str, codes, *, labels=None, share: bool = True) -> list[Entry]:
        labels = labels or {}
        return [self.entry(slug, code, label=labels.get(code), share=share) for code in codes]


def build(org: Organization, on: date) -> dict:
    """The dashboard of `org`'s subtree on `on`: cards and blocks of figure entries."""
    reading = Reading(org, on=on)
    members = member_counts(org, on, reading=reading)
    orgs = organization_counts(org, on, reading=reading)
    b = _Builder(org, on, reading)
    figure = FIGURES

    status = Block("status", str(_("Members by status")), chart="doughnut")
    status.entries = [
        b.entry("members_total", emphasis=True),
        b.entry("members_probationary"),
        b.entry("members_official"),
        b.entry("members_exempted", label=_("of which exempted from party work and activities")),
    ]
    status.chart_entries = status.entries[1:3]

    def codes_of(slug):
        return [code for code, _label in figure[slug].param.choices(reading.scope(figure[slug]))]

    def present(counts: dict, choices: list[tuple[str, str]]) -> list[str]:
        order = [code for code, _label in choices if counts.get(code)]
        return sorted(order, key=lambda code: -counts[code])

    ethnicity_choices = figure["members_ethnicity"].param.choices(None)
    religion_choices = figure["members_religion"].param.choices(None)
    blocks = [
        status,
        Block(
            "gender",
            str(_("Members by gender")),
            b.distribution("members_gender", codes_of("members_gender")),
        ),
        Block(
            "age_band",
            str(_("Members by age")),
            b.distribution("members_age_band", codes_of("members_age_band")),
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
                ),
                b.entry("members_ethnic_minority", label=_("Ethnic minorities"), emphasis=True),
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
                ),
                b.entry("members_with_religion", label=_("Following a religion"), emphasis=True),
            ],
        ),
        Block(
            "general_education",
            str(_("General education")),
            b.distribution("members_general_education", codes_of("members_general_education")),
        ),
        Block(
            "professional_education",
            str(_("Professional education")),
            b.distribution("members_professional_education", codes_of("members_professional_education")),
        ),
        Block(
            "political_theory",
            str(_("Political theory")),
            b.distribution("members_political_theory", codes_of("members_political_theory")),
            chart="bar",
        ),
    ]

    type_choices = figure["orgs_grassroots_type"].param.choices(None)
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
                ),
                b.entry("orgs_below_grassroots", emphasis=True),
            ],
        ),
    ]
    unit_block = Block(
        "units",
        str(_("Residential units")),
        [
            b.entry("units_total", emphasis=True),
            b.entry("units_without_member"),
            b.entry("units_without_cell"),
        ],
    )
    cards = [
        b.entry("members_total", share=False),
        b.entry("members_probationary"),
        b.entry("members_official"),
        b.entry("orgs_grassroots"),
        b.entry("orgs_below_grassroots"),
        b.entry("units_without_member"),
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
