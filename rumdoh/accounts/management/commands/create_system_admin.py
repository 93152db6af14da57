"""Make a system administrator on the server: the first one, or one to replace those lost.

In the app nobody changes their own account's rights, so the first system administrator cannot
be made there; whoever runs the server makes it with this command (audited as ``user.created``
with no acting user). The password is read from ``--password-file`` (a container secret) or typed.
"""

from getpass import getpass
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rumdoh.accounts import services
from rumdoh.accounts.models import Agency, User
from rumdoh.core.errors import Refused


class Command(BaseCommand):
    help = "Create a system administrator account (server only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--agency", help="name of the agency the account belongs to")
        parser.add_argument("--password-file", help="read the password from this file")

    def _password(self, path: str | None) -> str:
        if path:
            return Path(path).read_text(encoding="utf-8").strip()
        first = getpass("Password: ")
        if first != getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first

    def handle(self, *args: object, **options: str | None) -> None:
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(name=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency named {options['agency']!r}")
        username = str(options["username"])
        password = self._password(options["password_file"])
        try:
            password_validation.validate_password(password, User(username=username))
        except ValidationError as weak:
            raise CommandError(" ".join(weak.messages)) from weak
        try:
            services.create_system_admin_on_server(
                username=username, password=password, agency=agency
            )
        except Refused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"system administrator {username} created")
