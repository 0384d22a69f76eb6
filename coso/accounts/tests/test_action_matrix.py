"""The action matrix: every action × role × level of the tree, in scope and out of scope.

The expectations are written here by hand from the shipped competences (migration
accounts/0003_ship_competences, which cites the regulations), not asked of `accounts.scoping`,
which is what is under test:

- the door (`may`, `scope(..., action=)`, `get_for_user(..., action=)`) gives, for each persona and
  each organization of the world, 404 where the persona does not see it, 403 where it sees it but
  its role at that level may not take the action, the object where it may;
- every write view, requested by every persona that sees its object but may not take its action,
  answers 403 and writes nothing (every table's row count, the audit log included, is unchanged);
  a persona that may take it is let through the door.

Personas (coso/testing/world.py): the province's board, the district's board, the commune's
(grassroots committee) secretary, the cell's secretary, the district's observer, a member, and the
other district's board (the outsider).
"""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from coso.accounts.actions import Action, fact_action
from coso.accounts.models import Competence
from coso.accounts.scoping import get_for_user, may, scope
from coso.accounts.tests.test_access_matrix import _build
from coso.common.dates import today
from coso.organizations.models import Organization

pytestmark = pytest.mark.django_db

PERSONAS = ["province_board", "board", "commune_secretary", "secretary", "observer", "member", "outsider"]
TARGETS = ["province", "district", "commune", "cell", "other_cell"]

# What each persona sees (read scope), by target.
SEES = {
    "province_board": set(TARGETS),
    "board": {"district", "commune", "cell"},
    "commune_secretary": {"commune", "cell"},
    "secretary": {"cell"},
    "observer": {"district", "commune", "cell"},
    "member": set(),
    "outsider": {"other_cell"},
}

# Where each persona may act, by the kind of rule (Reach and the kind of the role's node).
EVERYWHERE = {  # board and secretary, own node and below
    "province_board": set(TARGETS),
    "board": {"district", "commune", "cell"},
    "commune_secretary": {"commune", "cell"},
    "secretary": {"cell"},
    "outsider": {"other_cell"},
}
BOARDS = {"province_board": set(TARGETS), "board": {"district", "commune", "cell"}, "outsider": {"other_cell"}}
BELOW = {  # decided by the committee above: strictly below the role's node
    "province_board": {"district", "commune", "cell", "other_cell"},
    "board": {"commune", "cell"},
    "commune_secretary": {"cell"},
    "outsider": {"other_cell"},
}
COMPETENT = {  # upper levels on their subtree; an authorized grassroots committee on its cells
    "province_board": set(TARGETS),
    "board": {"district", "commune", "cell"},
    "commune_secretary": {"cell"},
    "outsider": {"other_cell"},
}
OWN_CELL = {**BOARDS, "commune_secretary": {"commune"}, "secretary": {"cell"}}  # a secretary on its own node
UNITS = {**BOARDS, "commune_secretary": {"commune"}}  # the commune's residential units
CLASSES = {**BOARDS, "commune_secretary": {"commune", "cell"}}  # not a cell under a committee
BADGES = BOARDS  # boards (secretaries of province and upper levels too; none in the world)
# Members' ratings: boards on their subtree, a grassroots committee's secretary on its subtree (the
# secretary of a cell under a committee proposes, the committee decides); campaigns and
# commendations: a committee, not a cell under one.
DECIDE_MEMBERS = {**BOARDS, "commune_secretary": {"commune", "cell"}}
COMMITTEES = {**BOARDS, "commune_secretary": {"commune", "cell"}}

