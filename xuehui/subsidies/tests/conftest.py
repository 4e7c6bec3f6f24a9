import pytest

from .factories import make_category, make_programme


@pytest.fixture
def programme(federation):
    return make_programme(federation)


@pytest.fixture
def category(programme):
    return make_category(programme)
