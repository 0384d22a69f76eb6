"""The read API of the member lifecycle: candidates, the admission worklist, targets, badges, party age,
transfers — each endpoint, its scope (404 outside it), the member role, and query counts on lists."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.admission import services as admission_services
from coso.admission.models import Form, Stage
from coso.admission.tests.factories import (
    make_admitted_candidate,
    make_candidate,
    make_official_member,
    make_ready_candidate,
)
from coso.badges.services import gravely_ill_flag_create
from coso.common.dates import today
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.targets.services import Decision, admission_target_set
from coso.testing.factories import UserFactory, make_member, make_org
from coso.transfers.models import Direction, TransferKind
from coso.transfers.services import transfer_issue

pytestmark = pytest.mark.django_db

API = "/api/v1"
OCCASION = date(2024, 5, 19)
DOB = date(1960, 1, 1)


def get(client, url, **params):
    return client.get(f"{API}{url}", params)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def board(client, world):
    return login(client, world.board_user)


@pytest.fixture
def pipeline(world):
    """Candidates of the world's cell at three stages, and one of the other district."""
    introducer = make_official_member(org=world.cell, full_name="Phạm Văn Giới")
    fresh = make_candidate(org=world.cell, full_name="Lê Văn An", source="residence")
    decided = make_admitted_candidate(
        world=world, full_name="Lê Thị Bình", introducer=introducer, ceremony_on=None, actor=world.board_user
    )
    admitted = make_admitted_candidate(world=world, full_name="Lê Văn Cường", actor=world.board_user)
    other = make_candidate(org=world.other_cell, full_name="Trần Văn Ngoại")
    return SimpleNamespace(introducer=introducer, fresh=fresh, decided=decided, admitted=admitted, other=other)


# Authentication --------------------------------------------------------------------------------

ENDPOINTS = [
    "/candidates",
    "/candidates/{candidate}",
    "/admission/worklist",
    "/targets",
    "/badges",
    "/members/{member}/party-age",
    "/transfers",
    "/transfers/{paper}",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_needs_a_login_or_a_token(client, world, endpoint):
    candidate = make_candidate(org=world.cell)
    url = endpoint.format(candidate=candidate.pk, member=world.member.pk, paper=1)
    response = get(client, url)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Đề nghị đăng nhập")


def test_schema_documents_every_field(client):
    schema = client.get(f"{API}/openapi.json").json()
    for path in ("/candidates/{candidate_id}", "/admission/worklist", "/targets", "/badges", "/transfers"):
        assert f"{API}{path}" in schema["paths"], path
    assert f"{API}/members/{{member_id}}/party-age" in schema["paths"]
    for name in ("CandidateDetailOut", "WorklistOut", "TargetProgressOut", "BadgeListOut", "TransferOut"):
        props = schema["components"]["schemas"][name]["properties"]
        assert all(prop.get("description") for prop in props.values()), name


# Candidates ------------------------------------------------------------------------------------


def test_candidate_list_is_scoped_and_filtered(board, world, pipeline):
    def listed(**params):
        return [c["full_name"] for c in get(board, "/candidates", **params).json()["items"]]

    assert listed() == ["Lê Thị Bình", "Lê Văn An", "Lê Văn Cường"]
    assert listed(stage="decided") == ["Lê Thị Bình"]
    assert listed(stage="admitted") == ["Lê Văn Cường"]
    assert listed(source="residence") == ["Lê Văn An"]
    assert listed(org=world.cell.pk, q="cường") == ["Lê Văn Cường"]
    page = get(board, "/candidates", limit=1, offset=2).json()
    assert page["count"] == 3 and [c["full_name"] for c in page["items"]] == ["Lê Văn Cường"]


def test_candidate_list_item_shape(board, world, pipeline):
    [item] = get(board, "/candidates", stage="admitted").json()["items"]
    assert item == {
        "id": pipeline.admitted.pk,
        "full_name": "Lê Văn Cường",
        "gender": {"code": "male", "label": "Nam"},
        "date_of_birth": "1998-05-10",
        "ethnicity": {"code": "01", "label": "Kinh"},
        "organization_id": world.cell.pk,
        "organization_name": "Chi bộ thôn Đông",
        "source": {"code": "youth_union", "label": item["source"]["label"]},
        "stage": {"code": "admitted", "label": item["stage"]["label"]},
        "registered_on": "2019-01-10",
        "cell_vote_on": "2021-08-20",
        "decision_on": "2021-09-10",
        "ceremony_on": "2021-09-20",
        "probation_ends_on": "2022-09-20",
        "closed_on": None,
        "member_id": pipeline.admitted.member_id,
    }
    assert item["source"]["label"] and item["stage"]["label"] not in ("", "admitted")


def test_candidate_list_refuses_unknown_values_and_foreign_organizations(board, world, pipeline):
    response = get(board, "/candidates", stage="sleeping")
    assert response.status_code == 400 and "sleeping" in response.json()["detail"]
    assert "stage" in response.json()["detail"] and "không có trong danh mục" in response.json()["detail"]
    assert get(board, "/candidates", source="club").status_code == 400
    assert get(board, "/candidates", org=world.other_cell.pk).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("board_user", {"Lê Văn An", "Lê Thị Bình", "Lê Văn Cường"}),
        ("secretary_user", {"Lê Văn An", "Lê Thị Bình", "Lê Văn Cường"}),
        ("outsider_user", {"Trần Văn Ngoại"}),
        ("member_user", set()),
        ("admin", {"Lê Văn An", "Lê Thị Bình", "Lê Văn Cường", "Trần Văn Ngoại"}),
    ],
)
def test_candidate_list_per_persona(client, world, pipeline, persona, expected):
    login(client, getattr(world, persona))
    data = get(client, "/candidates").json()
    assert {c["full_name"] for c in data["items"]} == expected
    assert data["count"] == len(expected)


