"""Reads of the admission pipeline: the facts the rules judge, the board by stage, the worklist.

Every list starts from `accounts.scoping.scope`, so a user sees the candidates of their subtree.
Deadlines are computed with the rule set in force on the date of the event that starts them
(cell resolution → decision, decision → ceremony, ceremony → probation end → recognition vote).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from coso.accounts.actions import Action
from coso.accounts.scoping import scope
from coso.admission import rules
from coso.admission.models import BEFORE_VOTE_STAGES, Candidate, Stage
from coso.members.choices import EventKind, SpellStatus
from coso.members.history import LEAVING_STATUSES
from coso.members.models import Member, MemberEvent, MembershipSpell
from coso.members.queries import spells_on, subtree_spells
from coso.organizations.models import CELL_KINDS, Organization, OrgKind
from coso.organizations.queries import ancestors, in_subtree_now, valid_on
from coso.rulesets.calendar import Calendar, CalendarNotCovered
from coso.rulesets.models import RuleSet, Topic
from coso.rulesets.queries import NoRuleSet, rules_in_force
from coso.training.models import ClassKind, ClassStudent, Result, TrainingClass

LEAVING_KINDS = (EventKind.REMOVED, EventKind.EXPELLED, EventKind.LEFT, EventKind.NOT_RECOGNIZED)


# The rule sets, loaded once per request ---------------------------------------------------------


@dataclass(frozen=True)
class RuleBook:
    effective_from: date
    values: dict
    regulation: str


def rule_book(on: date) -> RuleBook:
    """The admission rule set in force on `on` (raises NoRuleSet when none is)."""
    rs = rules_in_force(Topic.ADMISSION, on)
    return RuleBook(rs.effective_from, rs.values, rs.regulation)


class RuleBooks:
    """All admission rule sets, to pick the one in force on many dates without a query each."""

    def __init__(self):
        self.books = [
            RuleBook(rs.effective_from, rs.values, rs.regulation)
            for rs in RuleSet.objects.filter(topic=Topic.ADMISSION).order_by("effective_from")
        ]

    def on(self, day: date) -> RuleBook | None:
        found = None
        for book in self.books:
            if book.effective_from <= day:
                found = book
        return found


# Facts for the rules ----------------------------------------------------------------------------


def is_official_on(member: Member, on: date) -> bool:
    """An official member at home (not a temporary attachment) on `on`."""
    return MembershipSpell.objects.filter(
        valid_on(on), member=member, status=SpellStatus.OFFICIAL, attached=False
    ).exists()


def awareness_certificate_on(candidate: Candidate, by: date | None = None) -> date | None:
    """The latest awareness-class certificate the candidate holds (issued by `by`, if given)."""
    qs = ClassStudent.objects.filter(
        candidate=candidate, result=Result.PASSED, training_class__kind=ClassKind.AWARENESS
    )
    if by is not None:
        qs = qs.filter(certificate_date__lte=by)
    return qs.aggregate(latest=Max("certificate_date"))["latest"]


def readmission_facts(former: Member | None) -> tuple[date | None, int]:
    """(the day the former member last left the Party, how many times re-admitted before)."""
    if former is None:
        return None, 0
    events = list(former.events.order_by("on", "id").values_list("kind", "on", "discipline_form"))
    left_on = None
    for kind, on, discipline_form in events:
        if kind in LEAVING_KINDS or (kind == EventKind.DISCIPLINED and discipline_form == "expulsion"):
            left_on = on
    readmitted = sum(1 for kind, _on, _form in events if kind == EventKind.READMITTED)
    return left_on, readmitted


def candidate_facts(candidate: Candidate, vote_on: date) -> rules.CandidateFacts:
    """What the rules need to judge the candidate's vote on `vote_on`, read from the records."""
    introducers = tuple(
        rules.IntroducerFacts(
            name=i.member.full_name, official_on_vote=is_official_on(i.member, vote_on), shared_since=i.shared_since
        )
        for i in candidate.introducers.select_related("member")
    )
    left_on, readmitted = readmission_facts(candidate.former_member)
    return rules.CandidateFacts(
        date_of_birth=candidate.date_of_birth,
        general_education=candidate.general_education,
        exception_area=candidate.exception_area,
        introducers=introducers,
        awareness_certificate_on=awareness_certificate_on(candidate, by=vote_on),
        left_party_on=left_on,
        readmissions_before=readmitted,
        is_readmission=candidate.former_member_id is not None,
    )


