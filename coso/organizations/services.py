"""Writes to the organization tree: dated reorganizations that never rewrite the past.

Each public service records one `Reorganization` (the decision), closes the versions it changes on
the decision's date and opens new ones, moves members through their history (REORGANIZED facts),
and writes audit rows. Structural rules come from `KindRule` data in force on that date.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coso.audit.services import audit_bulk_create, audit_create, audit_update, snapshot
from coso.common.text import format_count, format_date
from coso.common.versions import lock_and_check
from coso.organizations.models import (
    KindRule,
    Organization,
    OrganizationType,
    OrgKind,
    OrgVersion,
    Reorganization,
    ResidentialUnit,
    UnitPlacement,
    path_segment,
)
from coso.organizations.queries import valid_on, version_on
from coso.organizations.rules import KindRuleRow, allowed_parent_kinds, kind_allowed


@dataclass
class Decision:
    number: str = ""
    signed_on: date | None = None
    issuer: str = ""


@dataclass
class SplitPart:
    """One receiving organization of a split, with what it takes from the source."""

    target: Organization
    member_ids: list[int] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)
    residential_unit_ids: list[int] = field(default_factory=list)


def kind_rules() -> list[KindRuleRow]:
    return [
        KindRuleRow(r.parent_kind, r.child_kind, r.valid_from, r.valid_to)
        for r in KindRule.objects.only("parent_kind", "child_kind", "valid_from", "valid_to")
    ]


def check_kind(*, parent: Organization | None, kind: str, on: date, rules: list[KindRuleRow] | None = None) -> None:
    """Refuse a `kind` under `parent` on `on`; `rules` read once by a caller checking many (an import)."""
    rules = kind_rules() if rules is None else rules
    if kind_allowed(parent_kind=parent.kind if parent else "", child_kind=kind, on=on, rules=rules):
        return
    kind_label = OrgKind(kind).label
    allowed = sorted(
        str(OrgKind(k).label) if k else _("the top of the tree")
        for k in allowed_parent_kinds(child_kind=kind, on=on, rules=rules)
    )
    where = OrgKind(parent.kind).label if parent else _("the top of the tree")
    raise ValidationError(
        {
            "parent": _("On %(date)s a %(kind)s cannot be placed under a %(where)s. Allowed: %(allowed)s.")
            % {"date": format_date(on), "kind": kind_label, "where": where, "allowed": ", ".join(allowed) or "—"}
        }
    )


def _reorganization(kind: str, on: date, decision: Decision | None, note: str, actor) -> Reorganization:
    decision = decision or Decision()
    reorg = Reorganization.objects.create(
        kind=kind,
        on=on,
        note=note,
        decision_number=decision.number,
        decision_date=decision.signed_on,
        decision_issuer=decision.issuer,
    )
    audit_create(actor=actor, obj=reorg, service=f"organization_{kind}")
    return reorg


def _open_version(org: Organization) -> OrgVersion:
    return org.versions.get(valid_to__isnull=True)


def _refresh_cache(orgs: list[Organization], actor, service: str) -> None:
    for org in orgs:
        before = snapshot(org)
        latest = org.versions.order_by("-valid_from").first()
        org.name, org.parent_id, org.path, org.depth = latest.name, latest.parent_id, latest.path, latest.depth
        org.version += 1
        org.save(update_fields=["name", "parent", "path", "depth", "version", "updated_at"])
        audit_update(actor=actor, obj=org, before=before, service=service)


def _guard_not_before_later_changes(version: OrgVersion, on: date) -> None:
    later = OrgVersion.objects.filter(path__startswith=version.path, valid_to__isnull=True).aggregate(
        m=Max("valid_from")
    )["m"]
    if later and on < later:
        raise ValidationError(
            {
                "on": _(
                    "%(org)s or a unit under it already changed on %(later)s; a reorganization cannot be dated "
                    "%(date)s, before it."
                )
                % {"org": version.name, "later": format_date(later), "date": format_date(on)}
            }
        )


#: What a stale reorganization form reports as changed meanwhile (`common.versions`).
STALE_FIELDS = ("name", "parent", "dissolved_on")
#: How many of the conflicting facts the refusal lists by name before saying "and N more".
LATER_FACTS_LISTED = 10


def _guard_no_later_member_facts(orgs: list[Organization], on: date, *, member_ids=None) -> None:
    """Refuse a reorganization dated before a later fact of a member it moves or whose organization it ends.

    Decision (issue 7, "data that cannot be lost"): refuse rather than carry the facts over. A
    REORGANIZED fact slid under later facts would change what they mean (a recognition decided in
    the old cell would read as decided in the new one), and a fact placing a member in an
    organization after its end would leave that member out of every count. The board either dates
    the reorganization on or after the last of these facts, or corrects the facts first. A move is
    not guarded: its members stay in their organization, only the organization's place changes.
    """
    from coso.members.queries import facts_after_in

    facts = list(facts_after_in(orgs, on, member_ids=member_ids)[: LATER_FACTS_LISTED + 1])
    if not facts:
        return
    total = len(facts)
    if total > LATER_FACTS_LISTED:
        total = facts_after_in(orgs, on, member_ids=member_ids).count()
    listed = "; ".join(
        f"{event.member.full_name} ({format_date(event.on)} — {event.get_kind_display()})"
        for event in facts[:LATER_FACTS_LISTED]
    )
    if total > LATER_FACTS_LISTED:
        listed += " " + _("and %(n)s more") % {"n": total - LATER_FACTS_LISTED}
    raise ValidationError(
        {
            "on": _(
                "A reorganization dated %(date)s of %(orgs)s would come before later facts of members concerned: "
                "%(facts)s. Date the reorganization on or after the last of these facts, or correct them first."
            )
            % {"date": format_date(on), "orgs": ", ".join(o.name for o in orgs), "facts": listed}
        }
    )


def _require_active(org: Organization, on: date) -> OrgVersion:
    version = version_on(org, on)
    if version is None:
        raise ValidationError(
            {"on": _("%(org)s does not exist on %(date)s.") % {"org": org.name, "date": format_date(on)}}
        )
    return version


def _replace_subtree(root: OrgVersion, on: date, reorg: Reorganization, *, new_parent=None, new_name=None) -> list[int]:
    """Close the open versions of `root`'s subtree on `on` and open new ones with the new place/name."""
    _guard_not_before_later_changes(root, on)
    if new_parent is not None:
        parent_version = _require_active(new_parent, on)
        new_root_path = parent_version.path + path_segment(root.organization_id)
        depth_shift = parent_version.depth + 1 - root.depth
    else:
        new_root_path, depth_shift = root.path, 0
    changed = []
    subtree = list(OrgVersion.objects.filter(path__startswith=root.path, valid_to__isnull=True))
    for version in subtree:
        is_root = version.organization_id == root.organization_id
        replacement = OrgVersion(
            organization_id=version.organization_id,
            parent_id=new_parent.pk if (is_root and new_parent is not None) else version.parent_id,
            name=new_name if (is_root and new_name) else version.name,
            path=new_root_path + version.path[len(root.path) :],
            depth=version.depth + depth_shift,
            valid_from=on,
            reorganization=reorg,
        )
        if version.valid_from == on:
            # Established (or last changed) the same day: nothing in between to keep.
            version.delete()
        else:
            version.valid_to = on
            version.save(update_fields=["valid_to", "updated_at"])
        replacement.save()
        changed.append(version.organization_id)
    return changed


