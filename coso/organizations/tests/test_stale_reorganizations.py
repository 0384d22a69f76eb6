"""Two people deciding on the same organization from forms loaded before either saved (issue 7, lost
updates): the second is told what changed meanwhile, keeps their input, and nothing is written."""

from datetime import date

import pytest
from django.urls import reverse

from coso.common.versions import StaleEdit
from coso.organizations.models import Organization, Reorganization
from coso.organizations.services import organization_dissolve, organization_rename

pytestmark = pytest.mark.django_db


def test_a_stale_rename_is_refused_naming_the_change_and_writes_nothing(world):
    organization_rename(
        organization=Organization.objects.get(pk=world.commune.pk),
        name="Đảng bộ xã An Lạc Mới",
        on=date(2025, 7, 1),
        version=1,
        actor=None,
    )
    count = Reorganization.objects.count()
    with pytest.raises(StaleEdit) as exc:
        organization_rename(
            organization=world.commune, name="Đảng bộ xã Khác", on=date(2025, 8, 1), version=1, actor=None
        )
    assert "Đảng bộ xã An Lạc → Đảng bộ xã An Lạc Mới" in exc.value.messages[0]
    assert Reorganization.objects.count() == count
    world.commune.refresh_from_db()
    assert (world.commune.name, world.commune.version) == ("Đảng bộ xã An Lạc Mới", 2)


def test_the_second_rename_form_is_reshown_with_its_input_and_the_new_version(client, world):
    client.force_login(world.board_user)
    url = reverse("organizations:rename", kwargs={"org_id": world.commune.pk})
    assert 'name="version" value="1"' in client.get(url).content.decode()
    first = client.post(url, {"name": "Đảng bộ xã An Lạc Mới", "on": "01/07/2025", "version": 1})
    assert first.status_code == 302
    second = client.post(url, {"name": "Đảng bộ xã Khác", "on": "01/08/2025", "version": 1})
    assert second.status_code == 200
    assert "Đảng bộ xã An Lạc → Đảng bộ xã An Lạc Mới" in second.content.decode()
    form = second.context["form"]
    assert form["name"].value() == "Đảng bộ xã Khác" and form["version"].value() == 2
    assert client.post(url, dict(form.data.items())).status_code == 302
    world.commune.refresh_from_db()
    assert world.commune.name == "Đảng bộ xã Khác"


def test_a_stale_dissolve_is_refused(world):
    organization_rename(
        organization=Organization.objects.get(pk=world.other_cell.pk),
        name="Chi bộ Tây Mới",
        on=date(2025, 7, 1),
        actor=None,
    )
    with pytest.raises(StaleEdit):
        organization_dissolve(organization=world.other_cell, on=date(2025, 8, 1), version=1, actor=None)
    world.other_cell.refresh_from_db()
    assert world.other_cell.dissolved_on is None
