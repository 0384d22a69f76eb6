from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "coso.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        """Fill the figure catalogue: the register's figures first, then every app's `figures` module."""
        from django.utils.module_loading import autodiscover_modules

        import coso.reports.figures  # noqa: F401

        autodiscover_modules("figures")