def test_candidate_detail_gives_dossier_deadlines_and_member(board, world, pipeline):
    data = get(board, f"/candidates/{pipeline.decided.pk}").json()
    assert data["stage"]["code"] == "decided"
    assert data["introducers"] == [
        {
            "member_id": pipeline.introducer.pk,
            "full_name": "Phạm Văn Giới",
            "organization_name": "Chi bộ thôn Đông",
            "shared_since": "2018-01-01",
        }
    ]
    documents = {d["form"]["code"]: d for d in data["documents"]}
    assert {"1-KND", "2-KND", "3-KND", "6-KND", "9-KND"} <= set(documents)
    vote = documents[Form.CELL_RESOLUTION]
    assert (vote["number"], vote["issued_on"], vote["official_members"], vote["in_favour"]) == (
        "05-NQ/CB",
        "2021-08-20",
        9,
        9,
    )
    assert (documents[Form.ADMISSION_DECISION]["number"], documents[Form.ADMISSION_DECISION]["issued_on"]) == (
        "125-QĐ/ĐU",
        "2021-09-10",
    )
    assert documents[Form.CELL_RESOLUTION]["form"]["label"].startswith("6-KNĐ")
    [passed] = data["classes"]
    assert passed["result"]["code"] == "passed" and passed["certificate_date"] == "2020-03-06"
    # Ceremony within 30 working days of the decision of Friday 10/09/2021: six weeks, no holiday.
    [deadline] = data["deadlines"]
    assert deadline["step"] == {"code": "ceremony", "label": "Lễ kết nạp"}
    assert deadline["due"] == "2021-10-22" and deadline["overdue"] is True
    assert "QĐ" in deadline["regulation"]
    member = data["member"]
    assert member["id"] == pipeline.decided.member_id == data["member_id"]
    assert member["status"]["code"] == "probationary" and member["admitted_on"] == "2021-09-10"
    assert member["organization_id"] == world.cell.pk


