"""The small registry of the access tests, for the regimes' tests."""

from tests.access.conftest import world  # noqa: F401 - the fixture
