from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionConfig(AppConfig):
    name = "coso.admission"
    label = "admission"
    verbose_name = _("Admission of new members")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.admission.models import Candidate, DossierDocument, Introducer, RuleException

        register(Candidate, path="organization__path")
        register(Introducer, path="candidate__organization__path")
        register(DossierDocument, path="candidate__organization__path")
        register(RuleException, path="candidate__organization__path")
