"""Two people setting the same year's targets from pages loaded before either saved (issue 7, lost
updates): the second is told which targets changed meanwhile, keeps their input, loses nothing."""

import pytest
from django.urls import reverse

from coso.common.versions import StaleEdit
from coso.targets.models import AdmissionTarget
from coso.targets.services import Decision, admission_targets_set_many
from coso.targets.tests.test_progress import plan  # noqa: F401 - the fixture
from coso.testing.concurrency import form_post_data

pytestmark = pytest.mark.django_db
DECISION = Decision(number="5-QĐ/HU", issuer="Ban Thường vụ")


def test_a_stale_target_is_refused_and_nothing_is_written(world, plan):  # noqa: F811
    commune2 = plan["commune2"]
    loaded = {world.commune.pk: 1, commune2.pk: 1}  # both targets of 2024 at version 1
    admission_targets_set_many(
        year=2024, values={world.commune: 6, commune2: 2}, decision=DECISION, versions=loaded, actor=None
    )
    with pytest.raises(StaleEdit) as exc:
        admission_targets_set_many(
            year=2024, values={world.commune: 4, commune2: 3}, decision=DECISION, versions=loaded, actor=None
        )
    [change] = exc.value.changes
    assert (change.label, change.old_display, change.new_display) == (world.commune.name, "4", "6")
    assert AdmissionTarget.objects.get(organization=commune2, year=2024).target == 2  # nothing written


def test_the_second_targets_page_keeps_both_edits(client, world, plan):  # noqa: F811
    commune2 = plan["commune2"]
    client.force_login(world.board_user)
    url = reverse("targets:edit", kwargs={"org_id": world.district.pk}) + "?year=2024"
    loaded = form_post_data(client.get(url).context["form"])
    loaded |= {"year": 2024, "decision_number": "5-QĐ/HU", "decision_date": "2024-01-05"}
    assert loaded[f"version_{world.commune.pk}"] == "1"

    assert client.post(url, loaded | {f"target_{world.commune.pk}": "6"}).status_code == 302
    second = client.post(url, loaded | {f"target_{commune2.pk}": "3"})
    assert second.status_code == 200
    assert f"{world.commune.name}: 4 → 6" in second.content.decode()
    form = second.context["form"]
    assert form[f"target_{world.commune.pk}"].value() == 6
    assert form[f"target_{commune2.pk}"].value() == "3"
    assert client.post(url, dict(form.data.items())).status_code == 302
    targets = dict(AdmissionTarget.objects.filter(year=2024).values_list("organization_id", "target"))
    assert (targets[world.commune.pk], targets[commune2.pk]) == (6, 3)
