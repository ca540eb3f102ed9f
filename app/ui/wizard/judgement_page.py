"""カスハラの判断 (課長): the definition ①②③, the three points with the manual's examples, a rationale, and
before it the 合理的配慮の確認 (written with the judgement in one transaction)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout

from app.model import vocab
from app.model.kind_rules import judgement_problems
from app.ui.wizard import accommodation
from app.ui.wizard.fields import CheckListField, ChoiceField, TextField
from app.ui.wizard.step_page import StepPage, wrap_label



class JudgementPage(StepPage):
    """For the 課長: the judgement, recorded in their name (判断者 is the signed-in 課長, not typed). For anyone
    else: a proposal sent to the 課長's queue (承認待ち); 次へ then goes on to the next steps."""

    def __init__(self, edition, step_id, stage_label, judge: str = "", parent=None, proposal: bool = False):
        self.judge = judge
        self.proposal = proposal
        self.together = not proposal  # the check and the judgement: one transaction
        super().__init__(edition, step_id, stage_label, parent)

    def build_fields(self, layout: QVBoxLayout) -> None:
        e = self.edition
        d = e["definition"]
        box = QGroupBox("定義（" + d["lead"] + "）")
        col = QVBoxLayout(box)
        items = []
        for it in d["items"]:
            cb = QCheckBox(f"{it['mark']}{it['text']}")
            cb.setObjectName(f"check_{it['id']}")
            col.addWidget(cb)
            items.append((it["id"], cb))
        self.add_field(CheckListField("definition", box, items, self), place=False)
        layout.addWidget(box)
        for n, point in enumerate(e["judgement"]["points"], start=1):
            box = QGroupBox(f"{n}. {point['title']}")
            col = QVBoxLayout(box)
            items = []
            for it in point["items"]:
                cb = QCheckBox(it["text"])
                cb.setObjectName(f"check_{it['id']}")
                col.addWidget(cb)
                items.append((it["id"], cb))
                for ex in it.get("examples", []):
                    ex_label = wrap_label(f"　(例) {ex}", style="color:#444;")
                    col.addWidget(ex_label)
            if point.get("caveat"):
                col.addWidget(wrap_label(point["caveat"], style="color:#5c3d00;"))
            self.add_field(CheckListField(point["id"], box, items, self), place=False)
            layout.addWidget(box)
        caveat = e["initial_response_points"]["identify_demand"].get("caveat")
        if caveat:
            layout.addWidget(wrap_label("✓ " + caveat, "appearance_caveat",
                                        "background:#fff4d6; border:1px solid #b57900; padding:6px;"))
        self.rationale = TextField("rationale", long=True, parent=self)
        self.rationale.widget.setPlaceholderText("判断の理由（上の項目に当たる具体的な事実・発言を書いてください）")
        results = list(vocab.judgement_results(e))
        self.result = ChoiceField("result", results, self)
        self.judge_field = TextField("by", parent=self)
        self.judge_field.widget.setReadOnly(True)  # the signed-in 課長's name, never typed by someone else
        self.judge_field.widget.setFocusPolicy(Qt.NoFocus)
        form = self.form
        if not self.proposal:  # the 課長 answers before judging; a proposal's check is the approver's
            accommodation.add_questions(self, "課長の判断の前")
        self.add_field(self.rationale, "判断の理由（必須）")
        self.add_field(self.result, "判断結果（案）" if self.proposal else "判断結果")
        self.add_field(self.judge_field, "判断者（所管課長）")
        if self.proposal:
            self.judge_field.set_value("所管課長（承認待ち）")
            form.addRow(wrap_label("カスハラの判断は所管課長が行います。この内容は判断案として課長の「承認待ち」に送られ、"
                                   "「次へ」で次の手順に進めます（判断の記録は課長の承認で作られます）。",
                                   "proposal_note", "background:#e8f1fb; padding:6px;"))
        else:
            form.addRow(QLabel("判断日時"), QLabel("「次へ」を押した時刻で記録します"))
            self.judge_field.set_value(self.judge)
        # the form sits after the check groups
        layout.removeItem(form)
        layout.addLayout(form)

    def problems(self) -> list[str]:
        """What the door would refuse, in its own words (app/model/kind_rules.judgement_problems), plus the
        page's own: a rationale and who judged."""
        v = self.values()
        out = []
        if not v["result"]:
            out.append("判断結果（該当・非該当・経過観察）を選んでください。")
        if not str(v["rationale"]).strip():
            out.append("判断の理由を書いてください。")
        if not self.proposal and not str(v["by"]).strip():
            out.append("判断者（サインインしている課長）が分かりません。課長がサインインしてください。")
        if v["result"]:
            out += judgement_problems(v, self.edition)
        if not self.proposal:
            out += accommodation.problems(self)
        return out

    def draft(self, at: str) -> dict:
        v = self.values()
        out = {"result": v["result"], "definition": v["definition"], "manner": v["manner"],
               "demand": v["demand"], "duration_frequency": v["duration_frequency"],
               "rationale": v["rationale"], "at": at}
        if not self.proposal:
            out["by"] = v["by"]
        return out

    def entries(self, at: str) -> list[tuple[str, dict]]:
        if self.proposal:
            return []
        return [accommodation.check_entry(self, "judgement", at), ("judgement", self.draft(at))]
