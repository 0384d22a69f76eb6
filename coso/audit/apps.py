from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "coso.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from coso.audit.field_names import translate_derived_names

        translate_derived_names()
