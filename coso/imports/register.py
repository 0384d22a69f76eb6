"""The cells a multi-sheet file names, with their dated versions and their members' spells, read once.

A ten-year meeting book or a class register names thousands of rows against a few hundred cells:
reading the tree and the register once, in chunks, lets each row be judged in memory, and a key is
looked up only among the members of the cells in the uploader's scope (no membership oracle).
"""

from collections import defaultdict
from datetime import date

from coso.accounts.actions import Action
from coso.accounts.scoping import scope
from coso.common.text import format_date
from coso.members.models import Member, MembershipSpell
from coso.organizations.models import CELL_KINDS, Organization, OrgVersion


class Register:
    """The file's cells with their dated versions, their members' spells, and the keys they answer to."""

    def __init__(self, codes: set[str], user, actions: tuple[Action, ...], *, with_members: bool = True):
        codes = sorted(c for c in codes if c)
        self.orgs: dict[str, Organization] = {}
        self.writable: set[int] = set()
        self.versions: dict[int, list[OrgVersion]] = defaultdict(list)
        for chunk in chunks(codes):
            orgs = list(Organization.objects.filter(code__in=chunk))
            self.orgs.update({o.code: o for o in orgs})
            qs = Organization.objects.filter(code__in=chunk)
            if user is not None:
                for action in actions:
                    qs = scope(qs, user, action=action)
            self.writable.update(qs.values_list("pk", flat=True))
            for version in OrgVersion.objects.filter(organization__in=orgs).order_by("valid_from"):
                self.versions[version.organization_id].append(version)
        self.spells: dict[tuple[int, int], list[MembershipSpell]] = defaultdict(list)
        self.names: dict[int, str] = {}
        self.keys: dict[str, int] = {}
        cells = [o.pk for o in self.orgs.values() if o.pk in self.writable and o.kind in CELL_KINDS]
        if not with_members:
            cells = []
        member_ids: set[int] = set()
        for chunk in chunks(cells):
            for spell in MembershipSpell.objects.filter(organization_id__in=chunk).order_by("valid_from"):
                self.spells[(spell.organization_id, spell.member_id)].append(spell)
                member_ids.add(spell.member_id)
        for chunk in chunks(sorted(member_ids)):
            for pk, name, cid, card in Member.objects.filter(pk__in=chunk).values_list(
                "pk", "full_name", "citizen_id", "party_card_number"
            ):
                self.names[pk] = name
                if cid:
                    self.keys[cid] = pk
                if card:
                    self.keys.setdefault(card, pk)

    def version_on(self, org: Organization, on: date) -> OrgVersion | None:
        for version in self.versions.get(org.pk, ()):
            if version.valid_from <= on and (version.valid_to is None or version.valid_to > on):
                return version
        return None

    def member(self, keys: list[str]) -> int | None:
        return next((self.keys[k] for k in keys if k in self.keys), None)

    def spell_on(self, cell: Organization, member_id: int, on: date, *, attached: bool | None = None):
        for spell in self.spells.get((cell.pk, member_id), ()):
            current = spell.valid_from <= on and (spell.valid_to is None or spell.valid_to > on)
            if current and (attached is None or spell.attached == attached):
                return spell
        return None

    def spells_text(self, cell: Organization, member_id: int) -> str:
        """When the member belonged to the cell, for the error that says the date is outside it."""
        parts = []
        for spell in self.spells.get((cell.pk, member_id), ()):
            end = format_date(spell.valid_to) if spell.valid_to else "…"
            parts.append(f"{format_date(spell.valid_from)} – {end}")
        return "; ".join(parts)


def chunks(items, size: int = 500):
    """Slices of `items` small enough for an `IN (...)` on every database the project runs on."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
