"""Importers of the organization tree and of residential units (`coso.imports.registry`).

A committee arrives with its tree in a spreadsheet: one row per organization, its parent named by
code — an organization already in the tree or one of the same file, in any row order. Rows are
checked as the establish form is (the kind rules in force on the date, `KindRule`; codes unique;
the parent active that day and in the part of the tree where the uploader may establish,
`Action.ORG_ESTABLISH`), ordered parents first, and written through `organization_establish`, which
records the decision and the audit rows as the form does. Residential units are written through
`residential_unit_create` (its placement in the commune from its date), under communes where the
uploader may edit units (`Action.UNIT_EDIT`).
"""

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.accounts.scoping import is_admin, may_at_path, scope
from coso.common.text import format_date
from coso.imports.columns import CODE, DATE, DATE_NOTE, ORG, TEXT, Column, code_set, decision_columns
from coso.imports.parsing import read_text
from coso.imports.registry import WriteConflict, WriteResult, register
from coso.imports.rows import OneSheetImporter, Row, RowsPlan, SheetReader, topological
from coso.organizations.models import Organization, OrganizationType, OrgKind, OrgVersion, ResidentialUnit
from coso.organizations.services import (
    Decision,
    NewOrganization,
    check_kind,
    kind_rules,
    organizations_establish_many,
    residential_unit_create,
)

SHEET_TREE = pgettext_lazy("import", "Party organizations")
SHEET_UNITS = pgettext_lazy("import", "Residential units")
BATCH = 500

DECISION_COLUMNS = decision_columns("12-QĐ/HU", date(2010, 1, 10))

TREE_COLUMNS: list[Column] = [
    Column("code", pgettext_lazy("import", "Code"), TEXT, True, max_length=40, example="C09", width=14),
    Column("name", pgettext_lazy("import", "Name"), TEXT, True, max_length=255, example="Đảng bộ xã Mẫu", width=30),
    Column(
        "kind",
        pgettext_lazy("import", "Kind of organization"),
        CODE,
        True,
        tuple(OrgKind.choices),
        example="grassroots_committee",
        width=24,
    ),
    Column(
        "org_type",
        pgettext_lazy("import", "Organization type"),
        CODE,
        True,
        example="commune",
        width=18,
        note=pgettext_lazy("import", "The code or the name of a type in the list of organization types."),
    ),
    Column(
        "parent",
        pgettext_lazy("import", "Parent organization code"),
        ORG,
        example="D01",
        width=16,
        note=pgettext_lazy(
            "import",
            "An organization already in the tree, or one on another row of this file (in any order). "
            "Empty: the top of the tree (administrators only).",
        ),
    ),
    Column(
        "established_on",
        pgettext_lazy("import", "Established on"),
        DATE,
        True,
        example=date(2010, 1, 15),
        width=14,
        note=DATE_NOTE,
    ),
    *DECISION_COLUMNS,
    Column("note", pgettext_lazy("import", "Note"), width=24),
]

UNIT_COLUMNS: list[Column] = [
    Column(
        "code", pgettext_lazy("import", "Residential unit code"), TEXT, True, max_length=40, example="TH09", width=14
    ),
    Column("name", pgettext_lazy("import", "Name"), TEXT, True, max_length=150, example="Thôn Mẫu", width=24),
    Column(
        "unit_kind",
        pgettext_lazy("import", "Kind of residential unit"),
        CODE,
        True,
        tuple(ResidentialUnit.UnitKind.choices),
        example="village",
        width=22,
    ),
    Column(
        "commune",
        pgettext_lazy("import", "Commune organization code"),
        ORG,
        True,
        example="C01",
        width=16,
        note=pgettext_lazy("import", "The organization of the commune, ward or special zone the unit belongs to."),
    ),
    Column(
        "established_on",
        pgettext_lazy("import", "Established on"),
        DATE,
        example=date(2000, 1, 1),
        width=14,
        note=pgettext_lazy("import", "Empty: the unit has always belonged to this commune."),
    ),
]


def _org_types():
    types = list(OrganizationType.objects.order_by("sort_order", "name"))
    return types, code_set([(t.code, t.name) for t in types], value={t.code: t for t in types}.get)


def _writable(qs, user, action):
    return qs if user is None else scope(qs, user, action=action)


def _allowed_orgs(user, action, **filters) -> list[tuple[str, str]]:
    qs = _writable(Organization.objects.filter(dissolved_on__isnull=True, **filters), user, action)
    return list(qs.order_by("path").values_list("code", "name"))