EXPECTED: dict[str, dict[str, set[str]]] = {
    Action.ORG_ESTABLISH: EVERYWHERE,
    Action.ORG_RENAME: BELOW,
    Action.ORG_MOVE: BELOW,
    Action.ORG_MERGE: BELOW,
    Action.ORG_SPLIT: BELOW,
    Action.ORG_DISSOLVE: BELOW,
    Action.UNIT_EDIT: UNITS,
    Action.MEMBER_REGISTER: EVERYWHERE,
    Action.PROFILE_EDIT: EVERYWHERE,
    Action.FACT_RECORD: EVERYWHERE,
    Action.FACT_EXEMPTION: EVERYWHERE,
    Action.FACT_DISCIPLINE: EVERYWHERE,
    Action.FACT_REMOVAL: COMPETENT,
    Action.CANDIDATE_MANAGE: EVERYWHERE,
    Action.CELL_VOTE_RECORD: EVERYWHERE,
    Action.ADMISSION_EXCEPTION: BOARDS,
    Action.ADMISSION_DECIDE: COMPETENT,
    Action.MEMBER_RECOGNIZE: COMPETENT,
    Action.CLASS_MANAGE: CLASSES,
    Action.TARGET_SET: BELOW,
    Action.BADGE_AWARD: BADGES,
    Action.TRANSFER_ISSUE: EVERYWHERE,
    Action.MEETING_PLAN: OWN_CELL,
    Action.MEETING_ROLL: OWN_CELL,
    Action.MEETING_MINUTES: OWN_CELL,
    Action.MEETING_CLOSE: OWN_CELL,
    Action.VISIT_RECORD: BELOW,
    Action.VISIT_PLAN: OWN_CELL,
    Action.GOAL_REGISTER: EVERYWHERE,
    Action.EVALUATION_CAMPAIGN: COMMITTEES,
    Action.EVALUATION_REVIEW: EVERYWHERE,
    Action.EVALUATION_PROPOSE: EVERYWHERE,
    Action.EVALUATION_DECIDE_MEMBER: DECIDE_MEMBERS,
    Action.EVALUATION_DECIDE_ORG: BELOW,
    Action.EVALUATION_COMMEND: COMMITTEES,
    Action.CADRE_MANAGE: COMMITTEES,
    Action.CADRE_PLAN: COMMITTEES,
    Action.CADRE_ROTATE: BOARDS,  # the province's and upper levels' secretaries too (none in the world)
    Action.SUPERVISION_ASSIGN: COMMITTEES,
    Action.IMPORT: EVERYWHERE,
    Action.EXPORT_LISTS: EVERYWHERE,
    Action.USERS_MANAGE: BOARDS,
}


def user_of(world, persona):
    return world.member_user if persona == "member" else getattr(world, f"{persona}_user")


def org_of(world, target) -> Organization:
    return getattr(world, target)


def allowed(action, persona, target) -> bool:
    return target in EXPECTED[action].get(persona, set())


def test_every_action_is_in_the_matrix_and_has_a_competence_row():
    assert set(EXPECTED) == set(Action.values)
    shipped = set(Competence.objects.values_list("action", flat=True))
    assert shipped == set(Action.values)


def test_every_shipped_row_cites_its_regulation_and_regulated_rows_follow_the_regulations_dates():
    assert not Competence.objects.filter(regulation="").exists()
    decide = Competence.objects.filter(action=Action.ADMISSION_DECIDE, role="board", holder_kind="upper")
    periods = list(decide.order_by("valid_from").values_list("valid_from", "valid_to", "regulation"))
    assert [(f, t) for f, t, _r in periods] == [
        (date(1930, 1, 1), date(2021, 7, 30)),
        (date(2021, 7, 30), date(2025, 5, 26)),
        (date(2025, 5, 26), None),
    ]
    assert "QĐ 24-QĐ/TW" in periods[1][2] and "QĐ 294-QĐ/TW" in periods[2][2] and "Điều 4" in periods[2][2]
    assert all(row.note for row in decide)  # the competent level is marked configurable


@pytest.mark.parametrize("action", Action.values)
def test_the_door_answers_every_persona_at_every_level(world, action):
    for persona in PERSONAS:
        user = user_of(world, persona)
        for target in TARGETS:
            org = org_of(world, target)
            expected = allowed(action, persona, target)
            assert may(user, action, org) is expected, (action, persona, target)
            in_scope = scope(Organization.objects.filter(pk=org.pk), user, action=action).exists()
            assert in_scope is expected, (action, persona, target)
            if target not in SEES[persona]:
                with pytest.raises(Http404):
                    get_for_user(Organization, org.pk, user, action=action)
            elif expected:
                assert get_for_user(Organization, org.pk, user, action=action) == org
            else:
                with pytest.raises(PermissionDenied):
                    get_for_user(Organization, org.pk, user, action=action)
        assert not (persona in ("observer", "member") and may(user, action)), (action, persona)
    assert may(world.admin, action, world.other_cell)


