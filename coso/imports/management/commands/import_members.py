"""`manage.py import_members FILE.xlsx` — the page's import, run synchronously from a shell.

It creates an import job like the page does (any registered kind, `--kind`; `--dry-run` stops
at the check and says what would be written, as the page's dry run does) and runs the same service, so the checks, the
all-or-nothing write and the audit rows are the same. Without --user it runs as the system
(no scope limit, audit rows without an actor).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coso.common.text import format_count
from coso.imports import registry
from coso.imports.models import ImportKind, JobStatus
from coso.imports.services import import_job_create, import_job_run


class Command(BaseCommand):
    help = "Import members (or their history facts) from an .xlsx file made from the app's template."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .xlsx file")
        parser.add_argument("--kind", choices=[k for k, _label in registry.choices()], default=ImportKind.MEMBERS)
        parser.add_argument("--user", help="Username the import runs as (its scope and audit rows)")
        parser.add_argument(
            "--confirm-duplicates",
            action="store_true",
            help="Import even if some rows have the same name and date of birth as others",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only check the file and say what would be written")
        parser.add_argument("--language", default="vi", help="Language of the messages (vi or en)")

    def handle(self, *args, **options):
        with translation.override(options["language"]):  # every message in the chosen language
            self._import(options)

    def _import(self, options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user named %(name)r.") % {"name": options["user"]})
        with path.open("rb") as handle:
            job = import_job_create(
                user=user,
                kind=options["kind"],
                file=File(handle, name=path.name),
                original_name=path.name,
                confirm_duplicates=options["confirm_duplicates"],
                language=options["language"],
                confirmed=not options["dry_run"],
            )
        job = import_job_run(job)
        self._report(job)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.get_status_display(), returncode=1 if job.status == JobStatus.FAILED else 2)

    def _report(self, job) -> None:
        if job.status == JobStatus.READY:
            self.stdout.write(_("Nothing was written (dry run). Would be written:"))
            for what, n in job.summary.items():
                self.stdout.write(f"  {what}: {format_count(n)}")
        if job.status == JobStatus.SUCCEEDED and job.kind not in (ImportKind.MEMBERS, ImportKind.HISTORY):
            self.stdout.write(self.style.SUCCESS(_("Imported. Written:")))
            for what, n in job.summary.items():
                self.stdout.write(f"  {what}: {format_count(n)}")
        elif job.status == JobStatus.SUCCEEDED:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported: %(created)s members created, history of %(updated)s members updated.")
                    % {"created": format_count(job.created_count), "updated": format_count(job.updated_count)}
                )
            )
        self.stdout.write(
            _("Rows read from the file: %(read)s · rows written: %(written)s")
            % {"read": format_count(job.total_rows), "written": format_count(job.rows_written)}
        )
        for error in job.errors:
            self.stderr.write(" | ".join(str(error.get(k, "")) for k in ("sheet", "row", "column", "value", "reason")))
        if job.status == JobStatus.FAILED:
            self.stderr.write(
                _("Nothing was written: %(n)s errors (sheet | row | column | value | reason).")
                % {"n": format_count(job.error_count)}
            )
        if job.warnings:
            for warning in job.warnings:
                matches = "; ".join(
                    _("row %(row)s") % {"row": m["row"]}
                    if m.get("row")
                    else (
                        f"{m.get('name', '')} — {m.get('organization', '')} (#{m['member_id']})"
                        if m.get("visible")
                        else _("a record outside your scope")
                    )
                    for m in warning["matches"]
                )
                self.stderr.write(
                    f"{warning['sheet']} | {warning['row']} | {warning['name']} | {warning['date_of_birth']} | {matches}"
                )
            if job.is_waiting and not job.duplicates_confirmed:
                self.stderr.write(
                    _(
                        "Possible duplicates (same name and date of birth): check them, then run again with --confirm-duplicates."
                    )
                )
