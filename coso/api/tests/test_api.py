"""The read API (/api/v1/): each endpoint, its scope, its dates, token auth and the public schema."""

from datetime import date

import pytest
from django.utils import timezone

from coso.accounts.services import api_token_create, api_token_revoke
from coso.common.dates import today
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.organizations.services import organization_merge, organization_rename
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db

API = "/api/v1"
MERGED_ON = date(2025, 7, 1)
BEFORE = date(2024, 6, 1)


def get(client, url, **params):
    response = client.get(f"{API}{url}", params)
    return response


def names(items):
    return {item["name"] for item in items}


@pytest.fixture
def board(client, world):
    client.force_login(world.board_user)
    return client


@pytest.fixture
def merger(world):
    """Commune C03 (2 members in its cell) merged into commune C01 on 01/07/2025, as in the 2025 reform."""
    c03 = make_org(
        name="Đảng bộ xã An Hòa",
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        parent=world.district,
        type_code="commune",
        code="C03",
    )
    cell3 = make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=c03, type_code="village_cell", code="C03-01")
    lan = make_member(
        org=cell3,
        full_name="Lò Thị Lan",
        gender="female",
        date_of_birth=date(1996, 1, 1),
        ethnicity="02",
        admitted_on=date(2015, 3, 15),  # at 19: an admission at 14 is refused (issue 7)
    )
    binh = make_member(org=cell3, full_name="Vũ Văn Bình", date_of_birth=date(1960, 5, 5), admitted_on=date(2000, 6, 1))
    member_record_event(member=binh, kind=EventKind.RECOGNIZED, on=date(2001, 6, 1), actor=None)
    organization_merge(sources=[c03], target=world.commune, on=MERGED_ON, actor=world.board_user)
    c03.refresh_from_db()
    cell3.refresh_from_db()
    return {"c03": c03, "cell3": cell3, "lan": lan, "binh": binh}


# Authentication --------------------------------------------------------------------------------

