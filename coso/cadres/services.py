"""Writes of cadre work: cadres, the posts they hold, rotations and transfers (issue 10, groundwork).

Every service runs in a transaction and writes its audit row; a refusal writes nothing and names
the field, the post or the holder. The rules are `rules.py`: one holder at a time for a single
post, a rotation dated on or after the end of the previous post, the direction from the tiers of
the two units on the day of the move (the dated tree: a district's boards before 1/7/2025, the new
communes after).

Re-appointment when a term ends is `post_assign(how=HowHeld.APPOINTED)` dated on or after the end
of the previous spell (the same cadre may hold the same post again once the earlier spell ended).
Planning lists (QĐ 50-QĐ/TW 2021): `planning_add` / `planning_remove`; supervision assignments:
`supervision_assign` / `supervision_end`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.audit.services import audit_create, audit_update, snapshot
from coso.cadres import queries, rules
from coso.cadres.models import (
    SINGLE_POSTS,
    Cadre,
    HowHeld,
    PlanningEntry,
    PostKind,
    PostSpell,
    Rotation,
    SupervisionAssignment,
)
from coso.common.text import format_date
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.organizations.queries import valid_on, version_on


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _span(start: date, end: date | None) -> str:
    return f"{format_date(start)} – {format_date(end) if end else _('now')}"


@transaction.atomic
def cadre_create(
    *, full_name: str, organization: Organization, member: Member | None = None, date_of_birth=None, actor
) -> Cadre:
    """A person who holds posts; a party member is linked to the register (one cadre per member)."""
    name = (member.full_name if member and not (full_name or "").strip() else full_name or "").strip()
    if not name:
        raise ValidationError({"full_name": _("Enter the cadre's full name.")})
    if member is not None and Cadre.objects.filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s is already a cadre.") % {"name": member.full_name}})
    cadre = Cadre.objects.create(full_name=name, organization=organization, member=member, date_of_birth=date_of_birth)
    audit_create(actor=actor, obj=cadre, service="cadre_create", subject=member)
    return cadre


def _check_post(
    *, cadre: Cadre, organization: Organization, kind: str, valid_from: date, valid_to: date | None, exclude=None
) -> None:
    if kind not in PostKind.values:
        raise ValidationError({"kind": _("Unknown post: %(value)s.") % {"value": kind}})
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError(
            {"valid_to": _("A post ends after it starts (%(date)s).") % {"date": format_date(valid_from)}}
        )
    if version_on(organization, valid_from) is None:
        raise ValidationError(
            {
                "valid_from": _("%(org)s does not exist on %(date)s.")
                % {"org": organization.name, "date": format_date(valid_from)}
            }
        )
    others = queries.spells_of_post(organization, kind, exclude_pk=exclude).select_related("cadre")
    if kind in SINGLE_POSTS:
        for spell in others:
            if rules.overlaps(spell.valid_from, spell.valid_to, valid_from, valid_to):
                raise ValidationError(
                    {
                        "valid_from": _("%(org)s has one %(post)s at a time: %(name)s holds it %(span)s.")
                        % {
                            "org": organization.name,
                            "post": PostKind(kind).label.lower(),
                            "name": spell.cadre.full_name,
                            "span": _span(spell.valid_from, spell.valid_to),
                        }
                    }
                )
    for spell in others.filter(cadre=cadre):
        if rules.overlaps(spell.valid_from, spell.valid_to, valid_from, valid_to):
            raise ValidationError(
                {
                    "valid_from": _("%(name)s already holds this post %(span)s.")
                    % {"name": cadre.full_name, "span": _span(spell.valid_from, spell.valid_to)}
                }
            )


@transaction.atomic
def post_assign(
    *,
    cadre: Cadre,
    organization: Organization,
    kind: str,
    valid_from: date,
    valid_to: date | None = None,
    title: str = "",
    term: str = "",
    how: str = HowHeld.ELECTED,
    election: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    actor,
) -> PostSpell:
    """A post held from `valid_from` (elected by a congress, or appointed by a decision)."""
    if how not in HowHeld.values:
        raise ValidationError({"how": _("Unknown way of holding a post: %(value)s.") % {"value": how}})
    _check_post(cadre=cadre, organization=organization, kind=kind, valid_from=valid_from, valid_to=valid_to)
    spell = PostSpell.objects.create(
        cadre=cadre, organization=organization, kind=kind, valid_from=valid_from, valid_to=valid_to,
        title=(title or "").strip(), term=(term or "").strip(), how=how, election=(election or "").strip(),
        decision_number=decision_number, decision_date=decision_date, decision_issuer=decision_issuer,
        recorded_by=_user(actor),
    )  # fmt: skip
    audit_create(actor=actor, obj=spell, service="post_assign", subject=cadre)
    return spell


@transaction.atomic
def post_end(*, spell: PostSpell, on: date, actor) -> PostSpell:
    """The post is left on `on` (the next holder may start that day)."""
    spell = PostSpell.objects.select_for_update().get(pk=spell.pk)
    if on <= spell.valid_from:
        raise ValidationError(
            {"on": _("A post ends after it starts (%(date)s).") % {"date": format_date(spell.valid_from)}}
        )
    if spell.valid_to is not None and spell.valid_to <= on:
        raise ValidationError({"on": _("This post already ended on %(date)s.") % {"date": format_date(spell.valid_to)}})
    before = snapshot(spell)
    spell.valid_to = on
    spell.save(update_fields=["valid_to", "updated_at"])
    audit_update(actor=actor, obj=spell, before=before, service="post_end")
    return spell


@transaction.atomic
def cadre_rotate(
    *,
    cadre: Cadre,
    from_post: PostSpell,
    to_organization: Organization,
    to_kind: str,
    on: date,
    kind: str = Rotation.Kind.ROTATION,
    title: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    actor,
) -> Rotation:
    """Move a cadre from a post to another unit's post on `on`: the first ends, the second starts.

    Refused when the previous post ended after `on` (a rotation cannot start before it); an open
    previous post is ended on `on`. The direction is read from the tiers of the two units that day.
    """
    if from_post.cadre_id != cadre.pk:
        raise ValidationError({"from_post": _("This post is not %(name)s's.") % {"name": cadre.full_name}})
    if kind not in Rotation.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of move: %(value)s.") % {"value": kind}})
    if on <= from_post.valid_from:
        raise ValidationError(
            {
                "on": _("A move follows the start of the previous post (%(date)s).")
                % {"date": format_date(from_post.valid_from)}
            }
        )
    if from_post.valid_to is not None and rules.rotation_too_early(from_post.valid_to, on):
        raise ValidationError(
            {
                "on": _("The previous post ends on %(end)s: a move cannot start on %(date)s, before it.")
                % {"end": format_date(from_post.valid_to), "date": format_date(on)}
            }
        )
    if from_post.valid_to is None:
        post_end(spell=from_post, on=on, actor=actor)
    decision = {"decision_number": decision_number, "decision_date": decision_date, "decision_issuer": decision_issuer}
    to_post = post_assign(
        cadre=cadre, organization=to_organization, kind=to_kind, valid_from=on, title=title, how=HowHeld.APPOINTED,
        actor=actor, **decision,
    )  # fmt: skip
    rotation = Rotation.objects.create(
        cadre=cadre, kind=kind, on=on, from_organization=from_post.organization, to_organization=to_organization,
        from_post=from_post, to_post=to_post,
        direction=rules.direction(queries.tier_on(from_post.organization, on), queries.tier_on(to_organization, on)),
        **decision,
    )  # fmt: skip
    audit_create(actor=actor, obj=rotation, service="cadre_rotate", subject=cadre)
    return rotation


@transaction.atomic
def cadre_update(
    *,
    cadre: Cadre,
    full_name: str,
    organization: Organization,
    date_of_birth: date | None = None,
    note: str = "",
    actor,
) -> Cadre:
    """Correct a cadre's name, unit, date of birth or note (a member's name stays the register's)."""
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    name = (full_name or "").strip()
    if not name:
        raise ValidationError({"full_name": _("Enter the cadre's full name.")})
    if cadre.member_id and name != cadre.member.full_name:
        raise ValidationError(
            {
                "full_name": _("%(name)s is a party member: correct the name in the member register.")
                % {"name": cadre.member.full_name}
            }
        )
    before = snapshot(cadre)
    cadre.full_name, cadre.organization, cadre.date_of_birth = name, organization, date_of_birth
    cadre.note = note or ""
    cadre.save(update_fields=["full_name", "organization", "date_of_birth", "note", "updated_at"])
    audit_update(actor=actor, obj=cadre, before=before, service="cadre_update")
    return cadre