def test_candidate_detail_before_admission_and_exceptions(board, world):
    candidate = make_ready_candidate(world=world, full_name="Lê Văn Già", date_of_birth=date(1960, 1, 1))
    admission_services.rule_exception_record(
        candidate=candidate,
        rule="age_max",
        approval_number="88-CV/TU",
        approval_date=date(2021, 8, 1),
        approval_issuer="Ban Thường vụ Tỉnh ủy",
        reason="Người có uy tín",
        actor=world.board_user,
    )
    data = get(board, f"/candidates/{candidate.pk}").json()
    assert data["stage"]["code"] == Stage.DOSSIER
    assert data["member"] is None and data["member_id"] is None and data["deadlines"] == []
    assert data["rule_exceptions"] == [
        {
            "rule": {"code": "age_max", "label": data["rule_exceptions"][0]["rule"]["label"]},
            "approval_number": "88-CV/TU",
            "approval_date": "2021-08-01",
            "approval_issuer": "Ban Thường vụ Tỉnh ủy",
            "reason": "Người có uy tín",
        }
    ]


@pytest.mark.parametrize(
    ("persona", "side", "status"),
    [
        ("board_user", "home", 200),
        ("secretary_user", "home", 200),
        ("board_user", "other", 404),
        ("secretary_user", "other", 404),
        ("outsider_user", "home", 404),
        ("outsider_user", "other", 200),
        ("member_user", "home", 404),
    ],
)
def test_candidate_detail_is_scoped(client, world, pipeline, persona, side, status):
    candidate = pipeline.admitted if side == "home" else pipeline.other
    login(client, getattr(world, persona))
    response = get(client, f"/candidates/{candidate.pk}")
    assert response.status_code == status
    if status == 404:
        assert set(response.json()) == {"detail"} and candidate.full_name not in response.content.decode()


def test_candidate_detail_hides_a_member_moved_out_of_scope(client, world, pipeline):
    """The secretary of the cell sees the candidate, but not the member once transferred to another cell."""
    cell2 = make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell")
    member_record_event(
        member=pipeline.admitted.member, kind=EventKind.TRANSFERRED, on=date(2023, 1, 5), organization=cell2, actor=None
    )
    login(client, world.secretary_user)
    data = get(client, f"/candidates/{pipeline.admitted.pk}").json()
    assert data["member_id"] == pipeline.admitted.member_id and data["member"] is None
    login(client, world.board_user)
    assert get(client, f"/candidates/{pipeline.admitted.pk}").json()["member"]["organization_id"] == cell2.pk


def test_unknown_candidate_is_404(board, world):
    assert get(board, "/candidates/999999").status_code == 404


# Worklist --------------------------------------------------------------------------------------


def test_worklist_lists_overdue_and_due_soon_steps(board, world, pipeline):
    # 01/10/2021: the ceremony of Lê Thị Bình is due 22/10/2021, within 30 days.
    data = get(board, "/admission/worklist", on="2021-10-01").json()
    assert (data["on"], data["days"], data["total"], data["overdue"]) == ("2021-10-01", 30, 1, 0)
    [item] = data["items"]
    assert item["step"]["code"] == "ceremony" and item["due"] == "2021-10-22" and item["overdue"] is False
    assert item["start"] == "2021-09-10" and "QĐ" in item["regulation"]
    assert item["candidate"] == {
        "id": pipeline.decided.pk,
        "full_name": "Lê Thị Bình",
        "organization_id": world.cell.pk,
        "organization_name": "Chi bộ thôn Đông",
        "stage": {"code": "decided", "label": item["candidate"]["stage"]["label"]},
    }
    # A year on, the ceremony is overdue and Lê Văn Cường's recognition vote is due.
    later = get(board, "/admission/worklist", on="2022-10-05").json()
    steps = {(i["candidate"]["full_name"], i["step"]["code"], i["overdue"]) for i in later["items"]}
    assert steps == {("Lê Thị Bình", "ceremony", True), ("Lê Văn Cường", "recognition_vote", False)}
    assert later["overdue"] == 1
    assert get(board, "/admission/worklist", on="2021-09-01", days=1).json()["items"] == []
    assert get(board, "/admission/worklist", days=0).status_code == 400


