"""A fictional incident as hand-built entries (names invented; hard characters on purpose)."""
from __future__ import annotations

import datetime as _dt

from app.model.entry import Entry

INCIDENT = "01963c1e-0000-7000-8000-00000000abcd"
HARD_NAMES = ["髙橋 﨑子", "𠮷田 太郎", "葛\U000E0100飾 花子", "渡邊 健一", "齋藤 真理", "辻\U000E0100 一郎",
              "葛\U000E0103城 次郎", "𠮷野 﨑乃"]
PARTY = "𠮷田 太郎"
STAFF = ["髙橋 﨑子", "渡邊 健一", "齋藤 真理"]
CHIEF = "葛\U000E0100飾 花子"
MANAGER = "辻\U000E0100 一郎"

SETTINGS = {
    "department": "芝地区総合支所 区民課",
    "section_chief_title": "区民課長",
    "section_chief_name": CHIEF,
    "contact_name": "渡邊 健一",
    "extension": "3456",
    "document_prefix": "港総総",
    "facility_manager_title": "港区庁舎管理者　芝地区総合支所長",
    "facility_manager_name": MANAGER,
    "building_rules_articles": "第○条第○項（試験用の値）",
}

QUOTES = [
    ("2025-06-10T10:05:00+09:00", "お前は無能だ、要求に応じろ"),
    ("2025-06-10T10:12:00+09:00", "土下座して謝罪しろ。さもないと許さない。"),
    ("2025-06-10T10:31:00+09:00", "お前の顔と名前をSNSに投稿するぞ"),
]
SHA = "9f2c" + "0123456789abcdef" * 3 + "a1b2c3d4e5f60718"[:12]


def _e(seq: int, kind: str, payload: dict, at: str, supersedes: str | None = None) -> Entry:
    return Entry(id=f"e{seq:03d}", incident_id=INCIDENT, device_id="dev-A", seq=seq, hlc=f"{at}|{seq:04d}",
                 author="髙橋 﨑子", kind=kind, payload=payload, supersedes=supersedes, recorded_at=at)


def entries(background_extra: str = "") -> list[Entry]:
    t = "2025-06-10T{}:00+09:00".format
    es = [
        _e(1, "incident_created", {
            "occurred_at": t("10:00"), "channel": "対面", "place": "芝地区総合支所 1階 区民課窓口",
            "summary": "住民票の交付手数料の免除を求め、大声で怒鳴り居座った事案",
            "demands": "手数料の免除及び担当職員の文書による謝罪" + background_extra,
            "party": {"name": PARTY, "description": "黒い帽子の男性"}, "staff": STAFF,
            "behaviours": ["暴言、侮辱及び誹謗中傷", "土下座の要求", "長時間の拘束"],
            "department": SETTINGS["department"], "manual_edition": "第1版（令和7年4月）"}, t("10:00")),
    ]
    seq = 2
    for at, text in QUOTES:
        es.append(_e(seq, "quote", {"at": at, "text": text}, at)); seq += 1
    es.append(_e(seq, "quote", {"at": t("10:06"), "text": "乱暴な言葉や怒声はお控えください", "speaker": "髙橋 﨑子"},
                 t("10:06"))); seq += 1
    es.append(_e(seq, "stop_request", {"at": t("10:07"), "phrase": "これ以上お話しできません"}, t("10:07"))); seq += 1
    es.append(_e(seq, "backup_call", {"at": t("10:15"), "staff_present": 3, "residents": 1}, t("10:15"))); seq += 1
    for i, (hh, by) in enumerate((("10:40", "髙橋 﨑子"), ("10:50", "渡邊 健一"), ("11:00", CHIEF))):
        es.append(_e(seq, "leave_request", {"at": t(hh), "by": by}, t(hh))); seq += 1
    es.append(_e(seq, "eviction_order", {"at": t("11:10"), "by": MANAGER}, t("11:10"))); seq += 1
    es.append(_e(seq, "police_call", {"at": t("11:15"), "reason": "退去命令に従わず居座ったため"}, t("11:15"))); seq += 1
    es.append(_e(seq, "judgement", {"result": "該当", "definition": ["①", "②", "③"], "manner": ["大声・暴言"],
                                    "demand": ["不当な金品の要求"], "duration_frequency": ["長時間の拘束"],
                                    "rationale": "暴言と土下座の要求があり、70分以上居座ったため。",
                                    "at": t("11:30")}, t("11:30"))); seq += 1
    es.append(_e(seq, "escalation", {"level": "困難", "at": t("11:40"), "reason": "同一人物による3回目の来庁"},
                 t("11:40"))); seq += 1
    es.append(_e(seq, "attachment_added", {"sha256": SHA, "evidence_kind": "audio", "filename": "窓口録音.m4a",
                                           "size": 1234567}, t("11:45"))); seq += 1
    es.append(_e(seq, "attachment_added", {"sha256": "ab" * 32, "evidence_kind": "sns", "filename": "投稿.png",
                                           "size": 2345, "url": "https://sns.example/p/1", "account": "@example",
                                           "posted_at": t("12:00"), "captured_at": t("12:30")}, t("12:30"))); seq += 1
    es.append(_e(seq, "step_input", {"step": "aftercare", "field": "harm", "value": "職員1名が精神的苦痛を訴えた。"},
                 t("12:40"))); seq += 1
    # a note recorded wrongly, then corrected: only the correction must appear
    es.append(_e(seq, "note", {"text": "誤記メモ（表示されない）", "at": t("11:20")}, t("11:20"))); seq += 1
    es.append(_e(seq, "correction", {"replacement": {"text": "相手方は11時18分に退去した。", "at": t("11:20")},
                                     "reason": "誤記"}, t("11:50"), supersedes=f"e{seq - 1:03d}")); seq += 1
    es.append(_e(seq, "closed", {"at": t("11:18"), "outcome": "相手方退去", "resolved": False}, t("13:00")))
    return es


def long_background(n: int = 5000) -> str:
    base = "相手方は窓口において同じ要求を繰り返し、職員が制度の説明を尽くしたにもかかわらず納得せず、大声を上げ続けた。"
    s = (base * (n // len(base) + 1))[:n]
    return s


REQUEST_DATE = _dt.date(2025, 6, 12)
