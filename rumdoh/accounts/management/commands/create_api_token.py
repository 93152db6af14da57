from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from rumdoh.accounts.models import User


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed (--rotate makes a new one)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="replace the existing token")

    def handle(self, *args: object, **options: object) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"no active user named {options['username']!r}") from exc
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
