"""Browser: a grassroots cell's secretary enters the cell's ratings on one page; a page that breaks
the quota ("excellent" at most 1/5 of "good", QĐ 124-QĐ/TW) shows the quota live and, when sent,
is refused with the quota named and nothing saved; a page within it is decided."""

import re
from datetime import date

from playwright.sync_api import expect

from coso.accounts.models import Role, RoleAssignment
from coso.evaluation import services
from coso.evaluation.models import Evaluation
from coso.organizations.models import OrgKind
from coso.testing.factories import UserFactory, make_member, make_org
from e2e.conftest import login


def test_a_cell_secretary_enters_the_cells_decisions(page, e2e_world):
    world = e2e_world
    cell = make_org(name="Chi bộ Trạm Y tế", kind=OrgKind.GRASSROOTS_CELL, parent=world.district, type_code="hospital")
    people = [make_member(org=cell, full_name=f"Y Sĩ {i}", admitted_on=date(2012, 1, 1)) for i in range(1, 7)]
    secretary = UserFactory(username="bithu_tram")
    RoleAssignment.objects.create(user=secretary, role=Role.SECRETARY, organization=cell)
    campaign = services.campaign_open(committee=world.district, year=2024, opened_on=date(2024, 12, 1), actor=None)
    ids = {m.full_name: campaign.evaluations.get(member=m).pk for m in people}

    login(page, "bithu_tram")
    page.goto(page.base_url + f"/evaluation/campaigns/{campaign.pk}/units/{cell.pk}/")
    expect(page.locator("[data-testid=rating-row]")).to_have_count(6)
    # Two "excellent" against four "good": over the cap, and the quota panel says so as soon as chosen.
    for name in ("Y Sĩ 1", "Y Sĩ 2"):
        page.select_option(f"select[name=grade_{ids[name]}]", "excellent")
    for name in ("Y Sĩ 3", "Y Sĩ 4", "Y Sĩ 5", "Y Sĩ 6"):
        page.select_option(f"select[name=grade_{ids[name]}]", "good")
    expect(page.locator("[data-testid=quota] .alert-danger")).to_contain_text(cell.name)
    page.fill("#id_decided_on", "20/12/2024")
    page.click("[data-testid=decide]")
    errors = page.locator("[data-testid=page-errors]")
    expect(errors).to_contain_text(cell.name)
    expect(errors).to_contain_text(re.compile("xuất sắc|excellent"))
    assert not Evaluation.objects.filter(campaign=campaign).exclude(grade="").exists()
    # The choices are kept on the refused page: one "excellent" less, and the page goes through.
    page.select_option(f"select[name=grade_{ids['Y Sĩ 2']}]", "good")
    expect(page.locator("[data-testid=quota] .alert-danger")).to_have_count(0)
    page.click("[data-testid=decide]")
    expect(page.locator(".alert-success")).to_be_visible()
    grades = dict(
        Evaluation.objects.filter(campaign=campaign, organization=cell, member__isnull=False).values_list(
            "member__full_name", "grade"
        )
    )
    assert grades == {"Y Sĩ 1": "excellent", **{f"Y Sĩ {i}": "good" for i in range(2, 7)}}
