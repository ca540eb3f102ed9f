"""研修・周知 through the Service: roles, attendees from the staff directory, counts per 年度, a person's list."""
from __future__ import annotations

import pytest

from app.model import streams
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service

TRAINING = {"course": "管理職向け", "held_on": "2025-05-20", "attendees": ["麻布 課長", "芝 係長", "赤坂 部長"],
            "material": "カスハラ対応マニュアル 第3章"}


def test_hr_records_trainings_and_notices_counted_per_fiscal_year(store, people):
    hr = Service(store, people["hr"])
    hr.add_training(TRAINING)
    hr.add_training(dict(TRAINING, course="係長級以下", held_on="2026-03-31", attendees=["芝 係長", "港 一郎"]))
    hr.add_training(dict(TRAINING, course="悪質クレームの法的対応", held_on="2026-04-01", attendees=["港 一郎"]))
    hr.add_notice({"means": "ポスター", "date": "2025-04-01", "note": "各階の窓口に掲示"})
    Service(store, people["director"]).add_notice({"means": "契約の相手方への通知", "date": "2026-04-02"})
    c = hr.training_counts()
    assert c.years() == [2025, 2026]
    assert (c.trainings[2025], c.attendances[2025], c.notices[2025]) == (2, 5, 1)  # 2026-03-31 is 令和7年度
    assert (c.trainings[2026], c.attendances[2026], c.notices[2026]) == (1, 1, 1)
    assert dict(c.by_course[2025]) == {"管理職向け": 1, "係長級以下": 1}
    assert c.to_dict()["2025"]["label"] == "令和7年度"
    assert hr.training_counts("2026-04-01", "2027-03-31").years() == [2026]
    mine = Service(store, people["staff"]).trainings_of("港 一郎")
    assert [(t.course, t.held_on) for t in mine] == [("係長級以下", "2026-03-31"), ("悪質クレームの法的対応", "2026-04-01")]
    assert Service(store, people["staff"]).trainings_of("台場 人事") == []


def test_an_attendee_not_in_the_directory_is_refused_and_nothing_is_written(store, people):
    hr = Service(store, people["hr"])
    for names in (["麻布 課長", "麻布　課長"], ["架空 太郎"], ["芝 係長", "芝 係長"]):  # no normalising of names
        with pytest.raises(InputError):
            hr.add_training(dict(TRAINING, attendees=names))
    with pytest.raises(InputError):
        hr.add_training(dict(TRAINING, attendees=[]))
    with pytest.raises(InputError):
        hr.add_notice({"means": "回覧板", "date": "2025-04-01"})
    with pytest.raises(InputError):  # a training is written by its own operation only
        hr.append_register(streams.TRAINING, "training_held", TRAINING)
    assert store.entries(streams.TRAINING) == []
    assert "台場 人事" in hr.training_candidates()


@pytest.mark.parametrize("role", ["staff", "facility_manager", "sysadmin"])
def test_only_managers_and_hr_record_trainings(store, people, role):
    svc = Service(store, people[role])
    with pytest.raises(PermissionDenied):
        svc.add_training(dict(TRAINING, attendees=["架空 太郎"]))
    with pytest.raises(PermissionDenied):
        svc.add_notice({"means": "宣言", "date": "2025-04-01"})
    with pytest.raises(PermissionDenied):
        svc.training_candidates()
