import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coso.accounts.scoping import get_for_user, scope
from coso.members.models import Member
from coso.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_board_user_sees_own_district_only(world):
    orgs = set(scope(Organization.objects.all(), world.board_user))
    assert world.cell in orgs and world.district in orgs
    assert world.other_cell not in orgs and world.province not in orgs
    assert set(scope(Member.objects.all(), world.board_user)) == {world.member}


def test_outsider_gets_404_for_objects_of_another_district(world):
    with pytest.raises(Http404):
        get_for_user(Member, world.member.pk, world.outsider_user)
    assert get_for_user(Member, world.other_member.pk, world.outsider_user) == world.other_member


def test_member_sees_only_own_record_and_cannot_write(world):
    assert list(scope(Member.objects.all(), world.member_user)) == [world.member]
    assert not scope(Organization.objects.all(), world.member_user).exists()
    with pytest.raises(PermissionDenied):
        get_for_user(Member, world.member.pk, world.member_user, for_write=True)


def test_admin_sees_everything(world):
    assert scope(Member.objects.all(), world.admin).count() == Member.objects.count()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not scope(Organization.objects.all(), AnonymousUser()).exists()


def test_owner_scoped_records_belong_to_their_owner_only(world):
    from coso.accounts.models import Role, RoleAssignment
    from coso.imports.models import ImportJob
    from coso.imports.tests.factories import make_import_job
    from coso.testing.factories import UserFactory

    job = make_import_job(user=world.board_user, organization=world.district)
    colleague = UserFactory(username="board2")
    RoleAssignment.objects.create(user=colleague, role=Role.BOARD, organization=world.district)
    assert get_for_user(ImportJob, job.pk, world.board_user) == job
    assert get_for_user(ImportJob, job.pk, world.admin) == job
    with pytest.raises(Http404):
        get_for_user(ImportJob, job.pk, colleague)
