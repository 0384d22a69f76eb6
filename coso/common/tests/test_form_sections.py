"""Long forms in sections (issue 8): the member profile (mẫu 2-HSĐV) and the candidate form in
fieldsets with headings and a section menu, no field lost."""

import pytest
from django.urls import reverse

from coso.admission.forms import CandidateForm
from coso.members.forms import MemberCreateForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [CandidateForm, MemberCreateForm])
def test_every_visible_field_is_in_one_section(world, form_class):
    form = form_class(user=world.board_user)
    placed = [field.name for _title, _anchor, fields in form.fieldsets() for field in fields]
    assert sorted(placed) == sorted(field.name for field in form.visible_fields())
    assert len(placed) == len(set(placed))
    assert len(form.fieldsets()) >= 5


@pytest.mark.parametrize("url_name", ["admission:create", "members:create"])
def test_form_pages_show_sections_and_every_field(client, world, url_name):
    client.force_login(world.board_user)
    response = client.get(reverse(url_name))
    page = response.content.decode()
    form = response.context["form"]
    assert response.status_code == 200
    assert page.count('<fieldset class="coso-section"') == len(form.fieldsets())
    assert 'href="#section-1"' in page and 'id="section-1"' in page
    for field in form:
        assert f'name="{field.html_name}"' in page
