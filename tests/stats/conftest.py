from __future__ import annotations

import pytest

from tests.stats import fixture_data


@pytest.fixture
def stats_ids(service, people):
    return fixture_data.build(service, people)
