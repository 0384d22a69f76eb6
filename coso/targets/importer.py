"""Importer of admission targets (`coso.imports.registry`): one row per grassroots organization and year.

Each row is checked by the targets service's own rules (`services.target_errors`: a grassroots
organization existing that year, a year in range, no negative target) and by the door
(`Action.TARGET_SET`: the level above sets a unit's target), then written through
`admission_target_set`, which creates or changes the target and writes its audit row. A target
already set for that organization and year is changed (the preview says so).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.accounts.scoping import may_at_path, scope
from coso.imports.columns import INT, ORG, Column, decision_columns
from coso.imports.registry import WriteConflict, WriteResult, register
from coso.imports.rows import OneSheetImporter, RowsPlan, SheetReader
from coso.organizations.models import GRASSROOTS_KINDS, Organization
from coso.targets.models import AdmissionTarget
from coso.targets.services import Decision, TargetRow, admission_targets_import, target_errors

SHEET_TARGETS = pgettext_lazy("import", "Admission targets")
BATCH = 500

TARGET_COLUMNS: list[Column] = [
    Column(
        "organization",
        pgettext_lazy("import", "Grassroots organization code"),
        ORG,
        True,
        example="C01",
        width=16,
    ),
    Column("year", pgettext_lazy("import", "Year"), INT, True, example=2025, width=8),
    Column(
        "target",
        pgettext_lazy("import", "Target (new members to admit)"),
        INT,
        True,
        example=5,
        width=14,
    ),
    *decision_columns("30-QĐ/HU", date(2025, 1, 10)),
    Column("note", pgettext_lazy("import", "Note"), width=24),
]


@dataclass
class TargetPlan(RowsPlan):
    organizations: dict[str, Organization] = field(default_factory=dict)
    replaced: int = 0  # targets already set that the file changes


class TargetsImporter(OneSheetImporter):
    kind = "admission_targets"
    label = gettext_lazy("Admission targets of grassroots organizations")
    template_name = "mau-nhap-chi-tieu-ket-nap.xlsx"
    order = 38
    columns = TARGET_COLUMNS
    sheet_title = SHEET_TARGETS

    def allowed_values(self, column, user):
        if column.key != "organization":
            return None
        qs = Organization.objects.filter(dissolved_on__isnull=True, kind__in=GRASSROOTS_KINDS)
        if user is not None:
            qs = scope(qs, user, action=Action.TARGET_SET)
        return list(qs.order_by("path").values_list("code", "name"))

    def validate(self, wb, *, user, progress) -> TargetPlan:
        plan = TargetPlan()
        reader = SheetReader(plan, SHEET_TARGETS, TARGET_COLUMNS)
        rows = reader.read(wb, progress)
        if rows is None:
            return plan
        bad: set[int] = set()

        def fail(row, key, reason):
            reader.fail(row, key, reason)
            bad.add(row.number)

        codes = sorted({r.values["organization"] for r in rows})
        orgs: dict[str, Organization] = {}
        for start in range(0, len(codes), BATCH):
            orgs.update({o.code: o for o in Organization.objects.filter(code__in=codes[start : start + BATCH])})
        plan.organizations = orgs
        seen: dict[tuple[str, int], int] = {}
        for row in rows:
            v = row.values
            org = orgs.get(v["organization"])
            if org is None:
                fail(row, "organization", _("No organization has this code."))
                continue
            if user is not None and not may_at_path(user, Action.TARGET_SET, org.path):
                fail(
                    row,
                    "organization",
                    _("Your role may not set the target of %(org)s: the level above it sets it.") % {"org": org.name},
                )
                continue
            key = (org.code, v["year"])
            if key in seen:
                fail(
                    row,
                    "year",
                    _("The target of this organization for %(year)d is already on row %(row)d of this file.")
                    % {"year": v["year"], "row": seen[key]},
                )
                continue
            seen[key] = row.number
            decision = Decision(number=v.get("decision_number") or "", signed_on=v.get("decision_date"))
            for key, reasons in target_errors(org, v["year"], v["target"], decision).items():
                for reason in reasons:
                    fail(row, key if key in reader.by_key else "organization", reason)
        if plan.ok:
            plan.rows = [r for r in rows if r.number not in bad]
            self._describe(plan)
        return plan

    def _describe(self, plan: TargetPlan) -> None:
        orgs = plan.organizations
        existing = set()
        ids = sorted({orgs[r.values["organization"]].pk for r in plan.rows})
        years = sorted({r.values["year"] for r in plan.rows})
        for start in range(0, len(ids), BATCH):
            existing.update(
                AdmissionTarget.objects.filter(
                    organization_id__in=ids[start : start + BATCH], year__in=years
                ).values_list("organization_id", "year")
            )
        plan.replaced = sum(1 for r in plan.rows if (orgs[r.values["organization"]].pk, r.values["year"]) in existing)
        plan.summary = {_("Admission targets"): len(plan.rows)}
        if plan.replaced:
            plan.summary[_("of which replacing a target already set")] = plan.replaced
        plan.summary[_("Admissions planned in all")] = sum(r.values["target"] for r in plan.rows)
        plan.set_preview(
            [_("Code"), _("Organization"), _("Year"), _("Target"), _("Decision")],
            (
                (
                    r.values["organization"],
                    orgs[r.values["organization"]].name,
                    r.values["year"],
                    r.values["target"],
                    r.values.get("decision_number") or "",
                )
                for r in plan.rows
            ),
        )

    def write(self, plan: TargetPlan, *, actor) -> WriteResult:
        rows = [
            TargetRow(
                organization=plan.organizations[r.values["organization"]],
                year=r.values["year"],
                target=r.values["target"],
                decision=Decision(
                    number=r.values.get("decision_number") or "",
                    signed_on=r.values.get("decision_date"),
                    issuer=r.values.get("decision_issuer") or "",
                ),
                note=r.values.get("note") or "",
            )
            for r in plan.rows
        ]
        try:
            created, changed = admission_targets_import(rows, actor=actor)
        except ValidationError as exc:
            raise WriteConflict(" ".join(exc.messages)) from exc
        return WriteResult(created=created, updated=changed)


register(TargetsImporter())
