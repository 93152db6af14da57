import pytest

from tests.conftest import World
from tests.labour.helpers import LabourWorld


@pytest.fixture
def lw(world: World) -> LabourWorld:
    return LabourWorld(world)
