"""A deadline running into a year the working-day calendar does not cover is refused, naming the year,
never computed as if that year had no days off (`rulesets.calendar`; README §Rules for the whole
history). Recognition vote: within 30 working days after probation ends (QĐ 24-QĐ/TW 2021 point 5).
"""

from datetime import date

import pytest
from django.urls import reverse

from coso.admission import queries
from coso.admission.tests.factories import make_admitted_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_probation(world):
    # Ceremony 27/11/2026: probation ends 27/11/2027; 30 working days from it run into 2028,
    # a year the pinned calendar does not cover.
    return make_admitted_candidate(
        world=world,
        full_name="Đinh Văn Muộn",
        vote_on=date(2026, 10, 1),
        decision_on=date(2026, 10, 20),
        ceremony_on=date(2026, 11, 27),
        certificate_on=date(2026, 3, 6),
    )


def test_the_candidate_page_names_the_year_instead_of_a_date(client, world, late_probation):
    [(kind, due, text)] = queries.deadlines(late_probation)
    assert kind == "recognition_vote" and due is None and "2028" in text
    client.force_login(world.board_user)
    response = client.get(reverse("admission:detail", kwargs={"candidate_id": late_probation.pk}))
    assert response.status_code == 200
    assert 'data-testid="calendar-error"' in response.content.decode()


def test_the_worklist_skips_it_while_its_window_ends_before_that_year(client, world, late_probation):
    client.force_login(world.board_user)
    response = client.get(reverse("admission:worklist"), {"on": "01/12/2027", "days": "30"})
    assert response.status_code == 200 and "Đinh Văn Muộn" not in response.content.decode()


def test_the_worklist_refuses_a_window_reaching_into_that_year(client, world, late_probation):
    client.force_login(world.board_user)
    response = client.get(reverse("admission:worklist"), {"on": "20/12/2027", "days": "30"})
    assert response.status_code == 400
    assert "2028" in response.content.decode() and 'data-testid="calendar-error"' in response.content.decode()
    api = client.get("/api/v1/admission/worklist", {"on": "2027-12-20", "days": 30})
    assert api.status_code == 400 and "2028" in api.json()["detail"]
