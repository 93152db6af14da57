"""What `make typecheck` checks: the whole package with the Django and DRF plugins, strictly
where the decisions and the access rules are."""

import tomllib
from pathlib import Path

from django.conf import settings

PYPROJECT = Path(settings.BASE_DIR) / "pyproject.toml"
STRICT_FLAGS = {
    "warn_return_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "disallow_untyped_decorators",
    "disallow_any_generics",
    "disallow_subclassing_any",
    "no_implicit_reexport",
    "strict_equality",
    "extra_checks",
}


def _mypy() -> dict:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["mypy"]


def test_mypy_checks_the_whole_package_with_the_django_and_drf_plugins():
    mypy = _mypy()
    assert mypy["files"] == ["rumdoh"]
    assert {"mypy_django_plugin.main", "mypy_drf_plugin.main"} <= set(mypy["plugins"])
    django_stubs = tomllib.loads(PYPROJECT.read_text())["tool"]["django-stubs"]
    assert django_stubs["django_settings_module"] == "rumdoh.settings"


def test_rules_services_and_access_are_checked_strictly():
    strict = next(o for o in _mypy()["overrides"] if "rumdoh.*.access" in o["module"])
    assert {"rumdoh.*.rules", "rumdoh.*.services", "rumdoh.*.services.*"} <= set(strict["module"])
    assert all(strict.get(flag) is True for flag in STRICT_FLAGS)
