from argparse import ArgumentParser
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.core.management.base import BaseCommand, CommandError

from rumdoh.crossborder import signing
from rumdoh.crossborder.rules import exchange


class Command(BaseCommand):
    help = (
        "Make this system's Ed25519 exchange signing key in RUMDOH_EXCHANGE_KEY_FILE (or --path), "
        "readable by its owner only, and print its public key. An existing key is kept and its "
        "public key printed: counterparts verify with it, so replacing it is done by hand."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--path", help="where to write the key (default: the setting)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"])) if options.get("path") else signing.key_path()
        if path.exists():
            self.stdout.write(f"A key already exists in {path}; it is kept.")
        else:
            try:
                signing.generate(path)
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc}") from exc
            self.stdout.write(f"New exchange signing key written to {path} (mode 600).")
        key = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise CommandError(f"{path} does not hold an Ed25519 private key.")
        self.stdout.write(exchange.public_pem(key))