def _codes_taken(model, codes: set[str]) -> set[str]:
    taken: set[str] = set()
    ordered = sorted(codes)
    for start in range(0, len(ordered), BATCH):
        taken.update(model.objects.filter(code__in=ordered[start : start + BATCH]).values_list("code", flat=True))
    return taken


def _by_code(codes: set[str]) -> dict[str, Organization]:
    found: dict[str, Organization] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), BATCH):
        found.update(
            {
                o.code: o
                for o in Organization.objects.select_related("org_type").filter(code__in=ordered[start : start + BATCH])
            }
        )
    return found


def _decision(values: dict) -> Decision:
    return Decision(
        number=values.get("decision_number") or "",
        signed_on=values.get("decision_date"),
        issuer=values.get("decision_issuer") or "",
    )


# The tree ----------------------------------------------------------------------------------------


@dataclass
class TreePlan(RowsPlan):  # rows: parents first
    parents: dict[str, Organization] = field(default_factory=dict)  # existing parents by code


def _first_by_code(rows: list[Row], fail) -> dict[str, Row]:
    """The first row of each code in the file; a later row with the same code fails, naming the first."""
    in_file: dict[str, Row] = {}
    for row in rows:
        code = row.values["code"]
        if code in in_file:
            fail(row, "code", _("This code is already on row %(row)d of this file.") % {"row": in_file[code].number})
        else:
            in_file[code] = row
    return in_file


