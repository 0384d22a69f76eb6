"""The two importers of the register itself: members (with their first fact) and history facts.

They were the whole of the imports app before the registry; registered here like any other app's
importer, they keep their checks (`validation.Validator`) and their write (`services.write_plan`).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.imports.models import ImportKind
from coso.imports.parsing import count_rows as count_member_rows
from coso.imports.parsing import display
from coso.imports.registry import Importer, WriteConflict, WriteResult, register
from coso.imports.validation import Plan, validate_workbook
from coso.members.history import HistoryError


def _event_label(kind: str) -> str:
    from coso.members.choices import EventKind

    try:
        return str(EventKind(kind).label)
    except ValueError:
        return kind


class _RegisterImporter(Importer):
    def template(self, user) -> bytes:
        from coso.imports.workbooks import members_template

        return members_template(self.kind, user)

    def count_rows(self, wb, *, up_to=None) -> int:
        return count_member_rows(wb, self.kind, up_to=up_to)

    def validate(self, wb, *, user, progress) -> Plan:
        plan = validate_workbook(wb, kind=self.kind, user=user, progress=progress)
        if plan.ok:
            self._describe(plan)
        return plan

    def write(self, plan: Plan, *, actor) -> WriteResult:
        from coso.imports.services import write_plan

        try:
            created, updated = write_plan(plan, actor=actor)
        except HistoryError as exc:  # the register changed between checking and writing
            raise WriteConflict(exc.message) from exc
        return WriteResult(created=created, updated=updated)

    def _describe(self, plan: Plan) -> None:
        facts = sum(len(m.events) for m in plan.new_members) + sum(len(e) for e in plan.updates.values())
        summary = {}
        if plan.new_members:
            summary[_("New members")] = len(plan.new_members)
        if plan.updates:
            summary[_("Members on the register given new facts")] = len(plan.updates)
        summary[_("History facts")] = facts
        plan.summary = summary
        rows = []
        for item in plan.new_members:
            for event in item.events:
                member = item.member
                key = member.citizen_id or member.party_card_number or ""
                rows.append((event.on, member.full_name, display(member.date_of_birth), key, event))
        for events in plan.updates.values():
            for event in events:
                rows.append((event.on, "", "", _("on the register (ID %(id)s)") % {"id": event.member_id}, event))
        rows.sort(key=lambda r: r[0])
        plan.set_preview(
            [
                _("Full name"),
                _("Date of birth"),
                _("Citizen ID or party card number"),
                _("Fact"),
                _("Date"),
                _("Organization"),
            ],
            (
                (
                    name,
                    born,
                    key,
                    _event_label(event.kind),
                    event.on,
                    event.organization.code if event.organization_id else "",
                )
                for _on, name, born, key, event in rows
            ),
        )


class MembersImporter(_RegisterImporter):
    kind = ImportKind.MEMBERS.value
    label = gettext_lazy("Members (profiles and first fact)")
    template_name = "mau-nhap-dang-vien.xlsx"
    order = 10


class HistoryImporter(_RegisterImporter):
    kind = ImportKind.HISTORY.value
    label = gettext_lazy("History facts of members")
    template_name = "mau-nhap-lich-su-dang-vien.xlsx"
    order = 20


register(MembersImporter())
register(HistoryImporter())