# Planning lists ----------------------------------------------------------------------------------


@transaction.atomic
def planning_add(
    *,
    cadre: Cadre,
    organization: Organization,
    kind: str,
    term: str,
    added_on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    actor,
) -> PlanningEntry:
    """Plan `cadre` for a post of `organization` for a term from `added_on` (QĐ 50-QĐ/TW 2021):
    refused while the cadre is already planned for the same post and term."""
    if kind not in PostKind.values:
        raise ValidationError({"kind": _("Unknown post: %(value)s.") % {"value": kind}})
    term = (term or "").strip()
    if not term:
        raise ValidationError({"term": _("Enter the term of the planning list, for example 2025-2030.")})
    if version_on(organization, added_on) is None:
        raise ValidationError(
            {
                "added_on": _("%(org)s does not exist on %(date)s.")
                % {"org": organization.name, "date": format_date(added_on)}
            }
        )
    same = PlanningEntry.objects.select_for_update().filter(
        cadre=cadre, organization=organization, kind=kind, term=term
    )
    found = rules.planned_twice(same.values_list("added_on", "removed_on"), added_on)
    if found is not None:
        raise ValidationError(
            {
                "cadre": _("%(name)s is already planned for %(post)s of %(org)s for %(term)s (%(span)s).")
                % {
                    "name": cadre.full_name,
                    "post": PostKind(kind).label.lower(),
                    "org": organization.name,
                    "term": term,
                    "span": _span(*found),
                }
            }
        )
    entry = PlanningEntry.objects.create(
        cadre=cadre, organization=organization, kind=kind, term=term, added_on=added_on,
        decision_number=(decision_number or "").strip(), decision_date=decision_date,
        decision_issuer=(decision_issuer or "").strip(),
    )  # fmt: skip
    audit_create(actor=actor, obj=entry, service="planning_add", subject=cadre)
    return entry


