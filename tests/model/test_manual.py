"""The manual as data: content, wording against the seed, schema errors, loading."""
import copy
import json
import re
from pathlib import Path

import pytest

from app.model import manual
from app.model.manual import Edition, ManualError, list_editions, load_edition, validate_data

REPO = Path(__file__).resolve().parents[2]
SEED_NAME = "000_0834adc9afa92bcb.txt"


def find_seed() -> Path | None:
    """The manual's text in ``shared/seed`` next to the repository (or next to an enclosing folder)."""
    for base in [REPO, *REPO.parents]:
        p = base.parent / "shared" / "seed" / SEED_NAME
        if p.is_file():
            return p
    return None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def not_in_manual(data, seed_text: str) -> list[tuple[str, str]]:
    """Every non-ASCII string must occur in the manual (ignoring whitespace), except under app_* keys
    and the edition title (a normalised name of the document)."""
    seed = _squash(seed_text)
    bad = []

    def walk(v, path):
        if isinstance(v, dict):
            for k, x in v.items():
                if k.startswith("app_") or (path == "$" and k == "title"):
                    continue
                walk(x, f"{path}.{k}")
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{path}[{i}]")
        elif isinstance(v, str) and not v.isascii() and _squash(v) not in seed:
            bad.append((path, v))

    walk(data, "$")
    return bad


def test_wording_check_can_fail():
    seed = "暴言を繰り返した。\nこれ以上お話しできません"
    assert not_in_manual({"a": ["暴言を繰り返した。"], "app_x": "自作"}, seed) == []
    assert not_in_manual({"a": ["暴言を繰り返しました。"]}, seed) == [("$.a[0]", "暴言を繰り返しました。")]


def test_wording_matches_the_manual(edition):
    seed = find_seed()
    if seed is None:
        pytest.skip("shared/seed not present: wording comparison skipped")
    assert not_in_manual(edition.data, seed.read_text(encoding="utf-8")) == []


def test_edition_identity_and_listing(edition):
    assert edition.id == "minato-r7-04"
    assert edition.title == "港区カスタマー・ハラスメント対応マニュアル 第1版"
    assert edition.issued == "令和7年4月"
    assert "minato-r7-04" in [e.id for e in list_editions()]
    assert load_edition("minato-r7-04") is edition  # cached


def test_definition_and_behaviours(edition):
    assert [i["mark"] for i in edition["definition"]["items"]] == ["①", "②", "③"]
    labels = [b["label"] for b in edition["behaviours"] if not b.get("app_extra")]
    assert len(labels) == 11  # the manual's list, which ends with 「など」
    assert labels[0] == "暴力行為" and labels[-1] == "つきまとい行為"
    assert [b["label"] for b in edition["behaviours"] if b.get("app_extra")] == ["その他"]


def test_stages_in_manual_order(edition):
    assert [s["label"] for s in edition.stages()] == [
        "未然防止", "初期対応", "一次対応", "二次対応", "対応終了", "発生後の対応"]
    assert [s["id"] for s in edition.stages()] == [
        "prevention", "initial_response", "first_response", "second_response", "closure", "aftercare"]
    for _, st in edition.steps():
        assert st["id"].isascii() and not st["title"].isascii()


def test_initial_response_points(edition):
    p = edition["initial_response_points"]
    assert len(p["identify_demand"]["items"]) == 4
    assert "外見や口調" in p["identify_demand"]["caveat"]
    assert p["confirm_facts"]["limited_apology_example"] == "嫌なお気持ちを与えてしまい申し訳ございません"
    table = p["multiple_staff"]["table"]
    assert [(r["party"][:3], r["staff"]) for r in table] == [
        ("1人", "複数人"), ("複数人", "同数以上の複数人"), ("団体等", "同数以上の複数人")]
    assert table[2]["representatives_only"] and table[1]["staff_at_least_party"]
    assert "電話の場合" in p["multiple_staff"]["phone_rule"]
    assert len(p["choose_place"]["rules"]) == 3
    assert p["record_share"]["bad_example"] == "暴言を繰り返した。"
    assert p["record_share"]["good_example"].startswith("「馬鹿野郎」")


def test_judgement_points(edition):
    j = edition["judgement"]
    assert [p["title"] for p in j["points"]] == ["要求態様", "要求内容", "時間・回数・頻度"]
    assert j["role"] == "section_chief"
    demand = j["points"][1]
    assert demand["caveat"].startswith("※ただし")
    assert any("「馬鹿」「死ね」" in ex for it in j["points"][0]["items"] for ex in it.get("examples", []))