ENDPOINTS = [
    "/organizations",
    "/organizations/{org}",
    "/organizations/{org}/children",
    "/organizations/{org}/counts",
    "/members",
    "/members/{member}",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_needs_a_login_or_a_token(client, world, endpoint):
    url = endpoint.format(org=world.cell.pk, member=world.member.pk)
    response = get(client, url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in response.json()["detail"]


def test_bearer_token_authenticates_as_its_user_and_records_use(client, world):
    token, key = api_token_create(user=world.board_user, name="dashboard", actor=world.admin)
    assert token.last_used_at is None
    response = client.get(f"{API}/members/{world.member.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["full_name"] == "Nguyễn Văn Tuấn"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert abs((timezone.now() - token.last_used_at).total_seconds()) < 60


def test_token_sees_only_its_users_scope(client, world):
    _token, key = api_token_create(user=world.outsider_user, name="other district", actor=None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"{API}/members/{world.member.pk}", **headers).status_code == 404
    assert client.get(f"{API}/members/{world.other_member.pk}", **headers).status_code == 200
    listed = client.get(f"{API}/members", **headers).json()
    assert [m["full_name"] for m in listed["items"]] == ["Trần Thị Hoa"]


@pytest.mark.parametrize("header", ["Bearer not-a-key", "Token {key}", "Bearer", "{key}"])
def test_wrong_or_malformed_token_is_401(client, world, header):
    _token, key = api_token_create(user=world.board_user, name="t", actor=None)
    response = client.get(f"{API}/members", HTTP_AUTHORIZATION=header.format(key=key))
    assert response.status_code == 401


def test_revoked_token_and_inactive_user_are_refused(client, world):
    token, key = api_token_create(user=world.board_user, name="t", actor=None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"{API}/members", **headers).status_code == 200
    world.board_user.is_active = False
    world.board_user.save()
    assert client.get(f"{API}/members", **headers).status_code == 401
    world.board_user.is_active = True
    world.board_user.save()
    api_token_revoke(token=token, actor=None)
    assert client.get(f"{API}/members", **headers).status_code == 401


def test_openapi_schema_is_public_and_docs_page_is_off(client, world):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert f"{API}/organizations/{{org_id}}/counts" in schema["paths"]
    assert f"{API}/members" in schema["paths"]
    assert {"ApiTokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    counts = schema["components"]["schemas"]["MemberCountsOut"]["properties"]
    assert all(prop.get("description") for prop in counts.values())
    assert client.get(f"{API}/docs").status_code == 404
    # The schema holds no data.
    assert "Nguyễn" not in response.content.decode()


# Organizations ---------------------------------------------------------------------------------


def test_organization_list_is_scoped_and_in_tree_order(board, world):
    data = get(board, "/organizations").json()
    assert data["count"] == 3
    assert [o["code"] for o in data["items"]] == ["D01", "C01", "C01-01"]
    cell = data["items"][2]
    assert cell["parent_id"] == world.commune.pk
    assert cell["kind"]["code"] == "cell" and cell["org_type"]["code"] == "village_cell"
    assert cell["established_on"] == "2000-01-01" and cell["as_of"] == today().isoformat()


def test_organization_list_for_secretary_and_member(client, world):
    client.force_login(world.secretary_user)
    assert [o["code"] for o in get(client, "/organizations").json()["items"]] == ["C01-01"]
    client.force_login(world.member_user)
    assert get(client, "/organizations").json() == {"items": [], "count": 0}


def test_organization_list_filters_and_pagination(board, world):
    assert [o["code"] for o in get(board, "/organizations", kind="cell").json()["items"]] == ["C01-01"]
    assert [o["code"] for o in get(board, "/organizations", parent=world.district.pk).json()["items"]] == ["C01"]
    page = get(board, "/organizations", limit=1, offset=1).json()
    assert page["count"] == 3 and [o["code"] for o in page["items"]] == ["C01"]
    assert get(board, "/organizations", parent=world.other_district.pk).status_code == 404
    assert get(board, "/organizations", kind="nonsense").status_code == 400
    assert get(board, "/organizations", on="31/12/2009").status_code == 400


def test_organization_list_as_of_a_date_shows_the_tree_of_that_date(board, world, merger):
    before = get(board, "/organizations", on=BEFORE.isoformat()).json()["items"]
    after = get(board, "/organizations").json()["items"]
    assert "Đảng bộ xã An Hòa" in names(before) and "Đảng bộ xã An Hòa" not in names(after)
    cell3_before = next(o for o in before if o["code"] == "C03-01")
    cell3_after = next(o for o in after if o["code"] == "C03-01")
    assert cell3_before["parent_id"] == merger["c03"].pk and cell3_before["as_of"] == BEFORE.isoformat()
    assert cell3_after["parent_id"] == world.commune.pk
    assert get(board, "/organizations", on="1999-01-01").json()["count"] == 0


def test_organization_detail_gives_name_on_date_and_history(board, world):
    organization_rename(organization=world.cell, name="Chi bộ thôn Đông Một", on=date(2020, 1, 1), actor=None)
    data = get(board, f"/organizations/{world.cell.pk}").json()
    assert data["name"] == "Chi bộ thôn Đông Một"
    assert [(v["name"], v["valid_from"], v["valid_to"]) for v in data["history"]] == [
        ("Chi bộ thôn Đông", "2000-01-01", "2020-01-01"),
        ("Chi bộ thôn Đông Một", "2020-01-01", None),
    ]
    assert data["history"][1]["reorganization"] == "rename"
    assert get(board, f"/organizations/{world.cell.pk}", on="2019-12-31").json()["name"] == "Chi bộ thôn Đông"


@pytest.mark.parametrize(
    ("persona", "org", "status"),
    [
        ("board_user", "other_cell", 404),
        ("board_user", "province", 404),
        ("secretary_user", "commune", 404),
        ("secretary_user", "cell", 200),
        ("member_user", "cell", 404),
        ("outsider_user", "cell", 404),
        ("outsider_user", "other_cell", 200),
    ],
)
@pytest.mark.parametrize("suffix", ["", "/children", "/counts"])
def test_organization_endpoints_are_scoped(client, world, persona, org, status, suffix):
    client.force_login(getattr(world, persona))
    response = get(client, f"/organizations/{getattr(world, org).pk}{suffix}")
    assert response.status_code == status
    if status == 404:
        assert "Trần" not in response.content.decode() and "Nguy" not in response.content.decode()


def test_unknown_organization_is_404(board, world):
    assert get(board, "/organizations/999999").status_code == 404
    assert get(board, "/organizations/abc").status_code == 404


def test_children_as_of_a_date(board, world, merger):
    before = get(board, f"/organizations/{world.commune.pk}/children", on=BEFORE.isoformat()).json()
    after = get(board, f"/organizations/{world.commune.pk}/children").json()
    assert names(before) == {"Chi bộ thôn Đông"}
    assert names(after) == {"Chi bộ thôn Đông", "Chi bộ thôn Nam"}
    assert names(get(board, f"/organizations/{merger['c03'].pk}/children", on=BEFORE.isoformat()).json()) == {
        "Chi bộ thôn Nam"
    }
    assert get(board, f"/organizations/{merger['c03'].pk}/children").json() == []


def _count(block, code):
    return next((item["count"] for item in block if item["code"] == code), 0)


def test_counts_as_of_a_past_date_do_not_change_after_a_merger(board, world, merger):
    commune_before = get(board, f"/organizations/{world.commune.pk}/counts", on=BEFORE.isoformat()).json()
    commune_now = get(board, f"/organizations/{world.commune.pk}/counts").json()
    c03_before = get(board, f"/organizations/{merger['c03'].pk}/counts", on=BEFORE.isoformat()).json()
    c03_now = get(board, f"/organizations/{merger['c03'].pk}/counts").json()

    assert commune_before["on"] == BEFORE.isoformat() and commune_now["on"] == today().isoformat()
    assert commune_before["total"] == 1
    assert commune_now["total"] == 3
    assert c03_before["total"] == 2
    assert c03_now["total"] == 0
    assert [(item["code"], item["count"]) for item in c03_now["status"]] == [("probationary", 0), ("official", 0)]
    # The district holds the same people before and after: only the tree under it changed.
    district_before = get(board, f"/organizations/{world.district.pk}/counts", on=BEFORE.isoformat()).json()
    assert district_before["total"] == 3


def test_counts_break_down_by_status_gender_ethnicity_age_and_education(board, world, merger):
    data = get(board, f"/organizations/{merger['c03'].pk}/counts", on=BEFORE.isoformat()).json()
    assert _count(data["status"], "official") == 1 and _count(data["status"], "probationary") == 1
    assert _count(data["gender"], "female") == 1 and _count(data["gender"], "male") == 1
    assert _count(data["ethnicity"], "02") == 1 and _count(data["ethnicity"], "01") == 1
    assert data["ethnic_minority"] == 1 and data["with_religion"] == 0
    assert [item["code"] for item in data["religion"]] == ["none"]
    # Lò Thị Lan, born 01/01/1996, is 28 on 01/06/2024; Vũ Văn Bình, born 05/05/1960, is 64.
    assert _count(data["age_band"], "u30") == 1 and _count(data["age_band"], "o60") == 1
    assert _count(data["general_education"], "12/12") == 2
    assert _count(data["political_theory"], "none") == 2
    assert sum(item["count"] for item in data["status"]) == data["total"]
    assert [item["code"] for item in data["age_band"]] == ["u30", "30_40", "41_50", "51_60", "o60"]
    for block in ("status", "gender", "ethnicity", "religion", "age_band", "general_education", "political_theory"):
        assert all(item["label"] for item in data[block]), block


def test_counts_leave_out_attached_members_and_count_exemptions(board, world):
    host_before = get(board, f"/organizations/{world.cell.pk}/counts", on="2023-06-01").json()["total"]
    visitor = make_member(org=world.commune, full_name="Đỗ Văn Khách")
    member_record_event(
        member=visitor, kind=EventKind.ATTACHED, on=date(2023, 1, 1), organization=world.cell, actor=None
    )
    member_record_event(member=world.member, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), actor=None)
    member_record_event(member=world.member, kind=EventKind.EXEMPTED, on=date(2022, 1, 1), actor=None)
    data = get(board, f"/organizations/{world.cell.pk}/counts", on="2023-06-01").json()
    assert data["total"] == host_before == 1
    assert data["exempted"] == 1
    assert get(board, f"/organizations/{world.commune.pk}/counts", on="2023-06-01").json()["total"] == 2


# Members ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["nguyen van tuan", "NGUYEN tuan", "Nguyễn Văn Tuấn", "tuấn", "001085000001"])
def test_member_search_ignores_diacritics(board, world, text):
    data = get(board, "/members", q=text).json()
    assert [m["full_name"] for m in data["items"]] == ["Nguyễn Văn Tuấn"]


def test_member_search_never_finds_members_out_of_scope(board, world):
    assert get(board, "/members", q="tran thi hoa").json() == {"items": [], "count": 0}
    assert get(board, "/members", q="002090000002").json()["count"] == 0


def test_member_list_filters_by_org_date_and_status(board, world, merger):
    def listed(**params):
        return {m["full_name"] for m in get(board, "/members", **params).json()["items"]}

    assert listed() == {"Nguyễn Văn Tuấn", "Lò Thị Lan", "Vũ Văn Bình"}
    assert listed(org=world.commune.pk, on=BEFORE.isoformat()) == {"Nguyễn Văn Tuấn"}
    assert listed(org=world.commune.pk) == {"Nguyễn Văn Tuấn", "Lò Thị Lan", "Vũ Văn Bình"}
    assert listed(org=merger["c03"].pk, on=BEFORE.isoformat()) == {"Lò Thị Lan", "Vũ Văn Bình"}
    assert listed(status="official", on=BEFORE.isoformat()) == {"Vũ Văn Bình"}
    assert listed(status="probationary", on="2009-01-01") == set()
    assert listed(gender="female") == {"Lò Thị Lan"}
    assert listed(ethnicity="02") == {"Lò Thị Lan"}
    assert listed(age_band="o60", on=BEFORE.isoformat()) == {"Vũ Văn Bình"}


def test_member_list_item_shape_and_pagination(board, world, merger):
    page = get(board, "/members", limit=2, offset=0).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    item = next(m for m in get(board, "/members", q="tuan").json()["items"])
    assert item == {
        "id": world.member.pk,
        "full_name": "Nguyễn Văn Tuấn",
        "gender": {"code": "male", "label": item["gender"]["label"]},
        "date_of_birth": "1985-06-01",
        "ethnicity": {"code": "01", "label": "Kinh"},
        "status": {"code": "probationary", "label": item["status"]["label"]},
        "organization_id": world.cell.pk,
        "organization_name": "Chi bộ thôn Đông",
        "admitted_on": "2010-03-15",
        "official_on": None,
    }


def test_member_list_rejects_unknown_values_naming_the_field(board, world):
    response = get(board, "/members", status="sleeping")
    assert response.status_code == 400 and response.json()["detail"]
    response = get(board, "/members", ethnicity="zz")
    assert response.status_code == 400 and "zz" in response.json()["detail"]
    assert get(board, "/members", org=world.other_cell.pk).status_code == 404


def test_member_persona_lists_only_its_own_record(client, world):
    client.force_login(world.member_user)
    assert [m["full_name"] for m in get(client, "/members").json()["items"]] == ["Nguyễn Văn Tuấn"]
    assert get(client, f"/members/{world.member.pk}").status_code == 200
    assert get(client, f"/members/{world.other_member.pk}").status_code == 404
    assert get(client, "/members", org=world.cell.pk).status_code == 404


def test_member_detail_gives_profile_and_history_with_decisions(board, world):
    member_record_event(
        member=world.member,
        kind=EventKind.RECOGNIZED,
        on=date(2011, 3, 15),
        decision_number="45-QĐ/HU",
        decision_date=date(2011, 3, 20),
        decision_issuer="Ban Thường vụ Huyện ủy An Bình",
        actor=None,
    )
    data = get(board, f"/members/{world.member.pk}").json()
    assert data["citizen_id"] == "001085000001"
    assert data["status"]["code"] == "official" and data["official_on"] == "2011-03-15"
    assert data["residential_unit_id"] == world.unit.pk
    assert [e["kind"]["code"] for e in data["history"]] == ["admitted", "recognized"]
    recognized = data["history"][1]
    assert recognized["on"] == "2011-03-15"
    assert recognized["decision"] == {
        "number": "45-QĐ/HU",
        "signed_on": "2011-03-20",
        "issuer": "Ban Thường vụ Huyện ủy An Bình",
    }
    assert data["history"][0]["organization_name"] == "Chi bộ thôn Đông"


def test_member_detail_out_of_scope_is_404(client, world):
    for persona, member in [
        ("board_user", "other_member"),
        ("outsider_user", "member"),
        ("secretary_user", "other_member"),
    ]:
        client.force_login(getattr(world, persona))
        response = get(client, f"/members/{getattr(world, member).pk}")
        assert response.status_code == 404, persona
        assert set(response.json()) == {"detail"}
    assert get(client, "/members/999999").status_code == 404


def test_errors_are_in_vietnamese(client, world):
    assert get(client, "/members").json()["detail"].startswith("Đề nghị đăng nhập")
    client.force_login(world.board_user)
    assert get(client, f"/members/{world.other_member.pk}").json()["detail"].startswith("Không tìm thấy")
    assert "không có trong danh mục" in get(client, "/members", ethnicity="zz").json()["detail"]


# Query counts ----------------------------------------------------------------------------------


def test_lists_run_a_fixed_number_of_queries(board, world, django_assert_max_num_queries):
    for n in range(25):
        make_member(org=world.cell, full_name=f"Nguyễn Văn Số {n}")
    for n in range(10):
        make_org(name=f"Chi bộ {n}", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell")
    # 9: the register reads the user's subtrees on the date asked (members.filters.reach), issue 7
    with django_assert_max_num_queries(9):
        data = get(board, "/members", limit=100).json()
    assert data["count"] == 26
    with django_assert_max_num_queries(8):
        assert get(board, "/organizations").json()["count"] == 13
    with django_assert_max_num_queries(8):
        assert len(get(board, f"/organizations/{world.commune.pk}/children").json()) == 11
    # One batched count and one grouped count per breakdown of the catalogue (7), whatever the size.
    with django_assert_max_num_queries(20):
        assert get(board, f"/organizations/{world.district.pk}/counts").json()["total"] == 26