def test_worklist_matches_the_page(board, world, pipeline):
    api_items = get(board, "/admission/worklist", on="2022-10-05", days=60).json()["items"]
    page = board.get(reverse("admission:worklist"), {"on": "05/10/2022", "days": 60})
    assert [(i.candidate.pk, i.kind, i.due) for i in page.context["items"]] == [
        (i["candidate"]["id"], i["step"]["code"], date.fromisoformat(i["due"])) for i in api_items
    ]
    assert len(api_items) == 2


@pytest.mark.parametrize(("persona", "count"), [("outsider_user", 0), ("member_user", 0), ("secretary_user", 2)])
def test_worklist_per_persona(client, world, pipeline, persona, count):
    login(client, getattr(world, persona))
    response = get(client, "/admission/worklist", on="2022-10-05")
    assert response.status_code == 200
    assert response.json()["total"] == count
    if count == 0:
        assert "Lê" not in response.content.decode()


# Targets ---------------------------------------------------------------------------------------


@pytest.fixture
def plan(world):
    decision = Decision(number="12-QĐ/HU", signed_on=date(2024, 1, 10), issuer="Huyện ủy An Bình")
    commune2 = make_org(
        name="Đảng bộ xã An Hòa", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="commune"
    )
    cell2 = make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=commune2, type_code="village_cell")
    admission_target_set(organization=world.commune, year=2024, target=4, decision=decision, actor=None)
    admission_target_set(organization=commune2, year=2024, target=2, decision=decision, actor=None)
    admission_target_set(organization=world.other_commune, year=2024, target=5, decision=decision, actor=None)
    make_member(org=world.cell, admitted_on=date(2024, 3, 5), gender="female")
    make_member(org=world.cell, admitted_on=date(2024, 7, 1), ethnicity="02")
    make_member(org=cell2, admitted_on=date(2024, 11, 30))
    make_member(org=cell2, admitted_on=date(2024, 3, 1))
    make_member(org=world.other_cell, admitted_on=date(2024, 5, 1))
    return SimpleNamespace(commune2=commune2, cell2=cell2)


def test_targets_progress_per_sub_unit(board, world, plan):
    data = get(board, "/targets", org=world.district.pk, year=2024).json()
    assert (data["organization_id"], data["year"], data["on"]) == (world.district.pk, 2024, "2024-12-31")
    assert (data["target"], data["admitted"], data["percentage"], data["behind"]) == (6, 4, 66.7, True)
    assert data["year_elapsed"] == 100.0 and data["expected"] == 6
    units = {u["name"]: (u["target"], u["admitted"], u["percentage"], u["behind"], u["own"]) for u in data["units"]}
    assert units == {
        "Đảng bộ xã An Lạc": (4, 2, 50.0, True, False),
        "Đảng bộ xã An Hòa": (2, 2, 100.0, False, False),
    }
    assert [m["admitted"] for m in data["by_month"]] == [0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0]
    assert {(r["code"], r["count"]) for r in data["breakdowns"]["gender"]} == {("female", 1), ("male", 3)}
    assert {r["code"]: r["count"] for r in data["breakdowns"]["ethnicity"]}["02"] == 1
    assert set(data["breakdowns"]) == {
        "ethnicity",
        "religion",
        "gender",
        "age_band",
        "education",
        "occupation",
        "source",
    }


def test_targets_default_to_the_users_top_organization_and_this_year(board, world, plan):
    data = get(board, "/targets").json()
    assert data["organization_id"] == world.district.pk and data["year"] == today().year
    assert data["target"] is None and data["percentage"] is None and data["behind"] is False


def test_targets_of_a_grassroots_unit_and_its_own_row(board, world, plan):
    data = get(board, "/targets", org=world.commune.pk, year=2024).json()
    assert (data["target"], data["admitted"], data["percentage"]) == (4, 2, 50.0)
    assert [(u["name"], u["own"], u["target"], u["admitted"]) for u in data["units"]] == [
        ("Đảng bộ xã An Lạc", True, 4, 0),
        ("Chi bộ thôn Đông", False, None, 2),
    ]


