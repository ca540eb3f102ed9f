"""A fictional incident for the hand-over checks (issue 15): it crosses midnight and the 年度 boundary
(令和7年度 → 令和8年度), has quotes after the 退去命令 and the next morning, a note without a time, steps
written out of clock order, and documents issued after the encounter. Names invented; hard characters on
purpose (葛󠄀 with a selector IPAmj明朝 has, 邊󠄄 U+908A U+E0104 which no bundled font has)."""
from __future__ import annotations

import dataclasses

from app.model.entry import Entry

INCIDENT = "01963c1e-0000-7000-8000-0000000015ab"
PARTY = "𠮷田 太郎"
STAFF_A = "葛\U000E0100城 一郎"
STAFF_B = "渡邊\U000E0104 健"  # a variant form no bundled font has
MANAGER = "辻\U000E0100 一郎"
STAFF = [STAFF_A, STAFF_B]
ORDER_AT = "2026-04-01T00:20:00+09:00"
AFTER_ORDER = ["また明日も来るからな、覚えておけ", "明日の朝一番に電話してやる"]
BEFORE_ORDER = ["ふざけるな、責任者を出せ", "土下座して謝れ"]

SETTINGS = {
    "department": "芝地区総合支所 区民課", "section_chief_title": "区民課長", "section_chief_name": "芝 一郎",
    "contact_name": "港 花子", "extension": "3456", "document_prefix": "港総総",
    "facility_manager_title": "港区庁舎管理者　芝地区総合支所長", "facility_manager_name": MANAGER,
    "building_rules_articles": "第○条第○項（試験用の値）",
}


def _e(seq: int, kind: str, payload: dict, recorded_at: str, author: str = STAFF_A) -> Entry:
    return Entry(id=f"h{seq:03d}", incident_id=INCIDENT, device_id="dev-A", seq=seq, hlc=f"{recorded_at}|{seq:04d}",
                 author=author, kind=kind, payload=payload, supersedes=None, recorded_at=recorded_at)


def entries(channel: str = "対面") -> list[Entry]:
    d1, d2 = "2026-03-31T{}:00+09:00".format, "2026-04-01T{}:00+09:00".format
    es = [_e(1, "incident_created", {
        "occurred_at": d1("23:40"), "channel": channel, "place": "芝地区総合支所 1階 区民課窓口",
        "summary": "閉庁間際に来庁し、手数料の免除を求めて大声で怒鳴り居座った事案",
        "demands": "手数料の免除及び文書による謝罪", "party": {"name": PARTY, "description": "黒い帽子の男性"},
        "staff": STAFF, "behaviours": ["暴言、侮辱及び誹謗中傷", "長時間の拘束"], "department": SETTINGS["department"],
        "manual_edition": "minato-r7-04"}, d1("23:40"))]
    rows = [
        ("quote", {"at": d1("23:45"), "text": BEFORE_ORDER[0]}),
        ("quote", {"at": d1("23:47"), "text": "大きな声はお控えください", "speaker": "staff"}),
        ("stop_request", {"at": d1("23:50"), "phrase": "これ以上お話しできません"}),
        ("quote", {"at": d1("23:58"), "text": BEFORE_ORDER[1]}),
        ("leave_request", {"at": d1("23:55"), "by": STAFF_A}),          # written after the 23:58 quote
        ("behaviour_observed", {"at": d2("00:02"), "behaviour": "土下座の要求"}),
        ("leave_request", {"at": d2("00:05"), "by": STAFF_B}),
        ("police_call", {"at": d2("00:30"), "reason": "退去命令に従わず居座ったため", "receipt_number": "芝-0401-07"}),
        ("leave_request", {"at": d2("00:12"), "by": STAFF_A}),          # written after the 110 (late entry)
        ("eviction_order", {"at": ORDER_AT, "by": MANAGER}),
        ("quote", {"at": d2("00:25"), "text": AFTER_ORDER[0]}),
        ("police_call", {"at": d2("00:31"), "reason": "再度の通報"}),
        ("closed", {"at": d2("00:40"), "outcome": "警察官の到着後に退去", "resolved": False}),
        ("quote", {"at": d2("09:05"), "text": AFTER_ORDER[1]}),          # the next morning
        ("judgement", {"result": "該当", "definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"],
                       "demand": [], "duration_frequency": ["df_sit_in"], "rationale": "暴言と居座り",
                       "at": d2("10:00")}),
        ("attachment_added", {"sha256": "cd" * 32, "evidence_kind": "audio", "filename": "窓口録音.m4a", "size": 10}),
        ("document_issued", {"doc_kind": "record", "number": "8港総総第1号", "sha256": "ef" * 32,
                             "at": "2026-04-03T10:00:00+09:00"}),
    ]
    for i, (kind, payload) in enumerate(rows, 2):
        es.append(_e(i, kind, payload, payload.get("at", "2026-04-02T10:00:00+09:00")))
    # a note without a time: placed at its recording time (UTC), which is 0時15分 in Tokyo
    es.append(_e(len(es) + 1, "note", {"text": "相手方は椅子を蹴った。"}, "2026-03-31T15:15:00Z"))
    return es


def with_payload(es: list[Entry], kind: str, **changes) -> list[Entry]:
    return [dataclasses.replace(e, payload={**e.payload, **changes}) if e.kind == kind else e for e in es]