def test_competence_is_dated(world):
    """A row applies from its date to the day before its end: the door reads the rows in force."""
    rows = Competence.objects.filter(action=Action.MEETING_PLAN, role="secretary")
    assert may(world.secretary_user, Action.MEETING_PLAN, world.cell)
    rows.update(valid_to=today())
    world.secretary_user._coso_competences = None
    assert not may(world.secretary_user, Action.MEETING_PLAN, world.cell)
    assert may(world.secretary_user, Action.MEETING_PLAN, world.cell, on=today() - timedelta(days=1))
    Competence.objects.create(
        action=Action.MEETING_PLAN,
        role="secretary",
        holder_kind="",
        reach="subtree",
        valid_from=today(),
        regulation="test",
    )
    world.secretary_user._coso_competences = None
    assert may(world.secretary_user, Action.MEETING_PLAN, world.cell)


def test_facts_are_actions_by_kind():
    assert fact_action("admitted") == Action.ADMISSION_DECIDE
    assert fact_action("recognized") == Action.MEMBER_RECOGNIZE
    assert fact_action("expelled") == Action.FACT_REMOVAL
    assert fact_action("exempted") == Action.FACT_EXEMPTION
    assert fact_action("disciplined") == Action.FACT_DISCIPLINE
    assert fact_action("attached") == Action.FACT_RECORD


# The write views ---------------------------------------------------------------------------------


def db_state() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.fixture
def objects(world, settings, tmp_path):
    """One record of each kind a write view acts on, in the world's cell (classes: in the commune)."""
    from coso.admission.models import Candidate
    from coso.evaluation.services import campaign_open
    from coso.meetings.models import Attendance, Meeting
    from coso.training.models import ClassStudent, TrainingClass
    from coso.transfers.models import TransferPaper

    settings.MEDIA_ROOT = tmp_path
    campaign = campaign_open(committee=world.commune, year=2024, opened_on=date(2024, 12, 1), actor=None)
    meeting = _build(Meeting, org=world.cell, user=None)
    training_class = _build(TrainingClass, org=world.commune, user=None)
    candidate = _build(Candidate, org=world.cell, user=None)
    from coso.cadres.models import Cadre, PlanningEntry, PostSpell, SupervisionAssignment

    cadre = _build(Cadre, org=world.cell, user=None, full_name="Cán Bộ Ma Trận")
    return {
        "cadre": cadre,
        "spell": _build(PostSpell, org=world.cell, user=None, cadre=cadre, valid_from=date(2020, 1, 1), valid_to=None),
        "entry": _build(PlanningEntry, org=world.cell, user=None, cadre=cadre, added_on=date(2020, 1, 1)),
        "assignment": _build(SupervisionAssignment, org=world.cell, user=None, cadre=cadre),
        "meeting": meeting,
        "attendance": _build(Attendance, org=world.cell, user=None, meeting=meeting, member=world.member),
        "candidate": candidate,
        "class": training_class,
        "student": _build(
            ClassStudent, org=world.commune, user=None, training_class=training_class, candidate=candidate
        ),
        "paper": _build(TransferPaper, org=world.cell, user=None, member=world.member, to_organization=world.commune),
        "event": world.member.events.order_by("on", "id").first(),
        "campaign": campaign,
        "evaluation": campaign.evaluations.get(member=world.member),
        "org_evaluation": campaign.evaluations.get(organization=world.cell, subject_kind="organization"),
    }


def _kw(world, objects, name):
    return {
        "org": {"org_id": world.cell.pk},
        "commune": {"org_id": world.commune.pk},
        "district": {"org_id": world.district.pk},
        "member": {"member_id": world.member.pk},
        "event": {"event_id": objects["event"].pk},
        "meeting": {"meeting_id": objects["meeting"].pk},
        "candidate": {"candidate_id": objects["candidate"].pk},
        "class": {"class_id": objects["class"].pk},
        "paper": {"paper_id": objects["paper"].pk},
        "campaign": {"campaign_id": objects["campaign"].pk},
        "campaign_cell": {"campaign_id": objects["campaign"].pk, "org_id": world.cell.pk},
        "evaluation": {"evaluation_id": objects["evaluation"].pk},
        "org_evaluation": {"evaluation_id": objects["org_evaluation"].pk},
        "cadre": {"cadre_id": objects["cadre"].pk},
        "spell": {"spell_id": objects["spell"].pk},
        "entry": {"entry_id": objects["entry"].pk},
        "assignment": {"assignment_id": objects["assignment"].pk},
        "none": {},
    }[name]