@pytest.mark.parametrize(
    ("persona", "org", "status"),
    [
        ("board_user", "other_district", 404),
        ("outsider_user", "district", 404),
        ("outsider_user", "other_district", 200),
        ("secretary_user", "commune", 404),
        ("member_user", "cell", 404),
        ("member_user", None, 404),
    ],
)
def test_targets_are_scoped(client, world, plan, persona, org, status):
    login(client, getattr(world, persona))
    params = {"year": 2024} | ({"org": getattr(world, org).pk} if org else {})
    response = get(client, "/targets", **params)
    assert response.status_code == status
    if status == 200:
        assert response.json()["target"] == 5 and response.json()["admitted"] == 1


def test_targets_refuse_a_year_out_of_range(board, world):
    assert get(board, "/targets", year=1800).status_code == 400


# Badges and party age --------------------------------------------------------------------------


@pytest.fixture
def old(world):
    """A tree established in 1970 (members admitted decades ago), with its board; members due badges."""
    on = date(1970, 1, 1)
    province = make_org(name="Đảng bộ tỉnh Lâu Đời", kind=OrgKind.PROVINCE, type_code="province", on=on)
    district = make_org(name="Đảng bộ huyện Cũ", kind=OrgKind.UPPER, parent=province, type_code="district", on=on)
    commune = make_org(
        name="Đảng bộ xã Cũ", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", on=on
    )
    cell = make_org(name="Chi bộ thôn Cũ", kind=OrgKind.CELL, parent=commune, type_code="village_cell", on=on)
    board = UserFactory(username="old-board")
    RoleAssignment.objects.create(user=board, role=Role.BOARD, organization=district)
    people = {
        "exact": make_member(org=cell, full_name="Lê Văn Đúng", admitted_on=date(1994, 5, 19), date_of_birth=DOB),
        "short": make_member(org=cell, full_name="Lê Văn Thiếu", admitted_on=date(1994, 5, 20), date_of_birth=DOB),
        "ill": make_member(org=cell, full_name="Lê Văn Ốm", admitted_on=date(1995, 5, 19), date_of_birth=DOB),
        "awarded": make_member(org=cell, full_name="Lê Văn Nhận", admitted_on=date(1994, 1, 1), date_of_birth=DOB),
        "back": make_member(org=cell, full_name="Lê Văn Trở", admitted_on=date(1980, 5, 19), date_of_birth=DOB),
    }
    gravely_ill_flag_create(
        member=people["ill"], valid_from=date(2024, 1, 1), document="Giấy ra viện số 12", actor=None
    )
    member_record_event(
        member=people["awarded"],
        kind=EventKind.BADGE_AWARDED,
        on=date(2024, 2, 3),
        badge_years=30,
        decision_number="1-QĐ/HU",
        decision_date=date(2024, 1, 25),
        decision_issuer="Ban Thường vụ Huyện ủy",
        actor=None,
    )
    member_record_event(member=people["back"], kind=EventKind.EXPELLED, on=date(1990, 5, 19), actor=None)
    member_record_event(
        member=people["back"], kind=EventKind.READMITTED, on=date(1994, 5, 19), organization=cell, actor=None
    )
    return SimpleNamespace(district=district, cell=cell, board_user=board, people=people)


