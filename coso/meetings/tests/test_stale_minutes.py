"""Two people writing the same minutes from forms loaded before either saved: the second is told what
changed meanwhile, keeps their input, and neither edit is lost (issue 7, lost updates, 1 of 1)."""

from datetime import date, time

import pytest
from django.db import connection
from django.urls import reverse

from coso.common.versions import StaleEdit
from coso.meetings import services
from coso.meetings.models import Meeting
from coso.testing.concurrency import race


def _planned(cw):
    return services.meeting_plan(
        cell=cw.cell, kind="regular", planned_on=date(2025, 3, 20), place="Nhà văn hóa", actor=None
    )


def _minutes(cw, **overrides):
    data = {
        "started_at": "19:30",
        "ended_at": "21:10",
        "chair": cw.official.pk,
        "minute_taker": cw.newcomer.pk,
        "content": "",
        "resolution": "",
        "dues_collected": "",
    }
    return data | overrides


@pytest.mark.django_db
def test_second_minutes_form_is_reshown_with_both_edits(client, cw):
    meeting = _planned(cw)
    url = reverse("meetings:minutes", kwargs={"meeting_id": meeting.pk})
    client.force_login(cw.world.secretary_user)
    assert 'name="version" value="1"' in client.get(url).content.decode()

    first = client.post(url, _minutes(cw, version=1, content="Đánh giá tình hình tháng 3."))
    assert first.status_code == 302
    second = client.post(url, _minutes(cw, version=1, resolution="Thống nhất nhiệm vụ tháng 4."))
    assert second.status_code == 200
    assert "— → Đánh giá tình hình tháng 3." in second.content.decode()  # what changed meanwhile
    form = second.context["form"]
    assert form["content"].value() == "Đánh giá tình hình tháng 3."  # the first person's text
    assert form["resolution"].value() == "Thống nhất nhiệm vụ tháng 4."  # this person's text, kept
    meeting.refresh_from_db()
    assert (meeting.content, meeting.resolution, meeting.version) == ("Đánh giá tình hình tháng 3.", "", 2)

    again = client.post(url, dict(form.data.items()))
    assert again.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.content, meeting.resolution, meeting.version) == (
        "Đánh giá tình hình tháng 3.",
        "Thống nhất nhiệm vụ tháng 4.",
        3,
    )


@pytest.mark.django_db
def test_a_stale_plan_edit_is_refused_naming_the_field(cw):
    meeting = _planned(cw)
    services.meeting_update(
        meeting=Meeting.objects.get(pk=meeting.pk), data={"place": "Hội trường"}, version=1, actor=None
    )
    with pytest.raises(StaleEdit) as exc:
        services.meeting_update(meeting=meeting, data={"topic": "Chuyên đề"}, version=1, actor=None)
    assert "Nhà văn hóa → Hội trường" in exc.value.messages[0]
    meeting.refresh_from_db()
    assert (meeting.place, meeting.topic) == ("Hội trường", "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections writing at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_minutes_saves_never_revert_either(cw):
    pk = _planned(cw).pk

    def save(**data):
        base = {"started_at": time(19, 30), "ended_at": time(21, 10), "chair": cw.official, "minute_taker": cw.newcomer}
        base.update(data)
        return services.meeting_record_minutes(meeting=Meeting.objects.get(pk=pk), data=base, version=1, actor=None)

    outcome = race(lambda: save(content="Nội dung A"), lambda: save(resolution="Nghị quyết B"))
    assert outcome["second_waited"]
    assert isinstance(outcome["second"], StaleEdit), outcome["second"]
    meeting = Meeting.objects.get(pk=pk)
    assert (meeting.content, meeting.resolution, meeting.version) == ("Nội dung A", "", 2)
