from pathlib import Path

import pytest

from app.model.manual import load_edition

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "manual"


@pytest.fixture(scope="session")
def edition():
    return load_edition("minato-r7-04")


@pytest.fixture(scope="session")
def test_edition():
    return load_edition(FIXTURES / "test-edition.json")
