"""Create the administrator account if it is missing and print the login (used by `make run`)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from coso.audit.services import audit_create

PASSWORD_FILE_NAME = "admin-password.txt"  # noqa: S105 - a file name, not a secret


class Command(BaseCommand):
    help = "Ensure an administrator account exists and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("COSO_ADMIN_USERNAME", "admin"))
        parser.add_argument(
            "--address",
            default=os.environ.get("COSO_ADDRESS", "http://127.0.0.1:8000/"),
            help="The address the site is served on, printed in the login banner (make run passes HOST:PORT).",
        )

    def handle(self, *args, username, address, **options):
        from django.conf import settings

        user_model = get_user_model()
        password_file = settings.VAR_DIR / PASSWORD_FILE_NAME
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = os.environ.get("COSO_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
            created = user_model.objects.create_superuser(username=username, email="", password=password)
            audit_create(actor=None, obj=created, service="ensure_admin")
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
        else:
            password = None
        line = "=" * 72
        kept = (
            f"  Mật khẩu được lưu trong / The password is kept in: {password_file}\n"
            f"  (chỉ tài khoản của bạn đọc được / readable by you only, as first generated)"
            if password_file.exists()
            else ""
        )
        shown = password or (
            f"(không còn lưu — no longer kept in {password_file}: "
            f"set a new one with `manage.py changepassword {username}`)"
        )
        self.stdout.write(
            f"{line}\n  Đăng nhập / Login: {address}\n"
            f"  Tên đăng nhập / Username: {username}\n  Mật khẩu / Password: {shown}\n{kept}\n{line}"
        )
