from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "coso.imports"
    label = "imports"
    verbose_name = _("Imports and exports")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Every app's `importer.py` registers its kinds of workbook (`coso.imports.registry`).
        autodiscover_modules("importer")
        from coso.accounts.scoping import register
        from coso.imports.models import ImportJob

        # A job is its uploader's own (and the administrators'): another writer of the same subtree
        # does not see someone else's uploads.
        register(ImportJob, path=None, owner="user")