def official_members_count(cell: Organization, on: date) -> int:
    """The suggested denominator of the cell's vote on `on` (`rules.vote_denominator`): official
    members on the cell's own roll (members attached here from elsewhere vote at home), less the
    exempted and those on temporary activity elsewhere — counted as absent until the secretary
    corrects the number for those who attended."""
    home = subtree_spells(cell, on).filter(status=SpellStatus.OFFICIAL)
    away = spells_on(on, attached=True).filter(member=OuterRef("member_id"))
    rows = home.annotate(away=Exists(away)).values_list("member_id", "exempt", "away").distinct()
    voters = {member_id: rules.VoterFacts(exempt=exempt, attached_elsewhere=away) for member_id, exempt, away in rows}
    return rules.vote_denominator(voters.values())


def deciding_committee(cell: Organization) -> Organization:
    """The committee that decides an admission in `cell`: the grassroots committee above a cell,
    or the committee directly above a grassroots cell (QĐ 24-QĐ/TW, 3.4)."""
    chain = list(ancestors(cell))
    if cell.kind == OrgKind.GRASSROOTS_CELL:
        return chain[-1] if chain else cell
    for org in reversed(chain):
        if org.kind == OrgKind.GRASSROOTS_COMMITTEE:
            return org
    return chain[-1] if chain else cell


def is_readmission_candidate(member: Member) -> bool:
    return member.status in LEAVING_STATUSES


# Lists --------------------------------------------------------------------------------------------


def candidates_for(user, *, for_write: bool = False) -> QuerySet[Candidate]:
    return scope(
        Candidate.objects.select_related("organization__parent", "ethnicity", "member"), user, for_write=for_write
    )


def filter_candidates(qs: QuerySet[Candidate], *, org=None, source="", stage="", text="") -> QuerySet[Candidate]:
    if org is not None:
        qs = qs.filter(in_subtree_now(org))
    if source:
        qs = qs.filter(source=source)
    if stage:
        qs = qs.filter(stage=stage)
    for word in text.split():
        qs = qs.filter(Q(full_name__icontains=word) | Q(citizen_id__startswith=word))
    return qs


def pipeline_board(qs: QuerySet[Candidate], *, per_stage: int = 50) -> list[tuple[str, str, int, list[Candidate]]]:
    """(stage code, label, count, first candidates) for every stage, in pipeline order."""
    columns: dict[str, list[Candidate]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for candidate in qs.order_by("stage", "full_name", "id"):
        counts[candidate.stage] += 1
        if len(columns[candidate.stage]) < per_stage:
            columns[candidate.stage].append(candidate)
    return [(s.value, s.label, counts[s.value], columns[s.value]) for s in Stage]


def writable_cells(user) -> QuerySet[Organization]:
    """Cells where the user may register candidates."""
    return scope(
        Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True),
        user,
        action=Action.CANDIDATE_MANAGE,
    )


def classes_for(user) -> QuerySet[TrainingClass]:
    return scope(TrainingClass.objects.select_related("organization__parent"), user)


def class_list(user) -> QuerySet[TrainingClass]:
    """Classes in scope with their student counts (reports count classes and students)."""
    return classes_for(user).annotate(
        student_count=Count("students"), passed_count=Count("students", filter=Q(students__result=Result.PASSED))
    )


def eligibility_preview(candidate: Candidate, on: date) -> list[rules.Violation]:
    """The rules the candidate would fail if the cell voted on `on` (the vote itself aside),
    less the rules a recorded exception covers — shown on the candidate's page before the vote."""
    try:
        book = rule_book(on)
    except NoRuleSet:
        return []
    facts = candidate_facts(candidate, on)
    violations = [
        *rules.check_age(facts, on, book.values, book.regulation),
        *rules.check_education(facts, book.values, book.regulation),
        *rules.check_introducers(facts, on, book.values, book.regulation),
        *rules.check_certificate(facts, on, book.values, book.regulation),
        *rules.check_readmission(facts, on, book.values, book.regulation),
    ]
    excepted = set(candidate.rule_exceptions.values_list("rule", flat=True))
    return [v for v in violations if v.code not in excepted]


# The worklist ----------------------------------------------------------------------------------


class WorkKind:
    DECISION = "decision"
    CEREMONY = "ceremony"
    RECOGNITION_VOTE = "recognition_vote"
    CERTIFICATE = "certificate"


@dataclass(frozen=True)
class WorkItem:
    candidate: Candidate
    kind: str
    due: date
    overdue: bool
    start: date  # the event the deadline runs from
    regulation: str


