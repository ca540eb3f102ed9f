"""The clone scenario with the clone's fresh device id sorting before and after the old one on the share
(it is derived from a hash, so either happens): both copies are kept in both orders."""
import pytest
from app.model.sync import engine
from tests.sync.test_held_and_clone import test_cloned_pc_is_detected_and_both_copies_kept as t

@pytest.mark.parametrize("prefix", ["00000000", "ffffffff"])
def test_clone_scenario_in_both_listing_orders(prefix, make_pc, share, tmp_path, monkeypatch):
    real = engine.derived_device_id
    from app.model.sync import orgkeys
    fake = lambda p, n: prefix + real(p, n)[8:]
    monkeypatch.setattr(engine, "derived_device_id", fake)
    monkeypatch.setattr(orgkeys, "derived_device_id", fake)
    t(make_pc, share, tmp_path)