@transaction.atomic
def planning_remove(
    *, entry: PlanningEntry, removed_on: date, removal_decision: str = "", reason: str = "", actor
) -> PlanningEntry:
    """Take a cadre off a planning list on `removed_on` (the yearly review), with its decision."""
    entry = PlanningEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_on is not None:
        raise ValidationError(
            {"removed_on": _("This entry was already removed on %(date)s.") % {"date": format_date(entry.removed_on)}}
        )
    if rules.removal_too_early(entry.added_on, removed_on):
        raise ValidationError(
            {"removed_on": _("A removal follows the addition (%(date)s).") % {"date": format_date(entry.added_on)}}
        )
    before = snapshot(entry)
    entry.removed_on = removed_on
    entry.removal_decision = (removal_decision or "").strip()
    entry.removal_reason = (reason or "").strip()
    entry.save(update_fields=["removed_on", "removal_decision", "removal_reason", "updated_at"])
    audit_update(actor=actor, obj=entry, before=before, service="planning_remove")
    return entry


# Supervision assignments -------------------------------------------------------------------------


@transaction.atomic
def supervision_assign(
    *,
    cadre: Cadre,
    committee: Organization,
    supervised: Organization,
    valid_from: date,
    valid_to: date | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    actor,
) -> SupervisionAssignment:
    """Assign a committee member of `committee` to follow `supervised` from `valid_from`.

    The organization lies strictly inside the committee's subtree on that day; the cadre holds a
    committee post of the committee that day (`rules.COMMITTEE_POSTS`); one assignment per cadre
    and organization at a time.
    """
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError(
            {"valid_to": _("An assignment ends after it starts (%(date)s).") % {"date": format_date(valid_from)}}
        )
    committee_version = version_on(committee, valid_from)
    if committee_version is None:
        raise ValidationError(
            {
                "valid_from": _("%(org)s does not exist on %(date)s.")
                % {"org": committee.name, "date": format_date(valid_from)}
            }
        )
    supervised_version = version_on(supervised, valid_from)
    if supervised_version is None or not rules.strictly_inside(committee_version.path, supervised_version.path):
        raise ValidationError(
            {
                "supervised": _("%(org)s is not under %(committee)s on %(date)s.")
                % {"org": supervised.name, "committee": committee.name, "date": format_date(valid_from)}
            }
        )
    kinds = PostSpell.objects.filter(valid_on(valid_from), cadre=cadre, organization=committee).values_list(
        "kind", flat=True
    )
    if not rules.holds_committee_post(kinds):
        raise ValidationError(
            {
                "cadre": _("%(name)s holds no post of the committee of %(org)s on %(date)s.")
                % {"name": cadre.full_name, "org": committee.name, "date": format_date(valid_from)}
            }
        )
    same = SupervisionAssignment.objects.select_for_update().filter(cadre=cadre, supervised=supervised)
    found = rules.clash(same.values_list("valid_from", "valid_to"), valid_from, valid_to)
    if found is not None:
        raise ValidationError(
            {
                "valid_from": _("%(name)s already follows %(org)s %(span)s.")
                % {"name": cadre.full_name, "org": supervised.name, "span": _span(*found)}
            }
        )
    assignment = SupervisionAssignment.objects.create(
        cadre=cadre, committee=committee, supervised=supervised, valid_from=valid_from, valid_to=valid_to,
        decision_number=(decision_number or "").strip(), decision_date=decision_date,
        decision_issuer=(decision_issuer or "").strip(),
    )  # fmt: skip
    audit_create(actor=actor, obj=assignment, service="supervision_assign", subject=cadre)
    return assignment


@transaction.atomic
def supervision_end(*, assignment: SupervisionAssignment, on: date, actor) -> SupervisionAssignment:
    """The assignment ends on `on` (another member may follow the organization from that day)."""
    assignment = SupervisionAssignment.objects.select_for_update().get(pk=assignment.pk)
    if on <= assignment.valid_from:
        raise ValidationError(
            {"on": _("An assignment ends after it starts (%(date)s).") % {"date": format_date(assignment.valid_from)}}
        )
    if assignment.valid_to is not None and assignment.valid_to <= on:
        raise ValidationError(
            {"on": _("This assignment already ended on %(date)s.") % {"date": format_date(assignment.valid_to)}}
        )
    before = snapshot(assignment)
    assignment.valid_to = on
    assignment.save(update_fields=["valid_to", "updated_at"])
    audit_update(actor=actor, obj=assignment, before=before, service="supervision_end")
    return assignment
