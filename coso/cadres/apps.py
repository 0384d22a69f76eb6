from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "coso.cadres"
    label = "cadres"
    verbose_name = _("Cadre work")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.cadres.models import Cadre, PlanningEntry, PostSpell, Rotation, SupervisionAssignment

        # A cadre's records are seen by the boards above the unit they belong to (issue 10: "cadre
        # records of a unit are visible to the boards above it"), through the one door.
        register(Cadre, path="organization__path", member="member_id")
        register(PostSpell, path="organization__path", member="cadre__member_id")
        register(Rotation, path="to_organization__path", member="cadre__member_id")
        register(PlanningEntry, path="organization__path", member="cadre__member_id")
        register(SupervisionAssignment, path="committee__path", member="cadre__member_id")
