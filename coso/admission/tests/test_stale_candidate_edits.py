"""Two people editing the same candidate from forms loaded before either saved (issue 7, lost updates)."""

import pytest
from django.urls import reverse

from coso.admission.models import Candidate
from coso.admission.services import candidate_update
from coso.admission.tests.factories import make_candidate
from coso.common.versions import StaleEdit
from coso.testing.concurrency import form_post_data

pytestmark = pytest.mark.django_db


def test_a_stale_candidate_edit_is_refused_and_writes_nothing(world):
    candidate = make_candidate(org=world.cell)
    candidate_update(candidate=Candidate.objects.get(pk=candidate.pk), data={"phone": "0912"}, version=1, actor=None)
    with pytest.raises(StaleEdit) as exc:
        candidate_update(candidate=candidate, data={"occupation": "Giáo viên"}, version=1, actor=None)
    assert [c.field for c in exc.value.changes] == ["phone"]
    candidate.refresh_from_db()
    assert (candidate.phone, candidate.occupation, candidate.version) == ("0912", "Nông dân", 2)


def test_the_second_candidate_form_keeps_both_edits(client, world):
    candidate = make_candidate(org=world.cell)
    url = reverse("admission:edit", kwargs={"candidate_id": candidate.pk})
    client.force_login(world.board_user)
    loaded = form_post_data(client.get(url).context["form"])
    assert loaded["version"] == "1"

    assert client.post(url, loaded | {"phone": "0912"}).status_code == 302
    second = client.post(url, loaded | {"occupation": "Giáo viên"})
    assert second.status_code == 200
    assert "— → 0912" in second.content.decode()
    form = second.context["form"]
    assert (form["phone"].value(), form["occupation"].value()) == ("0912", "Giáo viên")
    assert client.post(url, dict(form.data.items())).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.phone, candidate.occupation, candidate.version) == ("0912", "Giáo viên", 3)
