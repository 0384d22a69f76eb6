"""The catalogue's figures in the API: any figure's value and its records, generically.

`/api/v1/figures` lists the catalogue; `/api/v1/figures/{slug}?org=&on=&from=&to=&param=` gives a
figure's number (with its denominator and percentage) and `/api/v1/figures/{slug}/records` its
records, both read through `coso.reports.catalogue` — the same definition as the pages and the
xlsx — for an organization in the caller's scope (404 otherwise). Parameters are passed by name
(`?gender=female`, `?cell=12&quarter=2025-Q2`) or, for a figure with one parameter, as `param=`.
A parameter value the figure does not offer is a 400 naming it.
"""

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Schema

from coso.reports.catalogue import Figure, Reading, UnknownParam, get_figure, record_out

RESERVED = {"org", "on", "from", "to", "param", "limit", "offset"}


class FigureParamOut(Schema):
    name: str = Field(description="Query parameter name.")
    label: str


class FigureColumnOut(Schema):
    key: str
    label: str


class FigureOut(Schema):
    slug: str = Field(description="Use it in /figures/{slug}.")
    label: str
    group: str
    app: str = Field(description="The area that registered the figure (reports, meetings, targets...).")
    timing: str = Field(description="`as_of` (read on `on`) or `period` (read over `from`..`to`).")
    params: list[FigureParamOut]
    denominator: str | None = Field(description="Slug of the figure that is this one's 100%, if any.")
    total: str | None = Field(description="When set, the value is the sum of this record column, not a count.")
    columns: list[FigureColumnOut] = Field(description="The columns of each record (as in the xlsx).")


class FigureValueOut(Schema):
    slug: str
    label: str
    app: str
    timing: str
    organization_id: int
    on: date | None = Field(description="The as-of date read (as-of figures).")
    start: date | None = Field(description="First day of the period read (period figures).")
    end: date | None = Field(description="Last day of the period read (period figures).")
    params: dict[str, str]
    value: int = Field(description="The number: the count of the records (or the sum of `total`).")
    denominator: str | None
    denominator_value: int | None
    percentage: str | None = Field(description="value / denominator_value, formatted as the pages show it.")


class FigureError(ValueError):
    """A request the figure cannot answer (an unknown parameter value): the API's 400."""


def figure_or_none(slug: str) -> Figure | None:
    return get_figure(slug)


def params_from(figure: Figure, reading: Reading, data: Mapping) -> dict[str, str]:
    """The figure's parameters from the query string; FigureError naming a value not offered."""
    raw = {name: data.get(name) for name in {p.name for p in figure.params} if data.get(name)}
    generic = data.get("param")
    if generic:
        if ":" in generic:
            name, _sep, value = generic.partition(":")
            raw[name] = value
        elif figure.param is not None:
            raw[figure.param.name] = generic
        else:
            raise FigureError(_("Pass the parameters of this figure by name (%(names)s).") % {
                "names": ", ".join(p.name for p in figure.params) or "—"
            })  # fmt: skip
    unknown = set(raw) - {p.name for p in figure.params}
    if unknown:
        raise FigureError(_("The figure has no parameter “%(name)s”.") % {"name": sorted(unknown)[0]})
    try:
        return figure.clean_params(reading.scope(figure), raw)
    except UnknownParam as exc:
        raise FigureError(
            _("The value “%(value)s” of “%(name)s” is not one this figure offers for that organization and date.")
            % {"value": raw.get(str(exc), ""), "name": str(exc)}
        ) from None


class Records(Sequence):
    """A figure's records as API dicts, only the page sent converted (for ninja's paginator)."""

    def __init__(self, figure: Figure, rows):
        self.figure = figure
        self.rows = rows if hasattr(rows, "query") else list(rows)

    def __len__(self) -> int:
        return self.rows.count() if hasattr(self.rows, "query") else len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [record_out(self.figure, obj) for obj in self.rows[index]]
        return record_out(self.figure, self.rows[index])
