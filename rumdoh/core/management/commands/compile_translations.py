"""Compile the .po catalogues to .mo with polib, so no GNU gettext is needed to run Rumdoh."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_roots() -> list[Path]:
    """The project's catalogues (LOCALE_PATHS) and each Rumdoh app's own ``locale/``."""
    roots = [Path(root) for root in settings.LOCALE_PATHS]
    for app in apps.get_app_configs():
        if app.name.startswith("rumdoh.") and (Path(app.path) / "locale").is_dir():
            roots.append(Path(app.path) / "locale")
    return roots


class Command(BaseCommand):
    help = "Compile every .po file of the project and of its apps into its .mo file."

    def handle(self, *args: object, **options: object) -> None:
        count = 0
        for root in catalogue_roots():
            for po_path in root.rglob("*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