def worklist(user, *, on: date, window_days: int = 30) -> list[WorkItem]:
    """Overdue and due-soon steps of the candidates in the user's scope, most urgent first.

    - committee decision due N working days after the cell's resolution (stage cell voted);
    - ceremony due N working days after the decision (stage decided);
    - recognition vote due N working days after probation ends (stage admitted);
    - awareness certificate expiring before the cell has voted.
    """
    horizon = on + timedelta(days=window_days)
    books = RuleBooks()
    calendar = Calendar.load()
    qs = (
        candidates_for(user)
        .filter(stage__in=[*BEFORE_VOTE_STAGES, Stage.CELL_VOTED, Stage.DECIDED, Stage.ADMITTED])
        .annotate(
            cert_on=Max(
                "class_results__certificate_date",
                filter=Q(class_results__result=Result.PASSED, class_results__training_class__kind=ClassKind.AWARENESS),
            )
        )
    )
    items = []
    for c in qs:
        due = start = None
        kind = ""
        try:
            if c.stage == Stage.CELL_VOTED and c.cell_vote_on:
                kind, start = WorkKind.DECISION, c.cell_vote_on
                book = books.on(start)
                due = book and rules.decision_due(start, book.values, calendar)
            elif c.stage == Stage.DECIDED and c.decision_on:
                kind, start = WorkKind.CEREMONY, c.decision_on
                book = books.on(start)
                due = book and rules.ceremony_due(start, book.values, calendar)
            elif c.stage == Stage.ADMITTED and c.probation_ends_on:
                kind, start = WorkKind.RECOGNITION_VOTE, c.probation_ends_on
                book = books.on(start)
                due = book and rules.recognition_vote_due(start, book.values, calendar)
            elif c.stage in BEFORE_VOTE_STAGES and c.cert_on:
                kind, start = WorkKind.CERTIFICATE, c.cert_on
                book = books.on(on)
                due = book and rules.certificate_expires_on(start, book.values)
            else:
                continue
        except CalendarNotCovered as exc:
            # The count reached a year the calendar does not know, so the deadline is on or after
            # 1 January of it: outside a window ending before that day, unknowable inside it.
            if date(exc.year, 1, 1) > horizon:
                continue
            raise
        if not due or due > horizon:
            continue
        items.append(WorkItem(c, kind, due, due < on, start, book.regulation))
    items.sort(key=lambda i: (i.due, i.candidate.full_name))
    return items


def deadlines(candidate: Candidate) -> list[tuple[str, date | None, str]]:
    """(what, due date, regulation) for the steps ahead of one candidate (its page).

    A step whose count runs into a year the working-day calendar does not cover has no date; its
    third item is then the calendar's refusal (naming the year) instead of the regulation.
    """
    calendar = Calendar.load()
    books = RuleBooks()
    out = []
    try:
        _deadlines_into(out, candidate, calendar, books)
    except CalendarNotCovered as exc:
        kind = {Stage.CELL_VOTED: WorkKind.DECISION, Stage.DECIDED: WorkKind.CEREMONY}.get(
            candidate.stage, WorkKind.RECOGNITION_VOTE
        )
        out.append((kind, None, exc.messages[0]))
    return out


def _deadlines_into(out: list, candidate: Candidate, calendar: Calendar, books: RuleBooks) -> None:
    if candidate.cell_vote_on and candidate.stage == Stage.CELL_VOTED:
        book = books.on(candidate.cell_vote_on)
        if book:
            out.append(
                (WorkKind.DECISION, rules.decision_due(candidate.cell_vote_on, book.values, calendar), book.regulation)
            )
    if candidate.decision_on and candidate.stage == Stage.DECIDED:
        book = books.on(candidate.decision_on)
        if book:
            out.append(
                (WorkKind.CEREMONY, rules.ceremony_due(candidate.decision_on, book.values, calendar), book.regulation)
            )
    if candidate.probation_ends_on and candidate.stage == Stage.ADMITTED:
        book = books.on(candidate.probation_ends_on)
        if book:
            out.append(
                (
                    WorkKind.RECOGNITION_VOTE,
                    rules.recognition_vote_due(candidate.probation_ends_on, book.values, calendar),
                    book.regulation,
                )
            )


def member_events_for_candidate(candidate: Candidate) -> QuerySet[MemberEvent]:
    if candidate.member_id is None:
        return MemberEvent.objects.none()
    return candidate.member.events.order_by("on", "id")
