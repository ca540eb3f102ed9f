"""The kinds of issue 16 items 2 and 6: 配慮措置 for an affected worker (restricted like care) and the steps
of a 法律相談 after its 依頼書. Joined to the registry by app/model/kinds.py; rules in
app/model/measures.py and app/model/legal_track.py."""
from __future__ import annotations

from app.model import legal_track, measures
from app.model import roles as R
from app.model.kind_fields import AT, NOTE, Kind, date, flag, short, text

CARE_READERS = frozenset({R.SECTION_CHIEF, R.HR})

KINDS: tuple[Kind, ...] = (
    Kind("measure_taken", "配慮措置", (
        short("staff", "職員", required=True),
        short("measure", "措置", required=True, options=measures.OPTIONS),
        text("detail", "内容", max_len=20_000), date("followup", "経過確認日", required=True), AT),
        CARE_READERS, "a 配慮措置 for an affected worker (交代, 複数対応, 配置の変更, 休暇, 保健室 …) with the date "
        "its effect is checked; restricted like care (the worker, their 課長, 人事課)", private=True),
    Kind("measure_followup", "配慮措置の経過", (
        short("measure_id", "配慮措置の記録", required=True), flag("done", "完了"),
        date("next_followup", "次の経過確認日"), NOTE, AT),
        CARE_READERS, "how a 配慮措置 goes: done, or the next date to check (restricted like it)", private=True,
        rules=(measures.followup_rule,)),
    Kind("legal_stage", "法律相談の進行", (
        short("stage", "段階", required=True, options=legal_track.STAGES), date("date", "日付", required=True),
        short("lawyer", "弁護士"), short("contact", "総務課文書係の担当"), NOTE, AT),
        R.SECTION | {R.GENERAL_AFFAIRS_DIRECTOR}, "a step of a 法律相談 after its 依頼書: 調整済み (date, lawyer, "
        "総務課文書係 contact) → 実施 → 報告書提出 (needs the issued 報告書), in order", decision=True,
        rules=(legal_track.stage_rule,)),
)
