"""Browser: forms that fit the hand (issue 8). A board user finds the proposing cell and an introducer
by typing without diacritics into the searchable pickers (the search endpoint, as on a province of
thousands), types dates as digits or picks one from the Vietnamese calendar, and saves."""

from datetime import date

from playwright.sync_api import expect

from coso.admission.models import Candidate, Introducer
from coso.common import pickers
from coso.members.choices import EventKind
from coso.members.models import Ethnicity, Religion
from coso.members.services import member_record_event
from coso.testing.factories import make_member
from e2e.conftest import login


def _pick(page, field_id: str, typed: str, label: str) -> None:
    page.locator(f"#{field_id} + .ts-wrapper .ts-control").click()
    page.keyboard.type(typed)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=label)
    expect(option).to_have_count(1)
    option.click()


def test_pickers_and_typed_dates_on_the_candidate_forms(page, e2e_world, monkeypatch):
    world = e2e_world
    monkeypatch.setattr(pickers, "LOCAL_MAX", 0)  # every list searched on the server, as on a province
    introducer = make_member(org=world.cell, full_name="Hoàng Văn Giới Thiệu", admitted_on=date(2010, 3, 15))
    member_record_event(member=introducer, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), actor=None)
    login(page, "board")

    page.goto(page.base_url + "/admission/new/")
    expect(page.locator("#id_date_of_birth")).to_have_attribute("placeholder", "ngày/tháng/năm")
    expect(page.locator("nav.coso-section-nav, .coso-section-nav").first).to_be_visible()
    _pick(page, "id_organization", "thon dong", "Chi bộ thôn Đông — Đảng bộ xã An Lạc")
    page.fill("#id_full_name", "Phan Thị Thu Hà")
    page.select_option("#id_gender", "female")
    page.fill("#id_date_of_birth", "10051998")  # digits only
    page.select_option("#id_ethnicity", str(Ethnicity.objects.get(code="01").pk))
    page.select_option("#id_religion", str(Religion.objects.get(code="none").pk))
    page.select_option("#id_general_education", "12/12")
    page.select_option("#id_source", "youth_union")
    # The calendar opens on the typed month and writes the picked day as dd/mm/yyyy.
    page.fill("#id_registered_on", "10012019")
    page.locator("#id_registered_on ~ .coso-date-button").click()
    calendar = page.locator("#id_registered_on ~ .coso-date-pop")
    expect(calendar.locator(".view-switch")).to_have_text("Tháng 1 2019")
    calendar.locator(".datepicker-cell.day:not(.prev):not(.next)", has_text="15").first.click()
    expect(page.locator("#id_registered_on")).to_have_value("15/01/2019")
    expect(calendar).to_be_hidden()
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    candidate = Candidate.objects.get(full_name="Phan Thị Thu Hà")
    assert candidate.organization_id == world.cell.pk
    assert candidate.date_of_birth == date(1998, 5, 10) and candidate.registered_on == date(2019, 1, 15)

    # The introducer: found by a folded part of the name among the members the board may pick.
    _pick(page, "id_introducer-member", "gioi thieu", "Hoàng Văn Giới Thiệu")
    page.fill("#id_introducer-shared_since", "01.01.18")
    page.click("[data-testid=introducer-submit]")
    page.wait_for_load_state("networkidle")
    introduction = Introducer.objects.get(candidate=candidate)
    assert introduction.member_id == introducer.pk and introduction.shared_since == date(2018, 1, 1)
