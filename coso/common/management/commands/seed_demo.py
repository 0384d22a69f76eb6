"""Load the demo province (fictional) with its members, its 2025 reorganization and demo logins."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from coso.common.dates import today
from coso.common.text import format_count
from coso.demo.seed import DEFAULT_PASSWORD, past_and_present, seed_province
from coso.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Load demo data for the FICTIONAL province 'Đảng bộ tỉnh Sơn Lâm': its party organizations, "
        "residential units and members with their histories, the 1/7/2025 reorganization of one district "
        "(communes merged two by two under the province, the district dissolved) and three demo logins. "
        "No real person or organization is described."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2500, help="Number of party members (200 to 999,999).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any organization already exists.")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password of the demo users.")

    def handle(self, *args, members, seed: int, if_empty: bool, password: str, **options):
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write(gettext("Demo data not loaded: the database already holds organizations."))
                return
            raise CommandError(gettext("The database already holds organizations; seed_demo needs an empty one."))
        if not 200 <= members <= 999_999:
            raise CommandError(gettext("--members must be between 200 and 999,999."))
        on = today()
        self.stdout.write(
            gettext("Loading the fictional province Sơn Lâm: %(members)s members, seed %(seed)s.")
            % {"members": format_count(members), "seed": seed}
        )
        try:
            result = seed_province(members=members, seed=seed, password=password, today=on, log=self.stdout.write)
        except ValidationError as exc:
            raise CommandError(gettext("Demo data rejected: %(error)s") % {"error": exc}) from exc
        self.stdout.write("")
        self.stdout.write(f"{gettext('Members (excluding attached)'):<45} {'31/12/2024':>10} {on:%d/%m/%Y}")
        for name, past, now in past_and_present(result, on):
            self.stdout.write(f"{name[:45]:<45} {format_count(past):>10} {format_count(now):>10}")
        line = "=" * 72
        self.stdout.write(f"\n{line}\n  " + gettext("Demo logins (password: %(password)s)") % {"password": password})
        for username, what in result.users:
            self.stdout.write(f"  {username:<10} {what}")
        self.stdout.write(
            f"{line}\n" + gettext("Loaded in %(seconds)s s.") % {"seconds": f"{result.seconds:.1f}".replace(".", ",")}
        )