@transaction.atomic
def organization_establish(
    *,
    code: str,
    name: str,
    kind: str,
    org_type: OrganizationType,
    parent: Organization | None,
    on: date,
    residential_unit: ResidentialUnit | None = None,
    decision: Decision | None = None,
    note: str = "",
    actor,
) -> Organization:
    """Establish a new organization under `parent` on `on` (QĐ 294-QĐ/TW rules in force that day)."""
    code = (code or "").strip()
    name = (name or "").strip()
    if not code:
        raise ValidationError({"code": _("The code is required.")})
    if not name:
        raise ValidationError({"name": _("The name is required.")})
    if Organization.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The code %(code)s is already used.") % {"code": code}})
    if kind not in OrgKind.values:
        raise ValidationError({"kind": _("Unknown kind of organization: %(kind)s.") % {"kind": kind}})
    check_kind(parent=parent, kind=kind, on=on)
    parent_version = _require_active(parent, on) if parent else None
    reorg = _reorganization(Reorganization.Kind.ESTABLISH, on, decision, note, actor)
    org = Organization.objects.create(
        code=code,
        name=name,
        kind=kind,
        org_type=org_type,
        established_on=on,
        residential_unit=residential_unit,
        parent=parent,
        path="",
        depth=(parent_version.depth + 1) if parent_version else 1,
    )
    org.path = (parent_version.path if parent_version else "") + path_segment(org.pk)
    org.save(update_fields=["path"])
    OrgVersion.objects.create(
        organization=org, parent=parent, name=name, path=org.path, depth=org.depth, valid_from=on, reorganization=reorg
    )
    reorg.targets.add(org)
    audit_create(actor=actor, obj=org, service="organization_establish")
    return org


