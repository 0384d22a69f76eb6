"""Nightly: mark referrals not presented by the end of their limit as overdue (audited, actor empty)."""

from django.core.management.base import BaseCommand

from coso.common.dates import parse_date, today
from coso.common.text import format_count, format_date
from coso.transfers.services import transfers_mark_overdue


class Command(BaseCommand):
    help = "Mark referrals of party activity past their presentation limit as overdue."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="As of this date (dd/mm/yyyy); default today.")

    def handle(self, *args, on=None, **options):
        day = parse_date(on) if on else today()
        count = transfers_mark_overdue(on=day, actor=None)
        self.stdout.write(f"{format_count(count)} paper(s) marked overdue as of {format_date(day)}.")