class TreeImporter(OneSheetImporter):
    kind = "org_tree"
    label = gettext_lazy("Organization tree (organizations and their parents)")
    template_name = "mau-nhap-cay-to-chuc.xlsx"
    order = 30
    columns = TREE_COLUMNS
    sheet_title = SHEET_TREE

    def allowed_values(self, column, user):
        if column.key == "org_type":
            types, _codes = _org_types()
            return [(t.code, t.name) for t in types]
        if column.key == "parent":
            return _allowed_orgs(user, Action.ORG_ESTABLISH)
        return None

    def validate(self, wb, *, user, progress) -> TreePlan:
        plan = TreePlan()
        _types, type_codes = _org_types()
        reader = SheetReader(plan, SHEET_TREE, TREE_COLUMNS, codes={"org_type": type_codes})
        rows = reader.read(wb, progress)
        if rows is None:
            return plan
        good = self._check(plan, reader, rows, user)
        if plan.ok:
            plan.rows = good
            self._describe(plan)
        return plan

    def _check(self, plan: TreePlan, reader: SheetReader, rows: list[Row], user) -> list[Row]:
        bad: set[int] = set()

        def fail(row, key, reason):
            reader.fail(row, key, reason)
            bad.add(row.number)

        in_file = _first_by_code(rows, fail)
        for code in sorted(_codes_taken(Organization, set(in_file))):
            fail(in_file[code], "code", _("The code %(code)s is already used.") % {"code": code})
        failed = {read_text(raw.cells.get("code")): raw.number for raw in reader.failed}
        wanted = {
            r.values["parent"]
            for r in rows
            if r.values.get("parent") and r.values["parent"] not in in_file and r.values["parent"] not in failed
        }
        existing = _by_code(wanted)
        plan.parents = existing
        versions = self._versions(existing.values())
        rules = kind_rules()
        may_root = user is None or is_admin(user)
        for row in rows:
            code, parent_code, on = row.values["code"], row.values.get("parent"), row.values["established_on"]
            if parent_code == code:
                fail(row, "parent", _("An organization cannot be its own parent (%(code)s).") % {"code": code})
                continue
            if not parent_code:
                if not may_root:
                    fail(
                        row, "parent", _("Only an administrator may establish an organization at the top of the tree.")
                    )
                    continue
                parent_kind = None
            elif parent_code in in_file:
                parent_row = in_file[parent_code]
                parent_kind = parent_row.values["kind"]
                if on < parent_row.values["established_on"]:
                    fail(
                        row,
                        "established_on",
                        _("Its parent %(code)s is established only on %(date)s (row %(row)d).")
                        % {
                            "code": parent_code,
                            "date": format_date(parent_row.values["established_on"]),
                            "row": parent_row.number,
                        },
                    )
            elif parent_code in existing:
                parent = existing[parent_code]
                parent_kind = parent.kind
                if not any(v.valid_from <= on and (v.valid_to is None or on < v.valid_to) for v in versions[parent.pk]):
                    fail(
                        row,
                        "parent",
                        _("%(org)s does not exist on %(date)s.") % {"org": parent.name, "date": format_date(on)},
                    )
                elif user is not None and not may_at_path(user, Action.ORG_ESTABLISH, parent.path):
                    fail(
                        row,
                        "parent",
                        _("%(code)s is outside the part of the tree where you may establish organizations.")
                        % {"code": parent_code},
                    )
            elif parent_code in failed:
                fail(
                    row,
                    "parent",
                    _("Its parent %(code)s (row %(row)d) has an error: correct that row first.")
                    % {"code": parent_code, "row": failed[parent_code]},
                )
                continue
            else:
                fail(
                    row,
                    "parent",
                    _("No organization has the code %(code)s, in the tree or in this file.") % {"code": parent_code},
                )
                continue
            try:
                parent_stub = SimpleNamespace(kind=parent_kind) if parent_kind else None
                check_kind(parent=parent_stub, kind=row.values["kind"], on=on, rules=rules)
            except ValidationError as exc:
                fail(row, "kind", " ".join(exc.messages))
            decided = row.values.get("decision_date")
            if decided and decided > on:
                fail(row, "decision_date", _("The decision date is after the date of establishment."))
        ordered, cycle = topological(
            rows, key=lambda r: r.values["code"], parent=lambda r: r.values.get("parent") or None
        )
        for row in cycle:
            if row.number in bad:
                continue
            loop = self._loop(row, in_file)
            fail(
                row,
                "parent",
                _("The parents of these rows go round in a circle: %(codes)s.") % {"codes": " → ".join(loop)},
            )
        # An organization under a row with an error cannot be checked as placed: say so, once. Each
        # new organization gets the path it will have (a stand-in segment for each new level), so
        # the door says whether the uploader may establish there, as it will for the form.
        placed_bad = {r.values["code"] for r in rows if r.number in bad}
        paths: dict[str, str] = {}
        for row in ordered:
            parent_code = row.values.get("parent")
            if parent_code in in_file:
                parent_path = paths.get(parent_code, "")
            else:
                parent_path = existing[parent_code].path if parent_code in existing else ""
            paths[row.values["code"]] = f"{parent_path}n{row.number:07d}/"
            if row.number in bad:
                continue
            if parent_code in placed_bad:
                bad.add(row.number)
                placed_bad.add(row.values["code"])
                reader.fail(
                    row,
                    "parent",
                    _("Its parent %(code)s (row %(row)d) has an error: correct that row first.")
                    % {"code": parent_code, "row": in_file[parent_code].number},
                )
            elif (
                parent_code in in_file and user is not None and not may_at_path(user, Action.ORG_ESTABLISH, parent_path)
            ):
                placed_bad.add(row.values["code"])
                fail(
                    row,
                    "parent",
                    _("%(code)s is outside the part of the tree where you may establish organizations.")
                    % {"code": parent_code},
                )
        plan.errors.sort(key=lambda e: e["row"] if e["row"] != "" else 0)
        return [r for r in ordered if r.number not in bad]

    @staticmethod
    def _loop(row: Row, in_file: dict[str, Row]) -> list[str]:
        seen: list[str] = []
        code = row.values["code"]
        while code in in_file and code not in seen:
            seen.append(code)
            code = in_file[code].values.get("parent")
        return [*seen, code] if code in seen else seen

    @staticmethod
    def _versions(orgs) -> dict[int, list[OrgVersion]]:
        found: dict[int, list[OrgVersion]] = {o.pk: [] for o in orgs}
        ids = sorted(found)
        for start in range(0, len(ids), BATCH):
            for v in OrgVersion.objects.filter(organization_id__in=ids[start : start + BATCH]):
                found[v.organization_id].append(v)
        return found

    def _describe(self, plan: TreePlan) -> None:
        with_decision = sum(1 for r in plan.rows if r.values.get("decision_number"))
        plan.summary = {_("Party organizations"): len(plan.rows), _("Establishment decisions"): len(plan.rows)}
        if 0 < with_decision < len(plan.rows):
            plan.summary[_("of which with a decision number")] = with_decision
        kinds = dict(OrgKind.choices)
        plan.set_preview(
            [
                _("Code"),
                _("Name"),
                _("Kind of organization"),
                _("Organization type"),
                _("Parent organization"),
                _("Established on"),
                _("Decision"),
            ],
            (
                (
                    r.values["code"],
                    r.values["name"],
                    kinds.get(r.values["kind"], r.values["kind"]),
                    r.values["org_type"].name,
                    r.values.get("parent") or "—",
                    r.values["established_on"],
                    r.values.get("decision_number") or "",
                )
                for r in plan.rows
            ),
        )

    def write(self, plan: TreePlan, *, actor) -> WriteResult:
        """Written through `organizations_establish_many` (the establish service's rules, in bulk)."""
        items: dict[str, NewOrganization] = {}
        for row in plan.rows:  # parents first
            v = row.values
            parent_code = v.get("parent")
            items[v["code"]] = NewOrganization(
                code=v["code"],
                name=v["name"],
                kind=v["kind"],
                org_type=v["org_type"],
                parent=items[parent_code] if parent_code in items else plan.parents.get(parent_code),
                on=v["established_on"],
                decision=_decision(v),
                note=v.get("note") or "",
            )
        try:
            made = organizations_establish_many(list(items.values()), actor=actor)
        except ValidationError as exc:
            raise WriteConflict(
                _("The tree can no longer be written as checked: %(reason)s") % {"reason": " ".join(exc.messages)}
            ) from exc
        return WriteResult(created=len(made))


