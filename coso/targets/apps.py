from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "coso.targets"
    label = "targets"
    verbose_name = _("Admission targets")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.targets.models import AdmissionTarget

        register(AdmissionTarget, path="organization__path")