def test_badge_list_for_an_occasion(client, world, old):
    login(client, old.board_user)
    data = get(client, "/badges", org=old.district.pk, occasion=OCCASION.isoformat()).json()
    assert (data["occasion"], data["total"], data["early"]) == ("2024-05-19", 3, 1)
    assert data["occasions"] == ["2024-02-03", "2024-05-19", "2024-09-02", "2024-11-07"]
    assert "QĐ" in data["regulation"]
    listed = {m["full_name"]: (g["milestone"], m["badge"]["early"]) for g in data["groups"] for m in g["members"]}
    assert listed == {"Lê Văn Đúng": (30, False), "Lê Văn Ốm": (30, True), "Lê Văn Trở": (40, False)}
    assert [(g["milestone"], g["count"]) for g in data["groups"]] == [(30, 2), (40, 1)]
    exact = next(m for m in data["groups"][0]["members"] if m["full_name"] == "Lê Văn Đúng")
    assert exact["badge"] == {"milestone": 30, "reached_on": "2024-05-19", "early": False, "early_months": 0}
    assert exact["party_age"]["years"] == 30 and exact["party_age"]["admitted_on"] == "1994-05-19"
    assert exact["organization_name"] == "Chi bộ thôn Cũ"
    ill = next(m for m in data["groups"][0]["members"] if m["full_name"] == "Lê Văn Ốm")
    assert ill["badge"] == {"milestone": 30, "reached_on": "2025-05-19", "early": True, "early_months": 12}
    back = data["groups"][1]["members"][0]
    assert back["party_age"]["counted_from"] == "1984-05-19"
    assert back["party_age"]["periods_outside"] == [{"start": "1990-05-19", "end": "1994-05-19"}]


def test_badge_list_chooses_the_occasion_and_refuses_other_dates(client, world, old):
    login(client, old.board_user)
    data = get(client, "/badges", year=2024).json()
    # Every 2024 occasion is past: the last one of the year; the user's top organization.
    assert data["occasion"] == "2024-11-07" and data["organization_id"] == old.district.pk
    upcoming = get(client, "/badges").json()["occasion"]
    assert date.fromisoformat(upcoming) >= today()
    response = get(client, "/badges", org=old.district.pk, occasion="2024-05-20")
    assert response.status_code == 400 and "20/05/2024" in response.json()["detail"]
    assert "19/05/2024" in response.json()["detail"] and "không phải là đợt trao tặng" in response.json()["detail"]
    assert get(client, "/badges", year=2023, occasion="2024-05-19").status_code == 400


@pytest.mark.parametrize(("persona", "status"), [("outsider_user", 404), ("member_user", 404), ("board_user", 404)])
def test_badge_list_is_scoped(client, world, old, persona, status):
    login(client, getattr(world, persona))
    response = get(client, "/badges", org=old.district.pk, occasion=OCCASION.isoformat())
    assert response.status_code == status
    assert "Lê Văn" not in response.content.decode()


def test_member_sees_no_badge_list_of_its_own(client, world):
    login(client, world.member_user)
    assert get(client, "/badges").status_code == 404
    assert get(client, "/badges", org=world.cell.pk).status_code == 404


def test_party_age_with_an_expulsion_and_readmission(client, world, old):
    login(client, old.board_user)
    data = get(client, f"/members/{old.people['back'].pk}/party-age", on=OCCASION.isoformat()).json()
    assert data["member_id"] == old.people["back"].pk and data["on"] == "2024-05-19"
    assert data["party_age"] == {
        "years": 40,
        "months": 0,
        "days": 0,
        "admitted_on": "1980-05-19",
        "counted_from": "1984-05-19",
        "days_outside": (date(1994, 5, 19) - date(1990, 5, 19)).days,
        "periods_outside": [{"start": "1990-05-19", "end": "1994-05-19"}],
    }
    assert data["badges"] == []
    assert data["next_occasion"] == "2024-05-19" and data["next_badge"]["milestone"] == 40


def test_party_age_lists_badges_awarded_and_illness(client, world, old):
    login(client, old.board_user)
    awarded = get(client, f"/members/{old.people['awarded'].pk}/party-age", on="2024-03-01").json()
    assert awarded["badges"] == [
        {
            "years": 30,
            "on": "2024-02-03",
            "decision": {"number": "1-QĐ/HU", "signed_on": "2024-01-25", "issuer": "Ban Thường vụ Huyện ủy"},
        }
    ]
    assert awarded["next_badge"] is None
    ill = get(client, f"/members/{old.people['ill'].pk}/party-age", on="2024-03-01").json()
    assert ill["gravely_ill"] == [{"valid_from": "2024-01-01", "valid_to": None, "document": "Giấy ra viện số 12"}]
    assert ill["next_badge"] == {"milestone": 30, "reached_on": "2025-05-19", "early": True, "early_months": 12}


