"""Importing post holders: who held which post of which organization, from when until when (issue 10).

A committee keeps its lists of office holders in spreadsheets, term by term: one row per post held.
The check applies what `cadres.services.post_assign` applies to one post at a time, for the whole
file at once and in a fixed number of queries; the write is two `bulk_create`s in one transaction,
audited in bulk (`import_posts`):

- the post's organization and the cadre's unit are inside the uploader's scope for cadre work
  (`Action.CADRE_MANAGE`, and `Action.IMPORT`); the organization existed on the post's first day;
- the cadre is a party member found by citizen ID or party card number among the members the
  uploader may manage, or a person who is not a member, found by full name, date of birth and unit
  code; a person not yet recorded as a cadre is created (once, however many rows name them);
- a post ends after it starts; a single post (`SINGLE_POSTS`: a secretary, a chair, the head of a
  board) has one holder at a time, against the posts already recorded and between the rows of the
  file; nobody holds the same post of the same organization twice at once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.accounts.scoping import scope
from coso.audit.services import audit_bulk_create
from coso.cadres import rules
from coso.cadres.models import SINGLE_POSTS, Cadre, HowHeld, PostKind, PostSpell
from coso.common.text import fold, format_date
from coso.imports.columns import CODE, DATE, DATE_NOTE, KEY, ORG, Column, decision_columns
from coso.imports.parsing import CellError
from coso.imports.register import Register, chunks
from coso.imports.registry import Importer, WriteResult, register
from coso.imports.sheets import SheetChecker, SheetsPlan, count_sheets_rows
from coso.imports.validation import Progress
from coso.imports.workbooks import sheets_template
from coso.members.models import Member

BATCH = 2000
SERVICE = "import_posts"
SHEET_POSTS = pgettext_lazy("import", "Posts held")

COLUMNS: list[Column] = [
    Column(
        "member_key",
        pgettext_lazy("import", "Citizen ID or party card number"),
        KEY,
        example="001090012345",
        width=18,
        note=pgettext_lazy("import", "For a party member. Empty for a cadre who is not a member."),
    ),
    Column(
        "full_name",
        pgettext_lazy("import", "Full name"),
        max_length=255,
        example="Nguyễn Văn An",
        width=24,
        note=pgettext_lazy("import", "Required for a cadre who is not a member, with the date of birth and unit."),
    ),
    Column("date_of_birth", pgettext_lazy("import", "Date of birth"), DATE, width=14, note=DATE_NOTE),
    Column(
        "unit",
        pgettext_lazy("import", "Cadre's unit code"),
        ORG,
        width=14,
        note=pgettext_lazy("import", "The unit the cadre belongs to; empty for a member: the member's organization."),
    ),
    Column("organization", pgettext_lazy("import", "Organization code"), ORG, True, example="C01", width=14),
    Column("kind", pgettext_lazy("import", "Post"), CODE, True, tuple(PostKind.choices), example="secretary", width=26),
    Column("title", pgettext_lazy("import", "Title as in the decision"), max_length=255, width=26),
    Column("term", pgettext_lazy("import", "Term"), max_length=20, example="2020-2025", width=12),
    Column(
        "how",
        pgettext_lazy("import", "How held"),
        CODE,
        choices=tuple(HowHeld.choices),
        example="elected",
        width=12,
        note=pgettext_lazy("import", "Empty: elected."),
    ),
    Column("election", pgettext_lazy("import", "Congress or election"), max_length=255, width=28),
    *decision_columns("15-QĐ/HU", date(2020, 7, 20)),
    Column("valid_from", pgettext_lazy("import", "Holds the post from"), DATE, True, example=date(2020, 7, 20)),
    Column(
        "valid_to",
        pgettext_lazy("import", "Holds the post until"),
        DATE,
        note=pgettext_lazy("import", "Empty: still held. The day the next holder may start."),
    ),
]


@dataclass
class Plan(SheetsPlan):
    cadres: list[Cadre] = field(default_factory=list)  # cadres the file creates
    posts: list[tuple[Cadre, PostSpell]] = field(default_factory=list)

    @property
    def rows_planned(self) -> int:
        return len(self.posts)


def posts_template(user) -> bytes:
    return sheets_template([(SHEET_POSTS, COLUMNS)], user, Action.CADRE_MANAGE)


def _span(start: date, end: date | None) -> str:
    return f"{format_date(start)} – {format_date(end) if end else _('now')}"


def _read(checker: SheetChecker, column: Column, raw):
    try:
        return checker._typed(column, raw)
    except CellError:  # reported with its row below
        return None


class Holders:
    """The members and cadres the file names, and the posts already recorded of its organizations."""

    def __init__(self, user, keys: set[str], unit_ids: set[int], org_ids: set[int]):
        self.members: dict[str, Member] = {}
        members = Member.objects.filter(Q(citizen_id__in=sorted(keys)) | Q(party_card_number__in=sorted(keys)))
        if user is not None:
            members = scope(members, user, action=Action.CADRE_MANAGE)
        for member in members.select_related("organization") if keys else ():
            for key in (member.citizen_id, member.party_card_number):
                if key:
                    self.members.setdefault(key, member)
        self.by_member: dict[int, Cadre] = {}
        ids = sorted({m.pk for m in self.members.values()})
        for chunk in chunks(ids):
            for cadre in Cadre.objects.filter(member_id__in=chunk):
                self.by_member[cadre.member_id] = cadre
        self.by_name: dict[tuple[int, str, date | None], list[Cadre]] = defaultdict(list)
        for chunk in chunks(sorted(unit_ids)):
            for cadre in Cadre.objects.filter(organization_id__in=chunk, member__isnull=True):
                self.by_name[(cadre.organization_id, fold(cadre.full_name), cadre.date_of_birth)].append(cadre)
        self.spells: dict[tuple[int, str], list[PostSpell]] = defaultdict(list)
        for chunk in chunks(sorted(org_ids)):
            for spell in PostSpell.objects.filter(organization_id__in=chunk).select_related("cadre"):
                self.spells[(spell.organization_id, spell.kind)].append(spell)


def validate_posts(wb, *, user, progress: Progress | None = None) -> Plan:
    """Check a file of post holders as a whole; the plan writes nothing yet."""
    progress = progress or Progress()
    plan = Plan(kind="posts")
    checker = SheetChecker(plan, user)
    sheets = checker.read(wb, [(SHEET_POSTS, COLUMNS, True)])
    if sheets is None:
        return plan
    (sheet,) = sheets
    progress.start(plan.total_rows)
    cols = {c.key: c for c in COLUMNS}
    codes, keys = set(), set()
    for row in sheet.rows:
        for key in ("organization", "unit"):
            codes.add(str(row.cells.get(key) or "").strip())
        keys.update(_read(checker, cols["member_key"], row.cells.get("member_key")) or ())
    register = Register(codes, user, (Action.IMPORT, Action.CADRE_MANAGE), with_members=False)
    writable = {o.pk for o in register.orgs.values() if o.pk in register.writable}
    holders = Holders(user, keys, writable, writable)
    new_cadres: dict[tuple, Cadre] = {}  # the cadres this file creates, by what identifies them
    # Posts of this file, by (organization, post): (row, cadre key, from, until, name).
    in_file: dict[tuple[int, str], list[tuple[int, object, date, date | None, str]]] = defaultdict(list)
    title = sheet.title
    for row in sheet.rows:
        values, bad = checker.values(sheet, row)
        n = row.number

        def fail(key, reason, n=n, row=row):
            plan.error(title, n, cols[key], row.cells.get(key), reason)

        org_code, unit_code = values.get("organization", ""), values.get("unit", "")
        org, unit = register.orgs.get(org_code), register.orgs.get(unit_code) if unit_code else None
        starts, ends = values.get("valid_from"), values.get("valid_to")
        if org_code and (org is None or org.pk not in writable):
            fail("organization", _("No organization with this code in the part of the tree where you may record this."))
            bad = True
        elif org is not None and starts and register.version_on(org, starts) is None:
            fail(
                "organization", _("%(org)s did not exist on %(date)s.") % {"org": org.name, "date": format_date(starts)}
            )
            bad = True
        if unit_code and (unit is None or unit.pk not in writable):
            fail("unit", _("No organization with this code in the part of the tree where you may record this."))
            bad = True
        if starts and ends and ends <= starts:
            fail("valid_to", _("A post ends after it starts (%(date)s).") % {"date": format_date(starts)})
            bad = True
        decided = values.get("decision_date")
        if decided and decided > checker.today:
            fail("decision_date", _("%(date)s is in the future.") % {"date": format_date(decided)})
            bad = True
        member_keys, name, born = (
            values.get("member_key") or [],
            values.get("full_name", ""),
            values.get("date_of_birth"),
        )
        cadre: Cadre | None = None
        if member_keys:
            member = next((holders.members[k] for k in member_keys if k in holders.members), None)
            if member is None:
                fail(
                    "member_key",
                    _(
                        "No member with this citizen ID or party card number in the part of the tree where you may record this."
                    ),
                )
                bad = True
            elif not bad:
                cadre = holders.by_member.get(member.pk) or new_cadres.get(("member", member.pk))
                if cadre is None:
                    cadre = Cadre(member=member, full_name=member.full_name, organization=unit or member.organization)
                    cadre.date_of_birth = member.date_of_birth
                    new_cadres[("member", member.pk)] = cadre
        else:
            missing = [k for k, v in (("full_name", name), ("date_of_birth", born), ("unit", unit_code)) if not v]
            for key in missing:
                fail(
                    key,
                    _(
                        "A cadre who is not a member is named by full name, date of birth and unit code: this is missing."
                    ),
                )
                bad = True
            if not bad:
                identity = (unit.pk, fold(name), born)
                found = holders.by_name.get(identity, [])
                if len(found) > 1:
                    fail("full_name", _("Several cadres of this unit have this name and date of birth."))
                    bad = True
                else:
                    cadre = found[0] if found else new_cadres.get(("name", *identity))
                    if cadre is None:
                        cadre = Cadre(full_name=name, date_of_birth=born, organization=unit)
                        new_cadres[("name", *identity)] = cadre
        if bad or cadre is None:
            continue
        kind = values["kind"]
        who = cadre.pk or id(cadre)  # a new cadre is told apart by the object the file builds
        label = PostKind(kind).label.lower()
        clash = None
        for spell in holders.spells.get((org.pk, kind), ()):
            if not rules.overlaps(spell.valid_from, spell.valid_to, starts, ends):
                continue
            if spell.cadre_id == cadre.pk:
                clash = _("%(name)s already holds this post %(span)s.") % {
                    "name": cadre.full_name,
                    "span": _span(spell.valid_from, spell.valid_to),
                }
            elif kind in SINGLE_POSTS:
                clash = _("%(org)s has one %(post)s at a time: %(name)s holds it %(span)s.") % {
                    "org": org.name,
                    "post": label,
                    "name": spell.cadre.full_name,
                    "span": _span(spell.valid_from, spell.valid_to),
                }
            if clash:
                break
        if clash is None:
            for other_row, other, o_from, o_to, other_name in in_file[(org.pk, kind)]:
                if not rules.overlaps(o_from, o_to, starts, ends):
                    continue
                if other == who:
                    clash = _("%(name)s already holds this post %(span)s, on row %(row)s of this file.") % {
                        "name": cadre.full_name,
                        "span": _span(o_from, o_to),
                        "row": other_row,
                    }
                elif kind in SINGLE_POSTS:
                    clash = _(
                        "%(org)s has one %(post)s at a time: row %(row)s of this file gives it to %(name)s %(span)s."
                    ) % {
                        "org": org.name,
                        "post": label,
                        "row": other_row,
                        "name": other_name,
                        "span": _span(o_from, o_to),
                    }
                if clash:
                    break
        if clash:
            fail("valid_from", clash)
            continue
        in_file[(org.pk, kind)].append((n, who, starts, ends, cadre.full_name))
        spell = PostSpell(
            organization=org,
            kind=kind,
            title=values.get("title", ""),
            term=values.get("term", ""),
            how=values.get("how") or HowHeld.ELECTED,
            election=values.get("election", ""),
            decision_number=values.get("decision_number", ""),
            decision_date=decided,
            decision_issuer=values.get("decision_issuer", ""),
            valid_from=starts,
            valid_to=ends,
        )
        plan.posts.append((cadre, spell))
        plan.show([cadre.full_name, org.code, PostKind(kind).label, values.get("term", ""), starts, ends])
    progress.advance(len(sheet.rows))
    if not plan.ok:
        plan.posts, plan.cadres = [], []
        return plan
    plan.cadres = list(new_cadres.values())
    plan.summary = {_("Posts held"): len(plan.posts)}
    if plan.cadres:
        plan.summary[_("New cadres")] = len(plan.cadres)
    plan.set_preview([_("Full name"), _("Code"), _("Post"), _("Term"), _("From"), _("Until")], plan.shown)
    return plan


@transaction.atomic
def write_posts(plan: Plan, *, actor) -> int:
    """Write a checked plan: the new cadres, then the posts they hold; all audited."""
    if not plan.ok:
        raise ValueError("A plan with errors is never written.")
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    for cadre in plan.cadres:
        cadre.created_at = cadre.updated_at = now
    Cadre.objects.bulk_create(plan.cadres, batch_size=BATCH)
    spells = []
    for cadre, spell in plan.posts:
        spell.cadre = cadre
        spell.recorded_by = user
        spell.created_at = spell.updated_at = now
        spells.append(spell)
    PostSpell.objects.bulk_create(spells, batch_size=BATCH)
    audit_bulk_create(actor=actor, objs=plan.cadres, service=SERVICE, subject_attr="member")
    audit_bulk_create(actor=actor, objs=spells, service=SERVICE, subject_attr="cadre")
    return len(spells)


class PostsImporter(Importer):
    kind = "posts"
    label = gettext_lazy("Post holders (cadres and the posts they hold)")
    template_name = "mau-nhap-chuc-vu-can-bo.xlsx"
    order = 45

    def template(self, user) -> bytes:
        return posts_template(user)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_sheets_rows(wb, (SHEET_POSTS,), up_to=up_to)

    def validate(self, wb, *, user, progress) -> Plan:
        return validate_posts(wb, user=user, progress=progress)

    def write(self, plan: Plan, *, actor) -> WriteResult:
        return WriteResult(created=write_posts(plan, actor=actor) + len(plan.cadres))


register(PostsImporter())
