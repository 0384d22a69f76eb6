"""`manage.py imports_purge` — delete uploaded import workbooks past `COSO_IMPORT_RETENTION_DAYS` (cron, daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coso.common.text import format_int
from coso.imports.services import import_files_purge


class Command(BaseCommand):
    help = "Delete uploaded import workbooks (personal data) older than COSO_IMPORT_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = import_files_purge()
        self.stdout.write(
            _("%(n)s uploaded files older than %(days)s days deleted.")
            % {"n": format_int(deleted), "days": format_int(settings.COSO_IMPORT_RETENTION_DAYS)}
        )
