"""The cadre work figures, registered in the figure catalogue (`coso.reports.catalogue`).

- `cadres-rotations`: rotations and transfers dated within the period whose origin or destination
  lies in the subtree (as the tree stood on the period's end), by direction — "30 cadres: 6 to
  communes, 12 between communes, 1 from a commune, 11 between boards of the same level".
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coso.cadres.models import Direction, Rotation
from coso.reports.catalogue import PERIOD, Column, Figure, Param, Scope, register

GROUP = _("Cadre work")


def _rotations(scope: Scope):
    inside = scope.subtree_org_ids()
    return Rotation.objects.filter(
        Q(to_organization_id__in=inside) | Q(from_organization_id__in=inside),
        on__gte=scope.period_start,
        on__lte=scope.end,
    )


register(
    Figure(
        slug="cadres-rotations",
        label=_("Cadres rotated or transferred"),
        group=GROUP,
        app="cadres",
        record_kind="rotation",
        record_label=_("rotations and transfers"),
        timing=PERIOD,
        records=_rotations,
        columns=(
            Column("name", _("Full name"), lambda r: r.cadre.full_name),
            Column("on", _("Date"), lambda r: r.on),
            Column("kind", pgettext_lazy("rotation", "Kind"), lambda r: r.get_kind_display()),
            Column("from", pgettext_lazy("rotation", "From"), lambda r: r.from_organization.name),
            Column("to", pgettext_lazy("rotation", "To"), lambda r: r.to_organization.name),
            Column("direction", _("Direction"), lambda r: r.get_direction_display()),
            Column("decision", _("Decision"), lambda r: r.decision_label),
        ),
        params=(
            Param(
                "direction",
                _("Direction"),
                lambda s: [(c, str(label)) for c, label in Direction.choices],
                key=lambda s: F("direction"),
            ),
        ),  # fmt: skip
        prepare=lambda qs, s: qs.select_related("cadre", "from_organization", "to_organization"),
    )
)
