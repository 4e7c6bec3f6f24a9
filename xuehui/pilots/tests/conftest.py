import pytest

from xuehui.access import SYSTEM
from xuehui.pilots.services import batch_create, pilot_programme_save
from xuehui.rules.tests.factories import load_library_framework


@pytest.fixture
def hubei_2h(federation):
    """The Hubei 两化 programme, its standards the eleven of 五."""
    return pilot_programme_save(
        actor=SYSTEM, key="hubei-2h", name="湖北两化试点", federation=federation,
        framework=load_library_framework("hubei-2h-2017"), standards_key="5",
    )  # fmt: skip


@pytest.fixture
def batch(hubei_2h):
    return batch_create(programme=hubei_2h, year=2017, actor=SYSTEM)