def test_scenario_cards(edition):
    cards = edition["scenarios"]
    assert [c["title"] for c in cards] == [
        "暴言", "執拗な要求", "土下座の要求", "暴行", "高圧的な言動", "長時間の拘束", "繰り返し", "インターネット"]
    by = {c["id"]: c for c in cards}
    assert "これ以上お話しできません" in by["abusive_language"]["phrases"]
    assert by["assault"]["legal"] == [{"law": "刑法第208条", "offence": "暴行罪"}]
    assert by["dogeza_demand"]["legal"] == [{"law": "刑法第223条第1項", "offence": "強要罪"}]
    for c in cards:
        assert c["example"] and c["points"]
        for phrase in c["phrases"]:  # each approved phrase is quoted in a point of its card
            assert any(phrase in pt for pt in c["points"]), phrase


def test_facility_escalation_care_contacts(edition):
    f = edition["facility"]
    assert len(f["filming"]["reasons"]) == 3 and len(f["recording"]["conditions"]) == 2
    ev = f["eviction"]
    assert (ev["leave_requests_min"], ev["leave_requests_max"], ev["order_role"]) == (2, 3, "facility_manager")
    assert ev["police_phrase"] == "警察に通報します。"
    lv = edition["escalation"]["levels"]
    assert [(x["level"], x["role"]) for x in lv] == [("困難", "director"), ("特に困難", "general_affairs_director")]
    assert [i["label"] for i in edition["escalation"]["committee"]["items"]] == ["発生状況", "対処内容", "解決の有無"]
    assert len(edition["improper_conduct"]["basics"]) == 4
    assert [s["title"] for s in edition["mental_care"]["steps"]] == [
        "職員保健室への連絡", "こころとからだのケア", "医療機関の受診と情報の共有"]
    assert len(edition["contacts"]) == 8


def test_section_settings_are_not_in_the_edition(edition):
    text = json.dumps(edition.data, ensure_ascii=False)
    assert "time_limit_minutes" not in text and "office_hours" not in text and "08:30" not in text
    from app.model.settings import DEFAULTS, OPTIONS
    assert DEFAULTS["time_limit_minutes"] == {"電話": 30, "対面": 30}
    assert DEFAULTS["office_hours"] == "08:30-17:15"
    assert {o.key for o in OPTIONS} >= {"time_limit_minutes", "office_hours", "building_rules_articles"}


# ---------------------------------------------------------------- errors
def _write(tmp_path, data) -> Path:
    p = tmp_path / "broken.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_schema_errors_name_each_path(edition, tmp_path):
    data = copy.deepcopy(edition.data)
    data["stages"][1]["steps"][0]["id"] = "Bad Id"
    del data["facility"]["eviction"]["leave_requests_min"]
    data["scenarios"][3]["legal"][0]["law"] = 208
    with pytest.raises(ManualError) as exc:
        load_edition(_write(tmp_path, data))
    paths = [p for p, _ in exc.value.problems]
    assert "$.stages[1].steps[0].id" in paths
    assert "$.facility.eviction" in paths
    assert "$.scenarios[3].legal[0].law" in paths
    msg = str(exc.value)
    assert "マニュアル版データに誤りがあります" in msg and "Invalid manual edition" in msg
    assert "必須項目がありません" in msg and "leave_requests_min" in msg


def test_reference_errors_name_the_path(edition):
    data = copy.deepcopy(edition.data)
    data["stages"][2]["steps"][1]["id"] = data["stages"][1]["steps"][0]["id"]
    data["behaviours"][0]["scenarios"] = ["no_such_card"]
    data["facility"]["eviction"]["leave_requests_max"] = 1
    with pytest.raises(ManualError) as exc:
        validate_data(data, "x.json")
    paths = [p for p, _ in exc.value.problems]
    assert paths == ["$.stages[2].steps[1].id", "$.behaviours[0].scenarios[0]",
                     "$.facility.eviction.leave_requests_max"]


def test_missing_and_unreadable_editions(tmp_path):
    with pytest.raises(ManualError):
        load_edition("no-such-edition")
    p = tmp_path / "bad.json"
    p.write_text("{", encoding="utf-8")
    with pytest.raises(ManualError) as exc:
        load_edition(p)
    assert exc.value.problems[0][0] == "$"


def test_resources_fall_back_to_meipass(monkeypatch, tmp_path):
    monkeypatch.setattr(manual, "__file__", str(tmp_path / "a" / "b" / "manual.py"))
    monkeypatch.setattr(manual.sys, "_MEIPASS", str(tmp_path), raising=False)
    assert manual.resources_dir() == tmp_path / "resources"


def test_edition_is_a_value(edition):
    assert isinstance(edition, Edition)
    assert edition.step("judgement")["role"] == "section_chief"
    assert edition.behaviour("暴力行為")["id"] == "violence"
    assert edition.behaviour("violence")["label"] == "暴力行為"
