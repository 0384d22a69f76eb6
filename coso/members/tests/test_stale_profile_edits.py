"""Two people editing the same profile from forms loaded before either saved: the second is told what
changed meanwhile and neither edit is lost (issue 7, lost updates; `coso.common.versions`)."""

import pytest
from django.db import connection

from coso.common.versions import StaleEdit
from coso.members.models import Member
from coso.members.services import member_update_profile
from coso.members.tests.test_views_forms import profile_data, url
from coso.testing.concurrency import race


def _form(world, **overrides):
    data = profile_data(full_name="Nguyễn Văn Tuấn", citizen_id="001085000001", date_of_birth="01/06/1985")
    data.update(gender="male", **overrides)
    return data


@pytest.mark.django_db
def test_a_stale_version_is_refused_naming_what_changed_and_writes_nothing(world):
    member = world.member
    member_update_profile(member=Member.objects.get(pk=member.pk), data={"phone": "0912000111"}, version=1, actor=None)
    stale = Member.objects.get(pk=member.pk)
    stale.version = 1  # as the second form saw it
    with pytest.raises(StaleEdit) as exc:
        member_update_profile(member=stale, data={"occupation": "Giáo viên"}, version=1, actor=None)
    [change] = exc.value.changes
    assert (change.field, change.old_display, change.new_display) == ("phone", "—", "0912000111")
    assert "Điện thoại: — → 0912000111" in exc.value.messages[0]
    member.refresh_from_db()
    assert (member.phone, member.occupation, member.version) == ("0912000111", "", 2)


@pytest.mark.django_db
def test_the_second_form_is_reshown_with_both_edits_and_saving_again_keeps_both(client, world):
    member = world.member
    client.force_login(world.board_user)
    page = client.get(url("edit", member_id=member.pk))
    assert 'name="version" value="1"' in page.content.decode()

    first = client.post(url("edit", member_id=member.pk), _form(world, version=1, phone="0912000111"))
    assert first.status_code == 302
    second = client.post(url("edit", member_id=member.pk), _form(world, version=1, occupation="Giáo viên"))
    assert second.status_code == 200
    body = second.content.decode()
    assert "Điện thoại: — → 0912000111" in body
    form = second.context["form"]
    assert form["phone"].value() == "0912000111"  # the other person's change, the field untouched here
    assert form["occupation"].value() == "Giáo viên"  # this person's input, kept
    assert form["version"].value() == 2
    member.refresh_from_db()
    assert (member.phone, member.occupation) == ("0912000111", "")

    again = client.post(url("edit", member_id=member.pk), dict(form.data.items()))
    assert again.status_code == 302
    member.refresh_from_db()
    assert (member.phone, member.occupation, member.version) == ("0912000111", "Giáo viên", 3)


@pytest.mark.django_db
def test_a_field_both_changed_keeps_this_persons_input_and_says_so(client, world):
    member = world.member
    client.force_login(world.board_user)
    client.post(url("edit", member_id=member.pk), _form(world, version=1, phone="0912000111"))
    second = client.post(url("edit", member_id=member.pk), _form(world, version=1, phone="0988000222"))
    assert "Điện thoại: — → 0912000111" in second.content.decode()
    assert second.context["form"]["phone"].value() == "0988000222"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections writing at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_profile_never_revert_either(world):
    pk = world.member.pk
    outcome = race(
        lambda: member_update_profile(member=Member.objects.get(pk=pk), data={"phone": "0912"}, version=1, actor=None),
        lambda: member_update_profile(
            member=Member.objects.get(pk=pk), data={"occupation": "Giáo viên"}, version=1, actor=None
        ),
    )
    assert outcome["second_waited"]
    assert isinstance(outcome["second"], StaleEdit), outcome["second"]
    assert [c.field for c in outcome["second"].changes] == ["phone"]
    member = Member.objects.get(pk=pk)
    assert (member.phone, member.occupation, member.version) == ("0912", "", 2)
