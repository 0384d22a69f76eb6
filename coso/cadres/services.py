"""Writes of cadre work: cadres, the posts they hold, rotations and transfers (issue 10, groundwork).

Every service runs in a transaction and writes its audit row; a refusal writes nothing and names
the field, the post or the holder. The rules are `rules.py`: one holder at a time for a single
post, a rotation dated on or after the end of the previous post, the direction from the tiers of
the two units on the day of the move (the dated tree: a district's boards before 1/7/2025, the new
communes after).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.audit.services import audit_create, audit_update, snapshot
from coso.cadres import queries, rules
from coso.cadres.models import SINGLE_POSTS, Cadre, HowHeld, PostKind, PostSpell, Rotation
from coso.common.text import format_date
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.organizations.queries import version_on


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