# (url name, method, kwargs, action, target the action is taken on, POST data)
ON = {"on": "01/01/2022", "name": "Mới", "confirm": "1"}
VIEWS = [
    ("organizations:establish", "post", "org", Action.ORG_ESTABLISH, "cell", ON),
    ("organizations:rename", "post", "org", Action.ORG_RENAME, "cell", ON),
    ("organizations:rename", "post", "commune", Action.ORG_RENAME, "commune", ON),
    ("organizations:move", "post", "org", Action.ORG_MOVE, "cell", ON),
    ("organizations:merge", "post", "org", Action.ORG_MERGE, "cell", ON),
    ("organizations:dissolve", "post", "org", Action.ORG_DISSOLVE, "cell", ON),
    ("organizations:dissolve", "post", "commune", Action.ORG_DISSOLVE, "commune", ON),
    ("organizations:unit_add", "post", "commune", Action.UNIT_EDIT, "commune", {"code": "U9", "name": "Thôn Mới"}),
    ("members:edit", "post", "member", Action.PROFILE_EDIT, "cell", {"full_name": "X"}),
    ("members:event_delete", "post", "event", fact_action("admitted"), "cell", {}),
    ("transfers:issue", "post", "member", Action.TRANSFER_ISSUE, "cell", {"kind": "official"}),
    ("badges:flag_add", "post", "member", Action.FACT_RECORD, "cell", {"from_on": "01/01/2022"}),
    ("admission:edit", "post", "candidate", Action.CANDIDATE_MANAGE, "cell", {"full_name": "X"}),
    ("admission:introducer_add", "post", "candidate", Action.CANDIDATE_MANAGE, "cell", {}),
    ("admission:document_add", "post", "candidate", Action.CANDIDATE_MANAGE, "cell", {}),
    ("admission:exception", "post", "candidate", Action.ADMISSION_EXCEPTION, "cell", {}),
    ("admission:cell_vote", "post", "candidate", Action.CELL_VOTE_RECORD, "cell", {}),
    ("admission:decide", "post", "candidate", Action.ADMISSION_DECIDE, "cell", {"decision-on": "01/10/2021"}),
    ("admission:ceremony", "post", "candidate", Action.CANDIDATE_MANAGE, "cell", {}),
    ("admission:recognize", "post", "candidate", Action.MEMBER_RECOGNIZE, "cell", {}),
    ("admission:not_recognize", "post", "candidate", Action.MEMBER_RECOGNIZE, "cell", {}),
    ("admission:withdraw", "post", "candidate", Action.CANDIDATE_MANAGE, "cell", {}),
    ("training:class_enrol", "post", "class", Action.CLASS_MANAGE, "commune", {}),
    ("training:class_result", "post", "class", Action.CLASS_MANAGE, "commune", {}),
    ("meetings:plan_year", "post", "org", Action.MEETING_PLAN, "cell", {"year": 2025}),
    ("meetings:create", "post", "org", Action.MEETING_PLAN, "cell", {"kind": "regular"}),
    ("meetings:visit_create", "post", "org", Action.VISIT_RECORD, "cell", {"on": "01/01/2022"}),
    ("meetings:edit", "post", "meeting", Action.MEETING_PLAN, "cell", {"kind": "regular"}),
    ("meetings:cancel", "post", "meeting", Action.MEETING_PLAN, "cell", {}),
    ("meetings:notify", "post", "meeting", Action.MEETING_PLAN, "cell", {}),
    ("meetings:document_add", "post", "meeting", Action.MEETING_PLAN, "cell", {"name": "x"}),
    ("meetings:roll_open", "post", "meeting", Action.MEETING_ROLL, "cell", {}),
    ("meetings:attendance_mark", "post", "meeting", Action.MEETING_ROLL, "cell", {"status": "present"}),
    ("meetings:all_present", "post", "meeting", Action.MEETING_ROLL, "cell", {}),
    ("meetings:minutes", "post", "meeting", Action.MEETING_MINUTES, "cell", {}),
    ("meetings:guest", "post", "meeting", Action.MEETING_MINUTES, "cell", {"name": "Khách"}),
    ("meetings:task", "post", "meeting", Action.MEETING_MINUTES, "cell", {"text": "Việc"}),
    ("meetings:vote", "post", "meeting", Action.MEETING_MINUTES, "cell", {"subject": "x"}),
    ("meetings:close", "post", "meeting", Action.MEETING_CLOSE, "cell", {}),
    ("meetings:correct", "post", "meeting", Action.MEETING_CLOSE, "cell", {"reason": "x"}),
    ("meetings:visit_meeting", "post", "meeting", Action.VISIT_RECORD, "cell", {"on": "01/01/2022"}),
    ("transfers:present", "post", "paper", Action.TRANSFER_ISSUE, "cell", {}),
    ("transfers:cancel", "post", "paper", Action.TRANSFER_ISSUE, "cell", {}),
    ("transfers:end", "post", "paper", Action.TRANSFER_ISSUE, "cell", {}),
    ("targets:edit", "post", "district", Action.TARGET_SET, "commune", {"year": 2025}),
    ("evaluation:campaign_close", "post", "campaign", Action.EVALUATION_CAMPAIGN, "commune", {}),
    ("evaluation:campaign_refresh", "post", "campaign", Action.EVALUATION_CAMPAIGN, "commune", {}),
    ("evaluation:unit_decide", "post", "campaign_cell", Action.EVALUATION_DECIDE_MEMBER, "cell", {}),
    ("evaluation:unit_propose", "post", "campaign_cell", Action.EVALUATION_PROPOSE, "cell", {}),
    ("evaluation:self_assess", "post", "evaluation", Action.EVALUATION_REVIEW, "cell", {}),
    ("evaluation:opinion_add", "post", "evaluation", Action.EVALUATION_REVIEW, "cell", {}),
    ("evaluation:propose", "post", "evaluation", Action.EVALUATION_PROPOSE, "cell", {}),
    ("evaluation:decide", "post", "evaluation", Action.EVALUATION_DECIDE_MEMBER, "cell", {}),
    ("evaluation:decide", "post", "org_evaluation", Action.EVALUATION_DECIDE_ORG, "cell", {}),
    ("evaluation:not_rate", "post", "evaluation", Action.EVALUATION_DECIDE_MEMBER, "cell", {}),
    ("evaluation:commend", "post", "evaluation", Action.EVALUATION_COMMEND, "cell", {}),
    ("evaluation:member_goals", "post", "member", Action.GOAL_REGISTER, "cell", {"year": 2025}),
    ("cadres:edit", "post", "cadre", Action.CADRE_MANAGE, "cell", {"full_name": "X"}),
    ("cadres:post_assign", "post", "cadre", Action.CADRE_MANAGE, "cell", {"kind": "secretary"}),
    ("cadres:post_end", "post", "spell", Action.CADRE_MANAGE, "cell", {"on": "01/01/2022"}),
    ("cadres:rotate", "post", "cadre", Action.CADRE_ROTATE, "cell", {"on": "01/01/2022"}),
    ("cadres:planning", "post", "org", Action.CADRE_PLAN, "cell", {"term": "2025-2030"}),
    ("cadres:planning", "post", "commune", Action.CADRE_PLAN, "commune", {"term": "2025-2030"}),
    ("cadres:planning_remove", "post", "entry", Action.CADRE_PLAN, "cell", {"removed_on": "01/01/2022"}),
    ("cadres:supervision", "post", "commune", Action.SUPERVISION_ASSIGN, "commune", {"valid_from": "01/01/2022"}),
    ("cadres:supervision_end", "post", "assignment", Action.SUPERVISION_ASSIGN, "cell", {"on": "01/01/2022"}),
    ("cadres:tables_export", "get", "none", Action.EXPORT_LISTS, "cell", {}),
    ("members:export", "get", "none", Action.EXPORT_LISTS, "cell", {}),
    ("meetings:cell_export", "get", "org", Action.EXPORT_LISTS, "cell", {"year": 2025}),
]
# Pages without an object: the action anywhere (the "new" buttons), for a persona with any role.
CREATE_VIEWS = [
    ("members:create", Action.MEMBER_REGISTER, {"full_name": "X"}),
    ("admission:create", Action.CANDIDATE_MANAGE, {"full_name": "X"}),
    ("training:class_create", Action.CLASS_MANAGE, {"name": "X"}),
    ("transfers:receive", Action.TRANSFER_ISSUE, {"kind": "official"}),
    ("transfers:mark_overdue", Action.TRANSFER_ISSUE, {}),
    ("imports:list", Action.IMPORT, {"kind": "members"}),
    ("imports:template_members", Action.IMPORT, None),
    ("accounts:user_create", Action.USERS_MANAGE, {"username": "x", "password": "y"}),
    ("evaluation:campaign_open", Action.EVALUATION_CAMPAIGN, {"year": "x"}),
    ("cadres:create", Action.CADRE_MANAGE, {"full_name": "X"}),
]
WRITE_PERSONAS = ["province_board", "board", "commune_secretary", "secretary", "observer"]


