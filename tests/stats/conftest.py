from __future__ import annotations

import pytest

from tests.stats import fixture_data


@pytest.fixture
def stats_ids(service):
    return fixture_data.build(service)
