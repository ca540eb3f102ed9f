"""二次対応: the three statements the 課長 conveys before stopping the response."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from app.ui.wizard.fields import BoolField
from app.ui.wizard.step_page import StepPage, wrap_label


class StatementsPage(StepPage):
    def build_fields(self, layout: QVBoxLayout) -> None:
        sr = self.edition["second_response"]
        layout.addWidget(wrap_label("伝えた項目に印を付けてください（" + sr.get("lead", "") + "）"))
        for st in sr["statements"]:
            f = BoolField(st["id"], f"{st['mark']}{st['text']}", self)
            f.widget.setStyleSheet("font-size: 13pt;")
            self.add_field(f)
        layout.addWidget(wrap_label(sr.get("then", "")))

    def problems(self) -> list[str]:
        missing = [st for st in self.edition["second_response"]["statements"] if not self.fields[st["id"]].value()]
        if missing:
            return ["まだ伝えていない項目があります：" + "、".join(st["mark"] + st["text"] for st in missing)
                    + "（伝えた後に「次へ」を押してください）"]
        return []

    def entries(self, at: str) -> list[tuple[str, dict]]:
        payload = {st["id"]: bool(self.fields[st["id"]].value()) for st in self.edition["second_response"]["statements"]}
        payload["at"] = at
        return [("second_response_statements", payload)]
