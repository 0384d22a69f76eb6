"""Importer of quality ratings (`coso.imports.registry`) for the units that decide on paper.

A committee that held its review meeting and signed its decision on paper types the result into
one sheet: a row per member (by citizen ID) or per organization (by its code), with the period,
the level (or the score, under a scored rule set) and the decision (date, number, issuing body).

The check (`validate`) writes nothing. Each row must find the record of that period
(`Evaluation` by period and member, or by period and organization rated as an organization), in
an open campaign, inside the uploader's competence to decide (`Action.EVALUATION_DECIDE_MEMBER`
or `Action.EVALUATION_DECIDE_ORG`); the level and score are judged by the service's own
`check_rating` (score bands, discipline cap), so a bad row is named with its row, column and value.
The quota ("excellent" at most a share of "good" within one committee's decisions) is judged on the
whole file, group by group in the order the write will take them, with the service's message.

The write groups the rows by (campaign, decision date, number, issuer) and calls
`services.decide_many` once per group, all inside one transaction: the service checks everything
again and writes the audit rows; a refusal rolls the whole file back (`WriteConflict`).

A member's citizen ID is looked up among the members the uploader may see: outside them, a key is
simply unknown, so the file does not tell whether a person is on the register elsewhere.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coso.accounts.actions import Action
from coso.accounts.scoping import is_admin, may_on, scope
from coso.common.dates import today
from coso.common.text import fold, format_date
from coso.evaluation import queries, rules, services
from coso.evaluation.models import Evaluation, Grade, Stage, SubjectKind
from coso.imports.columns import CITIZEN_ID, CODE, ORG, TEXT, Column, code_set, decision_columns
from coso.imports.parsing import CellError, read_citizen_id
from coso.imports.registry import WriteConflict, WriteResult, register
from coso.imports.rows import OneSheetImporter, RowsPlan, SheetReader
from coso.members.models import Member
from coso.organizations.models import Organization

SHEET_RATINGS = pgettext_lazy("import", "Quality ratings")
BATCH = 500

#: The four levels as the import names them (the wording of QĐ 124-QĐ/TW), best first.
GRADE_CHOICES: tuple[tuple[str, object], ...] = (
    (Grade.EXCELLENT.value, pgettext_lazy("import", "Excellently completed duties")),
    (Grade.GOOD.value, pgettext_lazy("import", "Well completed duties")),
    (Grade.COMPLETED.value, pgettext_lazy("import", "Completed duties")),
    (Grade.NOT_COMPLETED.value, pgettext_lazy("import", "Did not complete duties")),
)
#: The Vietnamese names accepted whatever the catalogue says (they are the regulation's words).
VIETNAMESE_GRADES = {
    "Hoàn thành xuất sắc nhiệm vụ": Grade.EXCELLENT.value,
    "Hoàn thành tốt nhiệm vụ": Grade.GOOD.value,
    "Hoàn thành nhiệm vụ": Grade.COMPLETED.value,
    "Không hoàn thành nhiệm vụ": Grade.NOT_COMPLETED.value,
}

_DATE_REQUIRED = {"decision_date"}

RATING_COLUMNS: list[Column] = [
    Column(
        "period",
        pgettext_lazy("import", "Period"),
        TEXT,
        True,
        max_length=12,
        example="2024",
        width=10,
        note=pgettext_lazy("import", "The campaign's period: 2024 for a year, 2025-Q3 for a quarter."),
    ),
    Column(
        "citizen_id",
        pgettext_lazy("import", "Citizen ID"),
        CITIZEN_ID,
        example="001090012345",
        width=16,
        note=pgettext_lazy("import", "For a member's rating: 12 digits. Leave empty for an organization's rating."),
    ),
    Column(
        "organization",
        pgettext_lazy("import", "Organization code"),
        ORG,
        width=14,
        note=pgettext_lazy("import", "For an organization's rating. Leave empty for a member's rating."),
    ),
    Column(
        "full_name",
        pgettext_lazy("import", "Full name"),
        max_length=255,
        example="Nguyễn Văn An",
        width=24,
        note=pgettext_lazy("import", "The member's or the organization's name, checked against the register."),
    ),
    Column(
        "grade",
        pgettext_lazy("import", "Quality rating"),
        CODE,
        False,
        GRADE_CHOICES,
        example="good",
        width=28,
        note=pgettext_lazy(
            "import", "May be left empty where the rules in force score out of 100: the score gives it."
        ),
    ),
    Column(
        "score",
        pgettext_lazy("import", "Score"),
        max_length=10,
        width=8,
        note=pgettext_lazy("import", "Required when the rules in force score out of 100 (from 2025)."),
    ),
    *(
        replace(c, required=True) if c.key in _DATE_REQUIRED else c
        for c in decision_columns("15-QĐ/ĐU", date(2024, 12, 20))
    ),
]


def grade_codes():
    codes = code_set(GRADE_CHOICES)
    for name, code in VIETNAMESE_GRADES.items():
        codes.lookup.setdefault(fold(name), code)
    return codes


@dataclass
class Group:
    """The rows one paper decision covers: one `decide_many` call."""

    evaluations: list[Evaluation] = field(default_factory=list)
    decisions: list[services.Decision] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


@dataclass
class RatingsPlan(RowsPlan):
    # (campaign id, decision date, number, issuer) -> the group, in the order the write takes them
    groups: dict[tuple, Group] = field(default_factory=dict)
    changed: int = 0  # ratings already decided that the file changes


def _name(evaluation: Evaluation) -> str:
    return evaluation.member.full_name if evaluation.member_id else evaluation.organization.name


def _ids(values, batch=BATCH):
    values = sorted(values)
    for start in range(0, len(values), batch):
        yield values[start : start + batch]


class RatingsImporter(OneSheetImporter):
    kind = "evaluations"
    label = gettext_lazy("Quality ratings")
    template_name = "mau-nhap-xep-loai-chat-luong.xlsx"
    order = 60
    columns = RATING_COLUMNS
    sheet_title = SHEET_RATINGS

    def allowed_values(self, column, user):
        if column.key == "grade":
            return [(code, str(label)) for code, label in GRADE_CHOICES]
        if column.key != "organization":
            return None
        qs = Organization.objects.filter(dissolved_on__isnull=True)
        if user is not None:
            qs = scope(qs, user, action=Action.EVALUATION_DECIDE_ORG)
        return list(qs.order_by("path").values_list("code", "name"))

    # The check ----------------------------------------------------------------------------------

    def validate(self, wb, *, user, progress) -> RatingsPlan:
        plan = RatingsPlan()
        reader = SheetReader(plan, SHEET_RATINGS, RATING_COLUMNS, codes={"grade": grade_codes()})
        rows = reader.read(wb, progress)
        if rows is None:
            return plan
        bad: set[int] = set()

        def fail(row, key, reason, value=None):
            reader.fail(row, key, reason, value)
            bad.add(row.number)

        # Who each row names: a citizen ID or an organization code, exactly one of the two.
        for row in rows:
            v = row.values
            try:
                v["citizen_id"] = read_citizen_id(row.cells.get("citizen_id"))
            except CellError as exc:
                fail(row, "citizen_id", str(exc))
                continue
            if bool(v["citizen_id"]) == bool(v.get("organization")):
                fail(
                    row,
                    "citizen_id" if v["citizen_id"] else "organization",
                    _("Give the member's citizen ID or the organization's code: one of the two, not both."),
                )
        live = [r for r in rows if r.number not in bad]
        records = self._records(live, user)
        seen: dict[int, int] = {}  # evaluation id -> row
        now = today()
        checked: list[tuple] = []  # (row, evaluation, grade, score)
        for row in live:
            v = row.values
            e = self._find(row, records, user, fail)
            if e is None:
                continue
            if fold(v.get("full_name")) and fold(v["full_name"]) != fold(_name(e)):
                fail(row, "full_name", _("The register has “%(name)s” here.") % {"name": _name(e)})
                continue
            if e.pk in seen:
                fail(
                    row,
                    "citizen_id" if e.member_id else "organization",
                    _("The rating of %(name)s for %(period)s is already on row %(row)d of this file.")
                    % {"name": _name(e), "period": e.period_key, "row": seen[e.pk]},
                )
                continue
            seen[e.pk] = row.number
            campaign = e.campaign
            if not campaign.is_open:
                fail(
                    row,
                    "period",
                    _("The campaign %(campaign)s was closed on %(date)s: its records are read-only.")
                    % {"campaign": campaign, "date": format_date(campaign.closed_on)},
                )
                continue
            if not campaign.is_ready:
                fail(
                    row,
                    "period",
                    _("The records of campaign %(campaign)s are still being created.") % {"campaign": campaign},
                )
                continue
            if e.stage == Stage.NOT_RATED:
                fail(
                    row,
                    "grade",
                    _("%(name)s is not rated this period (%(reason)s).")
                    % {"name": _name(e), "reason": e.not_rated_reason},
                )
                continue
            on = v["decision_date"]
            if on < campaign.period_start:
                fail(
                    row,
                    "decision_date",
                    _("A decision for %(period)s is dated on or after %(date)s.")
                    % {"period": campaign.period_key, "date": format_date(campaign.period_start)},
                )
                continue
            if on > now:
                fail(row, "decision_date", _("The decision date cannot be in the future."))
                continue
            try:
                score = services.parse_score(v.get("score"))
                grade, score = services.check_rating(e, v["grade"], score)
            except ValidationError as exc:
                where = getattr(exc, "error_dict", {})
                key = "score" if "score" in where else "grade"
                for message in exc.messages:
                    fail(row, key, message)
                continue
            checked.append((row, e, grade, score))
        if plan.ok:
            self._group(plan, checked)
            self._quota(plan, reader)
        if plan.ok:
            plan.rows = [r for r in rows if r.number not in bad]
            self._describe(plan, checked)
        return plan

    def _records(self, rows, user) -> dict:
        """The records the rows may name, read in a few queries: {(period, "m", citizen id) or
        (period, "o", code): evaluation}, and which of the people and records the user may see."""
        periods = {r.values["period"] for r in rows}
        cids = {r.values["citizen_id"] for r in rows if r.values["citizen_id"]}
        codes = {r.values["organization"] for r in rows if not r.values["citizen_id"]}
        members: dict[str, Member] = {}
        for chunk in _ids(cids):
            members.update({m.citizen_id: m for m in Member.objects.filter(citizen_id__in=chunk)})
        orgs: dict[str, Organization] = {}
        for chunk in _ids(codes):
            orgs.update({o.code: o for o in Organization.objects.filter(code__in=chunk)})
        related = ("campaign__rule_set", "member", "organization", "deciding_committee")
        found: dict[tuple, Evaluation] = {}
        member_ids = {m.pk for m in members.values()}
        for chunk in _ids(member_ids):
            qs = Evaluation.objects.filter(period_key__in=periods, member_id__in=chunk).select_related(*related)
            for e in qs:
                found[(e.period_key, "m", e.member.citizen_id)] = e
        for chunk in _ids({o.pk for o in orgs.values()}):
            qs = Evaluation.objects.filter(
                period_key__in=periods, organization_id__in=chunk, subject_kind=SubjectKind.ORGANIZATION
            ).select_related(*related)
            for e in qs:
                found[(e.period_key, "o", e.organization.code)] = e
        visible_members, visible_records = member_ids, {e.pk for e in found.values()}
        if user is not None and not is_admin(user):
            visible_members, visible_records = set(), set()
            for chunk in _ids(member_ids):
                visible_members |= set(scope(Member.objects.filter(pk__in=chunk), user).values_list("pk", flat=True))
            for chunk in _ids({e.pk for e in found.values()}):
                visible_records |= set(
                    scope(Evaluation.objects.filter(pk__in=chunk), user).values_list("pk", flat=True)
                )
        return {
            "members": members,
            "orgs": orgs,
            "found": found,
            "visible_members": visible_members,
            "visible_records": visible_records,
        }

    def _find(self, row, records, user, fail) -> Evaluation | None:
        """The record a row names, in the user's competence; None (and the row's error) otherwise."""
        v = row.values
        period = v["period"]
        if v["citizen_id"]:
            member = records["members"].get(v["citizen_id"])
            e = records["found"].get((period, "m", v["citizen_id"]))
            seen = member is not None and (
                member.pk in records["visible_members"] or (e is not None and e.pk in records["visible_records"])
            )
            if not seen:
                fail(row, "citizen_id", _("No member with this citizen ID in the part of the register you can see."))
                return None
            if e is None:
                fail(
                    row,
                    "period",
                    _("%(name)s has no rating record for the period %(period)s.")
                    % {"name": member.full_name, "period": period},
                )
                return None
            if user is not None and not may_on(user, Action.EVALUATION_DECIDE_MEMBER, e):
                fail(
                    row,
                    "citizen_id",
                    _("Your role may not decide the rating of %(name)s: %(committee)s decides it.")
                    % {"name": member.full_name, "committee": e.deciding_committee.name},
                )
                return None
            return e
        org = records["orgs"].get(v["organization"])
        if org is None:
            fail(row, "organization", _("No organization has this code."))
            return None
        e = records["found"].get((period, "o", org.code))
        if e is None:
            fail(
                row,
                "period",
                _("%(name)s has no rating record for the period %(period)s.") % {"name": org.name, "period": period},
            )
            return None
        if user is not None and not may_on(user, Action.EVALUATION_DECIDE_ORG, e):
            fail(
                row,
                "organization",
                _("Your role may not decide the rating of %(name)s: %(committee)s decides it.")
                % {"name": org.name, "committee": e.deciding_committee.name},
            )
            return None
        return e

    def _group(self, plan: RatingsPlan, checked) -> None:
        """The rows by paper decision, ordered by date (then number and issuer), as written."""
        groups: dict[tuple, Group] = {}
        for row, e, grade, score in checked:
            v = row.values
            key = (
                e.campaign_id,
                v["decision_date"],
                (v.get("decision_number") or "").strip(),
                (v.get("decision_issuer") or "").strip(),
            )
            group = groups.setdefault(key, Group())
            group.evaluations.append(e)
            group.decisions.append(services.Decision(e.pk, grade, score))
            group.rows.append(row.number)
        plan.groups = {k: groups[k] for k in sorted(groups, key=lambda k: (k[1], k[0], k[2], k[3]))}

    def _quota(self, plan: RatingsPlan, reader: SheetReader) -> None:
        """The quota of each committee's decisions, judged call by call as `decide_many` will judge it."""
        current: dict[tuple, list[str]] = {}  # (committee, period, kind) -> decided grades, as the write goes
        for group in plan.groups.values():
            changes: dict[tuple, dict[int, tuple[str, str]]] = defaultdict(dict)
            named: dict[tuple, int] = {}  # the row an error names: the group's first "excellent"
            for e, d, number in zip(group.evaluations, group.decisions, group.rows, strict=True):
                key = (e.deciding_committee_id, e.period_key, e.subject_kind)
                if key not in current:
                    current[key] = queries.decided_grades(*key)
                changes[key][e.pk] = (e.grade, d.grade)
                if d.grade == Grade.EXCELLENT:
                    named.setdefault(key, number)
            for key, group_changes in changes.items():
                e = next(x for x in group.evaluations if x.pk in group_changes)
                state = rules.quota_after(current[key], group_changes, e.campaign.rule_set.values)
                if not state.ok:
                    number = named.get(key, group.rows[0])
                    plan.error(
                        reader.sheet_title,
                        number,
                        reader.by_key["grade"],
                        dict(GRADE_CHOICES)[Grade.EXCELLENT],
                        services.quota_message(e.deciding_committee.name, e.subject_kind, state),
                    )
                grades = current[key]
                for old, new in group_changes.values():
                    if old:
                        grades.remove(old)
                    grades.append(new)

    def _describe(self, plan: RatingsPlan, checked) -> None:
        members = sum(1 for _r, e, _g, _s in checked if e.member_id)
        plan.changed = sum(1 for _r, e, _g, _s in checked if e.grade)
        plan.summary = {_("Members' ratings"): members, _("Organizations' ratings"): len(checked) - members}
        if plan.changed:
            plan.summary[_("of which changing a rating already decided")] = plan.changed
        labels = dict(GRADE_CHOICES)
        plan.set_preview(
            [
                RATING_COLUMNS[0].header,
                _("Citizen ID or code"),
                _("Name"),
                _("Rating"),
                _("Score"),
                _("Decision"),
            ],
            (
                (
                    e.period_key,
                    e.member.citizen_id if e.member_id else e.organization.code,
                    _name(e),
                    labels[grade],
                    "" if score is None else score,
                    " ".join(
                        str(x)
                        for x in (row.values.get("decision_number"), format_date(row.values["decision_date"]))
                        if x
                    ),
                )
                for row, e, grade, score in checked
            ),
        )

    # The write ----------------------------------------------------------------------------------

    def write(self, plan: RatingsPlan, *, actor) -> WriteResult:
        decided = 0
        with transaction.atomic():
            for (_campaign_id, on, number, issuer), group in plan.groups.items():
                try:
                    done = services.decide_many(
                        group.evaluations[0].campaign,
                        group.decisions,
                        on=on,
                        decision_number=number,
                        decision_issuer=issuer,
                        actor=actor,
                    )
                except ValidationError as exc:
                    raise WriteConflict(" ".join(exc.messages)) from exc
                decided += len(done)
        return WriteResult(updated=decided)


register(RatingsImporter())
