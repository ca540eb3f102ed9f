"""Repeat contacts: a known party's earlier incidents, what was answered then, and its 出入禁止 status.

Shown at once when a new encounter names (exact name) or selects a known party — the manual:
過去のやり取りを確認し、以前の回答を伝えた上で、これ以上対応できない旨を明確に伝える.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from app.model import parties


def render(found: parties.PartyHistory | None, suggestions: list[dict] | None = None) -> str:
    e = html.escape
    out = []
    if found is None:
        out.append("<p>氏名または電話番号が一致する以前の記録はありません。</p>")
    else:
        if found.status:
            s = found.status
            colour = "#b00020" if s.status == parties.ENTRY_BAN else "#8a5a00"
            until = f"（期限 {e(s.until)}）" if s.until else "（期限なし）"
            out.append(f"<p style='color:{colour};font-weight:bold;font-size:large'>{e(s.status)}：{e(s.since)}から"
                       f"{until}<br>理由：{e(s.reason)}</p>")
        for b in found.bans:  # 出入禁止 approved by the 部長 and in force today (app/model/bans.py)
            out.append(f"<p style='color:#b00020;font-weight:bold;font-size:large'>出入禁止中：{e(b['start_date'])}から"
                       f"{e(b['end_date'])}まで（見直し日 {e(b['review_date'])}）"
                       + (f"<br>範囲：{e(b['scope'])}" if b.get("scope") else "") + f"<br>理由：{e(b['reason'])}</p>")
        out.append(f"<p><b>以前の対応 {len(found.incidents)}件</b>（以前の回答を伝えた上で対応してください）</p>")
        for c in found.incidents:
            out.append(f"<p><b>{e(c.occurred_at[:16].replace('T', ' '))} {e(c.channel)} {e(c.department)}</b><br>"
                       f"{e(c.summary)}" + (f"<br>要求：{e(c.demands)}" if c.demands else "")
                       + (f"<br>判断：{e(c.judgement)}" if c.judgement else ""))
            for a in c.answers:
                out.append(f"<br>&nbsp;&nbsp;▶ {e(a['source'])}（{e(str(a['at'])[:16].replace('T', ' '))}）："
                           f"{e(a['text'])}")
            out.append("</p>")
    for s in suggestions or []:
        why = s.get("why") or "似た氏名"
        out.append(f"<p style='color:#555'>{e(why)}の相手方：{e(s['name'])}（{s['incidents']}件）— 同一人物かどうかは"
                   "確認の上、統合を記録してください（自動では統合しません）。</p>")
    return "".join(out)


class RepeatContactPanel(QWidget):
    found = Signal(object)
    """Emitted with the PartyHistory (or None) after each lookup."""

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.setObjectName("repeat_contact_panel")
        self.store_thread = store_thread
        self.status_label = QLabel()
        self.status_label.setObjectName("party_status_label")
        self.status_label.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("party_history")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label)
        layout.addWidget(self.browser, 1)
        self.history: parties.PartyHistory | None = None
        self.suggestions: list[dict] = []
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._run)
        self._name = ""
        self._phone = ""
        self._party_id = ""

    def lookup(self, name: str | None = None, party_id: str = "", exclude_incident: str = "",
               phone: str | None = None) -> None:
        """Look up by name and/or phone (None keeps the value given last, so two boxes can feed one panel)."""
        if name is not None:
            self._name = name
        if phone is not None:
            self._phone = phone
        self._party_id, self._exclude = party_id, exclude_incident
        self._timer.start()

    def _run(self) -> None:
        name, pid, excl, phone = self._name, self._party_id, getattr(self, "_exclude", ""), self._phone
        self.store_thread.submit(lambda svc: svc.party_lookup(name=name, party_id=pid, exclude_incident=excl,
                                                              phone=phone),
                                 self.show_history)

    def show_history(self, result) -> None:
        found, suggestions = result
        self.history, self.suggestions = found, suggestions
        if found and found.bans:
            b = found.bans[0]
            self.status_label.setText(f"⚠ 出入禁止中（{b['start_date']}〜{b['end_date']}）：{b['reason']}")
            self.status_label.setStyleSheet("color: white; background: #b00020; padding: 6px; font-weight: bold")
        elif found and found.status:
            s = found.status
            self.status_label.setText(f"⚠ {s.status}（{s.since}〜{s.until or '期限なし'}）：{s.reason}")
            colour = "#b00020" if found.banned else "#8a5a00"
            self.status_label.setStyleSheet(f"color: white; background: {colour}; padding: 6px; font-weight: bold")
        elif found:
            self.status_label.setText(f"以前の対応が {len(found.incidents)} 件あります")
            self.status_label.setStyleSheet("background: #fff3cd; padding: 6px")
        else:
            self.status_label.setText("")
            self.status_label.setStyleSheet("")
        self.browser.setHtml(render(found, suggestions))
        self.found.emit(found)