def _id(view):
    return f"{view[0]}[{view[4]}]"


@pytest.mark.parametrize("persona", WRITE_PERSONAS)
@pytest.mark.parametrize("view", VIEWS, ids=_id)
def test_a_refused_action_is_403_and_writes_nothing(client, world, objects, view, persona):
    name, method, kwargs, action, target, data = view
    url = reverse(name, kwargs=_kw(world, objects, kwargs))
    client.force_login(user_of(world, persona))
    before = db_state()
    if name == "targets:edit":
        # The targets of the commune are set from the district's page, by the level above.
        sees, may_act = "district" in SEES[persona], persona in ("province_board", "board")
    else:
        sees, may_act = target in SEES[persona], allowed(action, persona, target)
    response = getattr(client, method)(url, data)
    if not sees:
        assert response.status_code == 404, f"{method.upper()} {url} as {persona}: {response.status_code}"
        assert db_state() == before
    elif not may_act:
        assert response.status_code == 403, f"{method.upper()} {url} as {persona}: {response.status_code}"
        assert db_state() == before, f"{method.upper()} {url} as {persona} wrote rows"
    else:
        assert response.status_code not in (403, 404) and response.status_code < 500, (
            f"{method.upper()} {url} as {persona}: {response.status_code}, expected to pass the door"
        )


