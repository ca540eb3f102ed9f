"""Fictional incidents for the statistics tests, written through the real Service, and the expected totals
recomputed here from the same plain data (independently of app/model/stats.py)."""
from __future__ import annotations

from collections import Counter
from tests.people import judge

PARTY_NAMES = ["𠮷田 太郎", "髙橋 﨑子", "葛\U000E0100飾 次郎", "=cmd|' /C calc'!A0", "渡邊 一郎"]
STAFF = ["港 一郎", "芝 花子", "麻布 三郎"]

# (occurred_at, channel, department, behaviours, party, judgement, steps, closed(resolved, at) | None,
#  corrections: dict)
CASES = [
    ("2025-04-03T10:00:00+09:00", "対面", "区民課", ["暴言、侮辱及び誹謗中傷"], {"name": PARTY_NAMES[0]}, "該当",
     ["stop_request", "stop_request", "leave_request", "leave_request", "eviction_order", "police_call"],
     (True, "2025-04-13T10:00:00+09:00"), {}),
    ("2025-04-20T14:30:00+09:00", "電話", "保険年金課", ["長時間の拘束"], {"name": PARTY_NAMES[1]}, "経過観察",
     ["stop_request"], (False, "2025-05-01T09:00:00+09:00"), {}),
    ("2025-06-01T09:15:00+09:00", "SNS", "区民課",
     ["区や職員の信用を毀損させる内容や個人情報等をSNSなどに投稿する行為"], {"name": PARTY_NAMES[2]}, "該当",
     ["takedown_request", "disclosure_request", "legal"], (True, "2025-06-21T09:15:00+09:00"), {}),
    ("2026-03-31T16:00:00+09:00", "対面", "生活福祉課", ["暴力行為", "威嚇及び脅迫"], {"name": PARTY_NAMES[3]}, "非該当",
     [], None, {}),
    ("2026-04-01T10:00:00+09:00", "メール", "区民課", ["合理性を欠く不当又は過剰な要求"], {"description": "60代くらいの男性"},
     None, ["police_call"], None, {}),
    # corrected: department 区民課 → 保険年金課 (incident_created corrected), judgement withdrawn
    ("2025-11-11T11:00:00+09:00", "対面", "区民課", ["土下座の要求"], {"name": PARTY_NAMES[4]}, "該当",
     ["leave_request"], (True, "2025-11-12T11:00:00+09:00"),
     {"department": "保険年金課", "withdraw_judgement": True}),
    ("2025-12-24T13:00:00+09:00", "訪問", "", [], {"name": PARTY_NAMES[0]}, "該当", ["stop_request"],
     (True, "2025-12-25T01:00:00+09:00"), {}),
]
STEP_LABEL = {"stop_request": "中止要求", "leave_request": "退去要求", "eviction_order": "退去命令",
              "police_call": "110番通報", "takedown_request": "削除請求", "disclosure_request": "発信者情報開示請求",
              "legal": "法律相談"}


ROLE_FOR = {"eviction_order": "facility_manager", "judgement": "section_chief", "closed": "section_chief",
            "document_issued": "section_chief", "correction": "section_chief"}


def judgement_payload(result: str, at: str, rationale: str) -> dict:
    """A judgement the edition accepts: 該当 needs ①②③ and at least one of the three points."""
    extra = {"definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"]} if result == "該当" else {}
    return {"result": result, "at": at, "rationale": rationale, **extra}


def build(service, people=None) -> list[str]:
    """The fixture incidents, each entry written by someone allowed to write it."""
    from tests.people import person

    def as_(kind):
        if not people or kind not in ROLE_FOR:
            return service
        role = ROLE_FOR[kind]
        if not dept or role in ("facility_manager",):
            return service.with_actor(people[role])
        return service.with_actor(person(service.store, role, f"区民部/{dept}/"))

    ids = []
    for n, (at, channel, dept, behaviours, party, judgement, steps, closed, corr) in enumerate(CASES):
        iid = service.create_incident({
            "occurred_at": at, "channel": channel, "department": dept, "behaviours": behaviours, "party": party,
            "staff": STAFF[: 1 + n % 3],
            "summary": f"{party.get('name', '相手方')}が窓口で大声を出した。{STAFF[0]}が対応し、芝さんが応援した。"
                       + ("😀〜" if n == 0 else ""),
            "demands": "=SUM(A1:A9)" if n == 1 else "すぐにやれ",
        })
        ids.append(iid)
        if judgement:
            j = judge(as_("judgement"), iid, judgement_payload(judgement, at, f"{party.get('name', '')}の言動"))
        for s in steps:
            if s == "legal":
                as_("document_issued").append(iid, "document_issued", {"doc_kind": "legal-request", "number": "港総文第1号",
                                                                       "at": at, "sha256": "0" * 64}, door="service")
            else:
                as_(s).append(iid, s, {"at": at})
        as_("document_issued").append(iid, "document_issued", {"doc_kind": "record", "number": "x", "at": at,
                                                               "sha256": "1" * 64}, door="service")
        if closed:
            as_("closed").append(iid, "closed", {"at": closed[1], "resolved": closed[0], "outcome": "終了"})
        if corr.get("withdraw_judgement"):
            as_("correction").correct(iid, j.id, {"withdrawn": True}, "判断の取消し")
        if corr.get("department"):
            created = next(e for e in service.entries(iid) if e.kind == "incident_created")
            as_("correction").correct(iid, created.id, dict(created.payload, department=corr["department"]), "所属の誤り")
    return ids


def expected(date_from: str = "", date_to: str = "") -> dict:
    """Totals computed straight from CASES."""
    out = {k: Counter() for k in ("month", "fiscal_year", "department", "channel", "behaviour", "judgement",
                                  "step", "resolution")}
    count = 0
    for at, channel, dept, behaviours, party, judgement, steps, closed, corr in CASES:
        day = at[:10]
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        count += 1
        y, m = int(at[:4]), int(at[5:7])
        out["month"][f"{y}-{m:02d}"] += 1
        out["fiscal_year"][str(y if m >= 4 else y - 1)] += 1
        out["department"][corr.get("department", dept) or "（未記入）"] += 1
        out["channel"][channel] += 1
        for b in behaviours or ["（未記入）"]:
            out["behaviour"][b] += 1
        out["judgement"]["未判断" if (judgement is None or corr.get("withdraw_judgement")) else judgement] += 1
        for label in sorted({STEP_LABEL[s] for s in steps}):
            out["step"][label] += 1
        out["resolution"]["対応中" if not closed else ("解決" if closed[0] else "未解決")] += 1
    out["count"] = count
    return out
