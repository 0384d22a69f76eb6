"""`manage.py imports_mark_stale` — fail the import jobs whose worker died (run at worker start or from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coso.common.text import format_int
from coso.imports.services import import_jobs_mark_stale


class Command(BaseCommand):
    help = "Mark failed (and rerunnable) the import jobs without progress for COSO_IMPORT_STALE_MINUTES."

    def handle(self, *args, **options):
        marked = import_jobs_mark_stale()
        self.stdout.write(
            _("%(n)s import jobs without progress for %(minutes)s minutes marked failed.")
            % {"n": format_int(marked), "minutes": format_int(settings.COSO_IMPORT_STALE_MINUTES)}
        )