@transaction.atomic
def organization_rename(
    *,
    organization: Organization,
    name: str,
    on: date,
    decision: Decision | None = None,
    note: str = "",
    version: int | None = None,
    actor,
) -> Reorganization:
    """Rename from `on`; `version` is the one the form was loaded with (a stale one is refused)."""
    lock_and_check(organization, version, fields=STALE_FIELDS)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The name is required.")})
    current = _open_version(organization)
    if current.name == name:
        raise ValidationError({"name": _("The organization already has this name.")})
    if on < current.valid_from:
        raise ValidationError(
            {
                "on": _("The date is before the organization's last change (%(d)s).")
                % {"d": format_date(current.valid_from)}
            }
        )
    reorg = _reorganization(Reorganization.Kind.RENAME, on, decision, note, actor)
    reorg.sources.add(organization)
    reorg.targets.add(organization)
    # Only the organization itself changes; its subtree keeps its versions.
    replacement = OrgVersion(
        organization=organization,
        parent_id=current.parent_id,
        name=name,
        path=current.path,
        depth=current.depth,
        valid_from=on,
        reorganization=reorg,
    )
    if current.valid_from == on:
        current.delete()
    else:
        current.valid_to = on
        current.save(update_fields=["valid_to", "updated_at"])
    replacement.save()
    _refresh_cache([organization], actor, "organization_rename")
    return reorg


def _move(organization: Organization, new_parent: Organization, on: date, reorg: Reorganization, actor) -> None:
    if new_parent.path.startswith(organization.path):
        raise ValidationError({"parent": _("An organization cannot be moved under itself or its own sub-units.")})
    check_kind(parent=new_parent, kind=organization.kind, on=on)
    current = _require_active(organization, on)
    if current.valid_to is not None:
        raise ValidationError(
            {"on": _("%(org)s changes again later; move it from its latest state.") % {"org": organization.name}}
        )
    changed = _replace_subtree(current, on, reorg, new_parent=new_parent)
    _refresh_cache(list(Organization.objects.filter(pk__in=changed)), actor, f"organization_{reorg.kind}")


