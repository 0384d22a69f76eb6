from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "coso.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.organizations.models import Organization, OrgVersion, ResidentialUnit

        register(Organization, path="path")
        register(OrgVersion, path="organization__path")
        register(ResidentialUnit, path="commune__path")
