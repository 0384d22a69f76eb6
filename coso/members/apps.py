from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "coso.members"
    label = "members"
    verbose_name = _("Party members")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.members.models import Member, MemberEvent

        register(Member, path="organization__path", member="pk")
        register(MemberEvent, path="member__organization__path", member="member_id")
