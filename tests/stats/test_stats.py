"""Totals from app/model/stats.py against totals recomputed from the fixture's plain data."""
from __future__ import annotations

import pytest

from app.model import stats
from tests.stats.fixture_data import CASES, PARTY_NAMES, expected


@pytest.mark.parametrize("period", [("", ""), ("2025-04-01", "2026-03-31"), ("2025-06-01", "2025-12-31"),
                                    ("2026-04-01", "2026-04-30")])
def test_totals_match_an_independent_count(service, stats_ids, period):
    facts = stats.collect(service.store, period[0] or None, period[1] or None)
    t = stats.totals(facts)
    exp = expected(*period)
    assert t.count == exp["count"]
    for dim in stats.DIMENSIONS:
        got = {k: v for k, v in t.by[dim].items() if v}
        assert got == dict(exp[dim]), dim


def test_per_incident_facts(service, stats_ids):
    by_id = {f.id: f for f in stats.collect(service.store)}
    first = by_id[stats_ids[0]]
    assert first.month == "2025-04" and first.fiscal_year == 2025
    assert first.steps == {"中止要求": 2, "退去要求": 2, "退去命令": 1, "110番通報": 1}
    assert first.resolution == "解決" and first.days_to_resolution == 10
    assert first.party == {"name": PARTY_NAMES[0]}  # exactly as recorded
    sns = by_id[stats_ids[2]]
    assert set(sns.steps) == {"削除請求", "発信者情報開示請求", "法律相談"}
    assert by_id[stats_ids[3]].fiscal_year == 2025  # 31 March belongs to the 年度 that began in April
    assert by_id[stats_ids[4]].fiscal_year == 2026
    corrected = by_id[stats_ids[5]]
    assert corrected.department == "保険年金課" and corrected.judgement == "未判断"
    assert by_id[stats_ids[1]].resolution == "未解決" and by_id[stats_ids[1]].days_to_resolution is None


def test_time_to_resolution_summary(service, stats_ids):
    t = stats.totals(stats.collect(service.store))
    days = [10, 20, 1, 0.5]
    assert t.resolved_count == len(days)
    assert t.mean_days == round(sum(days) / len(days), 1)
    assert t.median_days == 5.5


def test_drill_down_ids(service, stats_ids):
    facts = stats.collect(service.store)
    assert set(stats.ids_where(facts, "judgement", "該当")) == {stats_ids[i] for i in (0, 2, 6)}
    assert stats.ids_where(facts, "step", "退去命令") == [stats_ids[0]]
    assert set(stats.ids_where(facts, "department", "保険年金課")) == {stats_ids[1], stats_ids[5]}


def test_reopened_incident_counts_as_open(service, people, stats_ids):
    service.with_actor(people["section_chief"]).append(stats_ids[0], "reopened", {"at": "2025-05-01T10:00:00+09:00"})
    f = next(f for f in stats.collect(service.store) if f.id == stats_ids[0])
    assert f.resolution == "対応中" and f.days_to_resolution is None


def test_ordered_lists_follow_the_manual(service, stats_ids):
    t = stats.totals(stats.collect(service.store))
    assert [k for k, _ in t.ordered("judgement")] == list(stats.JUDGEMENTS)
    assert [k for k, _ in t.ordered("step")] == list(stats.STEPS)
    months = [k for k, _ in t.ordered("month")]
    assert months == sorted(months)
    assert len(CASES) == t.count


def test_statistics_follow_the_permission_table(service, people, stats_ids):
    """A 職員 sees no statistics; 人事課 only ever exports de-identified data; a 課長 may choose."""
    import pytest as _pytest
    from app.model.errors import PermissionDenied
    with _pytest.raises(PermissionDenied):
        stats.collect_for(service)
    hr = service.with_actor(people["hr"])
    assert len(stats.collect_for(hr)) == len(stats_ids)
    assert stats.export_deidentified(hr, False) is True
    chief = service.with_actor(people["section_chief"])
    assert stats.export_deidentified(chief, False) is False
    exports = [e for e in service.store.entries("audit-trail") if e.payload.get("action") == "export"]
    assert [e.payload["detail"] for e in exports[-2:]] == ["deidentified", "identified"]