# Residential units -------------------------------------------------------------------------------


@dataclass
class UnitPlan(RowsPlan):
    communes: dict[str, Organization] = field(default_factory=dict)


class UnitsImporter(OneSheetImporter):
    kind = "residential_units"
    label = gettext_lazy("Residential units (villages, neighbourhoods) of communes")
    template_name = "mau-nhap-thon-to-dan-pho.xlsx"
    order = 35
    columns = UNIT_COLUMNS
    sheet_title = SHEET_UNITS

    def allowed_values(self, column, user):
        if column.key == "commune":
            return _allowed_orgs(user, Action.UNIT_EDIT, org_type__is_commune_level=True)
        return None

    def validate(self, wb, *, user, progress) -> UnitPlan:
        plan = UnitPlan()
        reader = SheetReader(plan, SHEET_UNITS, UNIT_COLUMNS)
        rows = reader.read(wb, progress)
        if rows is None:
            return plan
        bad: set[int] = set()

        def fail(row, key, reason):
            reader.fail(row, key, reason)
            bad.add(row.number)

        in_file = _first_by_code(rows, fail)
        for code in sorted(_codes_taken(ResidentialUnit, set(in_file))):
            fail(in_file[code], "code", _("A residential unit with the code %(code)s already exists.") % {"code": code})
        communes = _by_code({r.values["commune"] for r in rows})
        plan.communes = communes
        for row in rows:
            commune, on = communes.get(row.values["commune"]), row.values.get("established_on")
            if commune is None:
                fail(row, "commune", _("No organization has this code."))
            elif not commune.org_type.is_commune_level:
                fail(row, "commune", _("Residential units belong to a commune, ward or special zone."))
            elif user is not None and not may_at_path(user, Action.UNIT_EDIT, commune.path):
                fail(row, "commune", _("This organization is outside the part of the tree you may update."))
            elif commune.dissolved_on is not None:
                fail(row, "commune", _("%(org)s has been dissolved.") % {"org": commune.name})
            elif on and on < commune.established_on:
                fail(
                    row,
                    "established_on",
                    _("%(org)s did not exist on %(date)s.") % {"org": commune.name, "date": format_date(on)},
                )
        plan.errors.sort(key=lambda e: e["row"] if e["row"] != "" else 0)
        if plan.ok:
            plan.rows = [r for r in rows if r.number not in bad]
            plan.summary = {_("Residential units"): len(plan.rows), _("Placements in a commune"): len(plan.rows)}
            kinds = dict(ResidentialUnit.UnitKind.choices)
            plan.set_preview(
                [_("Code"), _("Name"), _("Kind of residential unit"), _("Commune"), _("Since")],
                (
                    (
                        r.values["code"],
                        r.values["name"],
                        kinds.get(r.values["unit_kind"], r.values["unit_kind"]),
                        communes[r.values["commune"]].name,
                        r.values.get("established_on") or "—",
                    )
                    for r in plan.rows
                ),
            )
        return plan

    def write(self, plan: UnitPlan, *, actor) -> WriteResult:
        for row in plan.rows:
            v = row.values
            try:
                residential_unit_create(
                    commune=plan.communes[v["commune"]],
                    code=v["code"],
                    name=v["name"],
                    unit_kind=v["unit_kind"],
                    established_on=v.get("established_on"),
                    actor=actor,
                )
            except ValidationError as exc:
                raise WriteConflict(
                    _("Row %(row)d (%(code)s) can no longer be written: %(reason)s")
                    % {"row": row.number, "code": v["code"], "reason": " ".join(exc.messages)}
                ) from exc
        return WriteResult(created=len(plan.rows))


register(TreeImporter())
register(UnitsImporter())
