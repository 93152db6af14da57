from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rest_framework.authtoken.models import Token

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.authentication import token_lifetime
from rumdoh.accounts.models import User


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed (--rotate makes a new one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="replace the existing token")

    def handle(self, *args: object, **options: object) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"no active user named {options['username']!r}") from exc
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if created:
            log_action(
                "user.token_issued",
                user=None,
                obj=user,
                data={"username": user.username, "target_agency": user.agency_id, "via": "server"},
            )
        expires = token.created + token_lifetime()
        if expires <= timezone.now():
            raise CommandError("this token has expired: run again with --rotate")
        self.stdout.write(token.key)
        self.stderr.write(f"valid until {expires:%Y-%m-%d %H:%M} UTC")