def test_member_sees_its_own_party_age_only(client, world):
    login(client, world.member_user)
    data = get(client, f"/members/{world.member.pk}/party-age", on="2024-03-15").json()
    assert data["party_age"]["years"] == 14 and data["party_age"]["months"] == 0
    assert data["party_age"]["admitted_on"] == "2010-03-15"
    assert get(client, f"/members/{world.other_member.pk}/party-age").status_code == 404


@pytest.mark.parametrize(
    ("persona", "member", "status"),
    [
        ("board_user", "member", 200),
        ("secretary_user", "member", 200),
        ("board_user", "other_member", 404),
        ("outsider_user", "member", 404),
        ("outsider_user", "other_member", 200),
    ],
)
def test_party_age_is_scoped(client, world, persona, member, status):
    login(client, getattr(world, persona))
    response = get(client, f"/members/{getattr(world, member).pk}/party-age")
    assert response.status_code == status
    if status == 404:
        assert getattr(world, member).full_name not in response.content.decode()


def test_party_age_before_admission_is_null(board, world):
    data = get(board, f"/members/{world.member.pk}/party-age", on="2009-01-01").json()
    assert data["party_age"] is None and data["next_badge"] is None


# Transfers -------------------------------------------------------------------------------------


@pytest.fixture
def paper(world):
    """A referral of Nguyễn Văn Tuấn from cell C01-01 to cell C01-02, issued Monday 03/06/2024, due 15/07/2024."""
    cell2 = make_org(
        name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell", code="C01-02"
    )
    return transfer_issue(
        member=world.member,
        kind=TransferKind.OFFICIAL,
        direction=Direction.WITHIN,
        issued_on=date(2024, 6, 3),
        issuer="Đảng ủy xã An Lạc",
        number="15-GGT/ĐU",
        to_organization=cell2,
        actor=world.board_user,
    )


def test_transfer_list_gives_status_and_deadline(board, world, paper):
    data = get(board, "/transfers").json()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["id"] == paper.pk and item["number"] == "15-GGT/ĐU"
    assert item["kind"]["code"] == "official" and item["direction"]["code"] == "within"
    assert item["status"]["code"] == "issued" and item["status"]["label"]
    assert (item["member_id"], item["person_name"]) == (world.member.pk, "Nguyễn Văn Tuấn")
    assert (item["from_name"], item["to_name"]) == ("Chi bộ thôn Đông", "Chi bộ thôn Nam")
    # 30 working days after Monday 03/06/2024 (no holiday on the way): Monday 15/07/2024.
    assert (item["issued_on"], item["present_by"]) == ("2024-06-03", "2024-07-15")
    assert item["late"] is True and item["regulation"]
    assert get(board, "/transfers", on="2024-07-15").json()["items"][0]["late"] is False
    assert get(board, "/transfers", status="open").json()["count"] == 1
    assert get(board, "/transfers", status="overdue").json()["count"] == 1
    assert get(board, "/transfers", status="presented").json()["count"] == 0
    assert get(board, "/transfers", q="tuan").json()["count"] == 1
    assert get(board, "/transfers", status="lost").status_code == 400
    assert get(board, "/transfers", direction="sideways").status_code == 400


def test_transfer_detail(board, world, paper):
    data = get(board, f"/transfers/{paper.pk}").json()
    assert data["present_by"] == "2024-07-15" and data["to_organization_id"] == paper.to_organization_id


