"""相談記録 (issue 16 §1): a worker's own consultation with the 相談窓口 (人事課 or the 課長), and its 経過.

Both kinds live in the consultations register (app/model/streams.CONSULTATIONS) and are sealed to their
readers (app/model/consultations.py): the worker, 人事課, and the 課長 of the worker's 課 only when the
worker chose the 課長 as 窓口 or agreed that the 課 be told."""
from __future__ import annotations

from app.model import roles as R
from app.model import streams
from app.model.kind_fields import AT, NOTE, Kind, flag, short, text

HARASSMENT_ANSWERS = ("該当すると思う", "該当しないと思う", "判断が微妙")
WINDOWS = ("人事課", "課長")
WINDOW_SECTION_CHIEF = "課長"


def notice_shown(payload: dict, ctx) -> list[str]:
    """The 不利益取扱い notice must have been shown before a consultation is recorded."""
    if payload.get("notice_shown") is not True:
        return ["不利益取扱いの禁止についてのお知らせを表示してから記録してください（notice_shown）。"]
    return []


def consultation_known(payload: dict, ctx) -> list[str]:
    """A 経過 follows a consultation of this register."""
    cid = payload.get("consultation")
    if not any(e.id == cid and e.kind == "consultation" for e in ctx.entries):
        return ["consultation: この記録簿にある相談記録の ID を指定してください。"]
    return []


KINDS: tuple[Kind, ...] = (
    Kind("consultation", "相談", (
        text("what_happened", "相談内容", required=True, max_len=20_000),
        short("since", "いつから"),
        text("wants", "希望する対応", max_len=20_000),
        short("is_harassment", "カスハラに当たるか", required=True, options=HARASSMENT_ANSWERS),
        flag("consents_to_section", "課に伝えることへの同意"),
        short("window", "相談窓口", required=True, options=WINDOWS),
        short("incident_id", "関係する事案"),
        flag("notice_shown", "不利益取扱い禁止の表示", required=True),
        AT),
        R.COUNTER | {R.HR}, "a worker's own consultation with the 相談窓口 (sealed: the worker, 人事課, and the "
        "課長 of the worker's 課 only if chosen as 窓口 or the worker agrees); the 不利益取扱い notice was shown",
        private=True, stream=streams.CONSULTATIONS, rules=(notice_shown,)),
    Kind("consultation_followup", "相談の経過", (
        short("consultation", "相談記録", required=True), NOTE, flag("done", "完了"),
        short("incident_id", "開いた事案"), AT),
        frozenset({R.HR, R.SECTION_CHIEF}), "what the 相談窓口 did about a consultation (sealed to its readers; "
        "`incident_id`: the incident opened from it)",
        private=True, stream=streams.CONSULTATIONS, rules=(consultation_known,)),
)
