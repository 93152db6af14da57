import pytest

from tests.conftest import World
from tests.justice.helpers import JusticeWorld


@pytest.fixture
def jw(world: World) -> JusticeWorld:
    return JusticeWorld(world)
