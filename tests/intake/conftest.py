from tests.intake.helpers import tips  # noqa: F401