@pytest.mark.parametrize("persona", [*WRITE_PERSONAS, "member"])
@pytest.mark.parametrize("view", CREATE_VIEWS, ids=lambda v: v[0])
def test_a_create_page_needs_the_action_somewhere(client, world, view, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name, action, data = view
    client.force_login(user_of(world, persona))
    before = db_state()
    may_act = bool(EXPECTED[action].get(persona))
    response = client.post(reverse(name), data) if data is not None else client.get(reverse(name))
    if may_act:
        assert response.status_code != 403 and response.status_code < 500, (name, persona, response.status_code)
    else:
        assert response.status_code == 403, (name, persona, response.status_code)
        assert db_state() == before


@pytest.mark.parametrize("persona", [*WRITE_PERSONAS, "member"])
def test_exporting_a_list_is_an_action(client, world, persona):
    """Observers and members no longer export lists (security review, issue 7): the members list, a
    report figure and the badge lists; the buttons are hidden from them."""
    from coso.reports.figures import FIGURES

    figure = next(iter(FIGURES))
    client.force_login(user_of(world, persona))
    may_export = persona not in ("observer", "member")
    exports = [
        (reverse("members:export"), None),
        (reverse("reports:figure_export", kwargs={"figure": figure}) + f"?org={world.cell.pk}", "cell"),
        (reverse("badges:export_xlsx") + f"?org={world.commune.pk}", "commune"),
        (reverse("badges:export_docx") + f"?org={world.commune.pk}", "commune"),
    ]
    for url, target in exports:
        response = client.get(url)
        if target is not None and target not in SEES[persona]:
            assert response.status_code in (302, 404), (url, persona, response.status_code)
        elif may_export:
            assert response.status_code == 200, (url, persona, response.status_code)
        else:
            assert response.status_code == 403, (url, persona, response.status_code)
    page = client.get(reverse("members:list")).content.decode()
    assert (reverse("members:export") in page) is may_export


def test_a_fact_kind_the_role_may_not_record_is_not_offered_and_writes_nothing(client, world):
    """A cell's secretary records an exemption (decided by the cell, Statute art. 7) but not an
    expulsion (decided above, art. 36): the kind is not offered, a forged post writes nothing."""
    client.force_login(world.secretary_user)
    url = reverse("members:event_add", kwargs={"member_id": world.member.pk})
    page = client.get(url).content.decode()
    assert 'value="exempted"' in page and 'value="expelled"' not in page and 'value="admitted"' not in page
    before = db_state()
    response = client.post(url, {"kind": "expelled", "on": "01/01/2022"})
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert db_state() == before
    client.force_login(world.commune_secretary_user)
    assert 'value="expelled"' in client.get(url).content.decode()