@transaction.atomic
def organization_move(
    *,
    organization: Organization,
    new_parent: Organization,
    on: date,
    decision: Decision | None = None,
    note: str = "",
    version: int | None = None,
    actor,
) -> Reorganization:
    """Place an organization (with its whole subtree and members) under another parent from `on`.

    `version` is the one the form was loaded with (a stale one is refused, `common.versions`)."""
    lock_and_check(organization, version, fields=STALE_FIELDS)
    if organization.parent_id == new_parent.pk:
        raise ValidationError({"parent": _("The organization is already under %(org)s.") % {"org": new_parent.name}})
    reorg = _reorganization(Reorganization.Kind.MOVE, on, decision, note, actor)
    reorg.sources.add(organization)
    reorg.targets.add(new_parent)
    _move(organization, new_parent, on, reorg, actor)
    return reorg


def _dissolve(organization: Organization, on: date, reorg: Reorganization, actor) -> None:
    from coso.members.queries import spells_on

    current = _require_active(organization, on)
    if current.valid_to is not None:
        raise ValidationError(
            {"on": _("%(org)s changes again later; dissolve it from its latest state.") % {"org": organization.name}}
        )
    children = OrgVersion.objects.filter(valid_on(on), parent=organization).count()
    if children:
        raise ValidationError(
            {
                "organization": _("%(org)s still has %(n)s sub-units on %(date)s: move or dissolve them first.")
                % {"org": organization.name, "n": format_count(children), "date": format_date(on)}
            }
        )
    members = spells_on(on, attached=None).filter(organization=organization).count()
    if members:
        raise ValidationError(
            {
                "organization": _("%(org)s still has %(n)s members on %(date)s: transfer them first.")
                % {"org": organization.name, "n": format_count(members), "date": format_date(on)}
            }
        )
    if current.valid_from >= on:
        raise ValidationError({"on": _("The dissolution must come after the organization's last change.")})
    current.valid_to = on
    current.save(update_fields=["valid_to", "updated_at"])
    before = snapshot(organization)
    organization.dissolved_on = on
    organization.version += 1
    organization.save(update_fields=["dissolved_on", "version", "updated_at"])
    audit_update(actor=actor, obj=organization, before=before, service=f"organization_{reorg.kind}")


@transaction.atomic
def organization_dissolve(
    *,
    organization: Organization,
    on: date,
    decision: Decision | None = None,
    note: str = "",
    version: int | None = None,
    actor,
) -> Reorganization:
    """End `organization` on `on`; refused while it has sub-units or members then, or members' later facts.

    `version` is the one the form was loaded with (a stale one is refused, `common.versions`)."""
    lock_and_check(organization, version, fields=STALE_FIELDS)
    _guard_no_later_member_facts([organization], on)
    reorg = _reorganization(Reorganization.Kind.DISSOLVE, on, decision, note, actor)
    reorg.sources.add(organization)
    _dissolve(organization, on, reorg, actor)
    return reorg


def _transfer_contents(
    source: Organization,
    target: Organization,
    on: date,
    reorg: Reorganization,
    actor,
    *,
    member_ids=None,
    child_ids=None,
    unit_ids=None,
) -> None:
    from coso.members.services import members_move_for_reorganization

    children = OrgVersion.objects.filter(valid_on(on), parent=source).select_related("organization")
    if child_ids is not None:
        children = children.filter(organization_id__in=child_ids)
    for child in list(children):
        _move(child.organization, target, on, reorg, actor)
    members_move_for_reorganization(
        from_org=source, to_org=target, on=on, reorganization=reorg, actor=actor, member_ids=member_ids
    )
    units = ResidentialUnit.objects.filter(commune=source)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    for unit in units:
        _place_unit(unit, target, on, reorg)
        before = snapshot(unit)
        unit.commune = target
        unit.save(update_fields=["commune", "updated_at"])
        audit_update(actor=actor, obj=unit, before=before, service=f"organization_{reorg.kind}")