@pytest.mark.parametrize(
    ("persona", "listed", "detail"),
    [
        ("secretary_user", 1, 200),
        ("outsider_user", 0, 404),
        # A member sees the papers about themselves, as on the transfers pages (transfers.queries.papers_for).
        ("member_user", 1, 200),
    ],
)
def test_transfers_are_scoped(client, world, paper, persona, listed, detail):
    login(client, getattr(world, persona))
    response = get(client, "/transfers")
    assert response.json()["count"] == listed
    if not listed:
        assert "Tuấn" not in response.content.decode()
    assert get(client, f"/transfers/{paper.pk}").status_code == detail


def test_other_members_paper_is_hidden_from_the_member(client, world, paper):
    other_paper = transfer_issue(
        member=world.other_member,
        kind=TransferKind.OFFICIAL,
        direction=Direction.OUT,
        issued_on=date(2024, 6, 3),
        issuer="Đảng ủy xã Bắc Hà",
        to_place="Đảng bộ tỉnh Khác",
        actor=None,
    )
    login(client, world.member_user)
    assert [p["id"] for p in get(client, "/transfers").json()["items"]] == [paper.pk]
    assert get(client, f"/transfers/{other_paper.pk}").status_code == 404


# The member role -------------------------------------------------------------------------------


def test_member_role_sees_nothing_of_the_pipeline_or_targets(client, world, pipeline, plan):
    login(client, world.member_user)
    assert get(client, "/candidates").json() == {"items": [], "count": 0}
    assert get(client, "/admission/worklist", on="2022-10-05").json()["items"] == []
    assert get(client, f"/candidates/{pipeline.admitted.pk}").status_code == 404
    assert get(client, "/targets", year=2024).status_code == 404
    assert get(client, "/badges").status_code == 404
    assert get(client, f"/members/{world.member.pk}/party-age").status_code == 200


# Query counts ----------------------------------------------------------------------------------


def test_lists_run_a_bounded_number_of_queries(board, world, pipeline, plan, django_assert_max_num_queries):
    for n in range(20):
        make_candidate(org=world.cell, full_name=f"Lê Văn Số {n}")
    for n in range(5):
        candidate = make_ready_candidate(world=world, full_name=f"Lê Thị Bầu {n}", introducer=pipeline.introducer)
        admission_services.candidate_record_cell_vote(
            candidate=candidate, on=date(2021, 8, 20), number="05", official_members=9, in_favour=9, actor=None
        )
    with django_assert_max_num_queries(8):
        data = get(board, "/candidates", limit=100).json()
    assert data["count"] == 28
    with django_assert_max_num_queries(10):
        data = get(board, "/admission/worklist", on="2021-10-01", days=120).json()
    assert data["total"] == 6
    with django_assert_max_num_queries(25):
        assert get(board, "/targets", org=world.district.pk, year=2024).json()["admitted"] == 4
    # One record, but bounded too: its lists are one query each.
    with django_assert_max_num_queries(16):
        assert get(board, f"/candidates/{pipeline.admitted.pk}").status_code == 200


def test_badges_and_transfers_run_a_bounded_number_of_queries(client, world, old, django_assert_max_num_queries):
    for n in range(15):
        make_member(
            org=old.cell,
            full_name=f"Lê Văn Lâu {n}",
            date_of_birth=date(1960, 1, 1),
            admitted_on=date(1990, 1, 1) + timedelta(days=n),
        )
    login(client, old.board_user)
    with django_assert_max_num_queries(15):
        data = get(client, "/badges", org=old.district.pk, occasion=OCCASION.isoformat()).json()
    assert data["total"] == 18
    cell2 = make_org(name="Chi bộ thôn Mới", kind=OrgKind.CELL, parent=old.cell.parent, type_code="village_cell")
    for member in list(old.people.values())[:4]:
        transfer_issue(
            member=member,
            kind=TransferKind.OFFICIAL,
            direction=Direction.WITHIN,
            issued_on=date(2024, 6, 3),
            issuer="Đảng ủy xã Cũ",
            to_organization=cell2,
            actor=None,
        )
    with django_assert_max_num_queries(8):
        assert get(client, "/transfers", limit=100).json()["count"] == 4
