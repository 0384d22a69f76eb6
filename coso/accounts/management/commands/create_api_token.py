"""Issue an API token for a user from the server's shell and print its key (shown only this once)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coso.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a bearer token for the read API (/api/v1/) and print the raw key once."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token acts for; it sees what this user sees.")
        parser.add_argument("name", help="What the token is for, e.g. 'provincial dashboard'.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng / no such user: {username}")
        try:
            token, raw_key = api_token_create(user=user, name=name, actor=None)
        except ValidationError as exc:
            messages = "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
            raise CommandError(messages) from exc
        self.stderr.write(
            f"Khóa truy cập #{token.pk} «{token.name}» cho {username} — chỉ hiển thị một lần, hãy lưu lại.\n"
            f"Token #{token.pk} '{token.name}' for {username} — shown only once, store it now."
        )
        self.stdout.write(raw_key)