def _place_unit(unit: ResidentialUnit, commune: Organization, on: date, reorg: Reorganization) -> None:
    """Close the unit's open placement on `on` and open one in `commune` (the past keeps the old commune)."""
    current = unit.placements.filter(valid_to__isnull=True).first()
    if current is not None:
        if current.valid_from is not None and current.valid_from >= on:
            current.delete()
        else:
            current.valid_to = on
            current.save(update_fields=["valid_to", "updated_at"])
    UnitPlacement.objects.create(unit=unit, commune=commune, valid_from=on, reorganization=reorg)


@transaction.atomic
def organization_merge(
    *,
    sources: list[Organization],
    target: Organization,
    on: date,
    decision: Decision | None = None,
    note: str = "",
    version: int | None = None,
    actor,
) -> Reorganization:
    """Merge `sources` into `target`: their sub-units, members and residential units move, then they are dissolved.

    Refused when a member of a source has a fact dated after `on` (see `_guard_no_later_member_facts`).
    `version` is the target's version when the form was loaded (a stale one is refused).
    """
    lock_and_check(target, version, fields=STALE_FIELDS)
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        raise ValidationError(
            {"sources": _("Choose at least one organization to merge into %(org)s.") % {"org": target.name}}
        )
    _require_active(target, on)
    _guard_no_later_member_facts(sources, on)
    reorg = _reorganization(Reorganization.Kind.MERGE, on, decision, note, actor)
    reorg.sources.add(*sources)
    reorg.targets.add(target)
    for source in sources:
        _require_active(source, on)
        _transfer_contents(source, target, on, reorg, actor)
        source.refresh_from_db()
        _dissolve(source, on, reorg, actor)
    return reorg


@transaction.atomic
def organization_split(
    *,
    source: Organization,
    parts: list[SplitPart],
    on: date,
    dissolve_source: bool = True,
    decision: Decision | None = None,
    note: str = "",
    actor,
) -> Reorganization:
    """Split `source` into several: each part names what it receives; the source is dissolved if asked.

    Refused when a member the split moves (or, if the source is dissolved, any member of it) has a fact
    dated after `on` (see `_guard_no_later_member_facts`).
    """
    if len(parts) < 1:
        raise ValidationError({"parts": _("A split needs at least one receiving organization.")})
    _require_active(source, on)
    moved_ids = None if dissolve_source else [pk for part in parts for pk in part.member_ids]
    _guard_no_later_member_facts([source], on, member_ids=moved_ids)
    reorg = _reorganization(Reorganization.Kind.SPLIT, on, decision, note, actor)
    reorg.sources.add(source)
    for part in parts:
        _require_active(part.target, on)
        reorg.targets.add(part.target)
        _transfer_contents(
            source,
            part.target,
            on,
            reorg,
            actor,
            member_ids=part.member_ids,
            child_ids=part.child_ids,
            unit_ids=part.residential_unit_ids,
        )
    if dissolve_source:
        source.refresh_from_db()
        _dissolve(source, on, reorg, actor)
    return reorg


@transaction.atomic
def residential_unit_create(
    *, commune: Organization, code: str, name: str, unit_kind: str, established_on: date | None = None, actor
) -> ResidentialUnit:
    if not commune.org_type.is_commune_level:
        raise ValidationError({"commune": _("Residential units belong to a commune, ward or special zone.")})
    unit = ResidentialUnit(
        commune=commune, code=code.strip(), name=name.strip(), unit_kind=unit_kind, established_on=established_on
    )
    unit.full_clean()
    unit.save()
    UnitPlacement.objects.create(unit=unit, commune=commune, valid_from=established_on)
    audit_create(actor=actor, obj=unit, service="residential_unit_create")
    return unit


@dataclass
class NewOrganization:
    """One organization of `organizations_establish_many`; `parent` is on the tree or earlier in the list."""

    code: str
    name: str
    kind: str
    org_type: OrganizationType
    parent: "Organization | NewOrganization | None"
    on: date
    decision: Decision | None = None
    note: str = ""
    created: Organization | None = None


