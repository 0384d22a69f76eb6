from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "coso.badges"
    label = "badges"
    verbose_name = _("Party age and badges")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.badges.models import GravelyIllFlag

        register(GravelyIllFlag, path="member__organization__path", member="member_id")
