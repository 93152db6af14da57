import base64

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts.models import ROLE_LABELS
from rumdoh.accounts.rules.roles import Role
from rumdoh.demo import linkage
from rumdoh.demo import operations as operations_demo
from rumdoh.demo.agencies import DEMO_PASSWORD, ensure_demo_agencies, ensure_demo_users
from rumdoh.people.models import Person


class Command(BaseCommand):
    help = "Create demo agencies and users, load demo data once, and print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=400)

    def handle(self, *args: object, **options: object) -> None:
        agencies = ensure_demo_agencies()
        users = [*ensure_demo_users(agencies), *operations_demo.ensure_users(agencies)]
        if not Person.objects.exists():
            call_command("generate_demo_data", persons=options["persons"], stdout=self.stdout)
        operations_demo.generate(agencies, self.stdout)  # type: ignore[arg-type]
        linkage.link_now(self.stdout)  # type: ignore[arg-type]
        self.stdout.write(f"\nDemo users (password for all: {DEMO_PASSWORD})\n")
        width = max(len(user.username) for user in users)
        for user in users:
            with translation.override("en"):
                role = str(ROLE_LABELS[Role(user.role)])
            agency = user.agency.name if user.agency else ""
            line = f"  {user.username:<{width}} {role:<22} {agency}"
            if user.needs_two_factor:
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                if device is None:
                    device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
                secret = base64.b32encode(device.bin_key).decode()
                line += f"\n{'':{width + 3}}two-step key for an authenticator app: {secret}"
                command = f".venv/bin/python manage.py demo_code {user.username}"
                line += f"\n{'':{width + 3}}or print a code: {command}"
            self.stdout.write(line)
        self.stdout.write("")