@transaction.atomic
def organizations_establish_many(items: list[NewOrganization], *, actor) -> list[Organization]:
    """Establish many organizations at once (an imported tree), parents listed before their children.

    The same rules as `organization_establish` — code unique, kind allowed under the parent's kind on
    the date (`KindRule`, read once), the parent existing that day — and the same rows: one
    establishing `Reorganization` per organization, its first `OrgVersion`, and the audit rows of
    both; written level by level in bulk (a tree of a thousand organizations arrives in one file).
    Refuses the whole list, nothing written, on the first organization that fails.
    """
    rules = kind_rules()
    codes = [item.code.strip() for item in items]
    taken = set()
    for start in range(0, len(codes), 500):
        taken.update(Organization.objects.filter(code__in=codes[start : start + 500]).values_list("code", flat=True))
    levels: dict[int, list[NewOrganization]] = {}
    level_of: dict[int, int] = {}
    for item in items:
        item.code, item.name = item.code.strip(), item.name.strip()
        if not item.code or not item.name:
            raise ValidationError(
                {"code": _("The code is required.")} if not item.code else {"name": _("The name is required.")}
            )
        if item.code in taken:
            raise ValidationError({"code": _("The code %(code)s is already used.") % {"code": item.code}})
        taken.add(item.code)
        parent = item.parent
        check_kind(parent=parent, kind=item.kind, on=item.on, rules=rules)
        if isinstance(parent, NewOrganization):
            if id(parent) not in level_of:
                raise ValueError("A parent must be listed before its children")
            if item.on < parent.on:
                raise ValidationError(
                    {
                        "on": _("%(org)s does not exist on %(date)s.")
                        % {"org": parent.name, "date": format_date(item.on)}
                    }
                )
            level = level_of[id(parent)] + 1
        else:
            if parent is not None:
                _require_active(parent, item.on)
            level = 0
        level_of[id(item)] = level
        levels.setdefault(level, []).append(item)
    for level in sorted(levels):
        batch = levels[level]
        reorgs = [
            Reorganization(
                kind=Reorganization.Kind.ESTABLISH,
                on=item.on,
                note=item.note,
                decision_number=(item.decision or Decision()).number,
                decision_date=(item.decision or Decision()).signed_on,
                decision_issuer=(item.decision or Decision()).issuer,
            )
            for item in batch
        ]
        Reorganization.objects.bulk_create(reorgs, batch_size=1000)
        orgs = []
        for item in batch:
            parent = item.parent.created if isinstance(item.parent, NewOrganization) else item.parent
            orgs.append(
                Organization(
                    code=item.code,
                    name=item.name,
                    kind=item.kind,
                    org_type=item.org_type,
                    established_on=item.on,
                    parent=parent,
                    path="",
                    depth=(parent.depth + 1) if parent else 1,
                )
            )
        Organization.objects.bulk_create(orgs, batch_size=1000)
        for item, org in zip(batch, orgs, strict=True):
            org.path = (org.parent.path if org.parent else "") + path_segment(org.pk)
            item.created = org
        Organization.objects.bulk_update(orgs, ["path"], batch_size=1000)
        OrgVersion.objects.bulk_create(
            [
                OrgVersion(
                    organization=org,
                    parent=org.parent,
                    name=org.name,
                    path=org.path,
                    depth=org.depth,
                    valid_from=org.established_on,
                    reorganization=reorg,
                )
                for org, reorg in zip(orgs, reorgs, strict=True)
            ],
            batch_size=1000,
        )
        through = Reorganization.targets.through
        through.objects.bulk_create(
            [through(reorganization_id=r.pk, organization_id=o.pk) for r, o in zip(reorgs, orgs, strict=True)],
            batch_size=1000,
        )
        audit_bulk_create(actor=actor, objs=reorgs, service="organization_establish")
        audit_bulk_create(actor=actor, objs=orgs, service="organization_establish")
    return [item.created for item in items]
