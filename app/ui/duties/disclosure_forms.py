"""The forms of the 本人開示の請求 tab (issue 17 §3), one page each: 開示請求の受付, 期限の延長, 開示決定,
訂正請求の受付, 訂正の決定. Widgets only: each page builds its payload; the tab sends it through the Service.

The choices come from the kinds (app/model/kinds_disclosure.py), the extension's limit from the one clock
(app/model/disclosure_requests.py); no rule is repeated here.
"""
from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from app.model import disclosure_requests as clock
from app.model import kinds
from app.model.kinds_disclosure import FULL
from app.ui.duties.common import Today, date_edit, day_text, iso, moment_text, qdate

TEXT_HEIGHT = 52  # a two-line text field: every page fits under the list at 1366×768
NO_CHOICE = "一覧から請求を選んでください。"


def options(kind: str, field: str) -> tuple[str, ...]:
    """The choices of a kind's field, as the registry gives them."""
    return tuple(kinds.get(kind).field(field).options)


def text_field(name: str, placeholder: str = "") -> QPlainTextEdit:
    w = QPlainTextEdit()
    w.setObjectName(name)
    w.setFixedHeight(TEXT_HEIGHT)
    w.setPlaceholderText(placeholder)
    return w


def button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(slot)
    return b


def target_text(s: dict | None) -> str:
    """The chosen request in a form: which request, whose, received when (no id)."""
    if s is None:
        return NO_CHOICE
    return f"{s['label']}　{s['requester']}（受付 {day_text(s['received_on'])}、期限 {day_text(s['due'])}）"


class _Page(QWidget):
    def __init__(self, name: str, today: Today | None = None):
        super().__init__()
        self.setObjectName(name)
        self.today = today or _dt.date.today
        self.dates: list[DateDefault] = []  # the page's date fields, each defaulting to today
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        outer.addStretch(1)  # the rows stay together at the top of a taller page

    def date_field(self, name: str):
        """A date field showing the tab's today until the user picks another day."""
        d = DateDefault(date_edit(name), self.today)
        self.dates.append(d)
        return d.edit

    def follow_today(self) -> None:
        """Each date field the user left at its default shows today (the tab's, which may have moved)."""
        for d in self.dates:
            d.follow()

    def reset_dates(self) -> None:
        """After a record is written: every date field back to today."""
        for d in self.dates:
            d.reset()

    def target_row(self, name: str) -> QLabel:
        label = QLabel(NO_CHOICE)
        label.setObjectName(name)
        label.setWordWrap(True)
        self.form.addRow("対象", label)
        return label


class DateDefault:
    """A date field whose default is ``today()``: :meth:`follow` moves it with today unless the user chose
    another day; :meth:`reset` puts today back."""

    def __init__(self, edit, today: Today):
        self.edit, self.today = edit, today
        self.reset()

    def reset(self) -> None:
        self.default = qdate(self.today())
        self.edit.setDate(self.default)

    def follow(self) -> None:
        if self.edit.date() == self.default:  # not changed by the user
            self.reset()


class ReceivePage(_Page):
    """開示請求の受付: the requester's name exactly as written on the request."""

    def __init__(self, today: Today, record):
        super().__init__("disclosure_receive_page", today)
        self.requester = QLineEdit()
        self.requester.setObjectName("disclosure_requester")
        self.requester.setPlaceholderText("請求書に書かれたとおりに入力")
        self.received_on = self.date_field("disclosure_received_on")
        self.scope = QLineEdit()
        self.scope.setObjectName("disclosure_scope")
        self.contact = QLineEdit()
        self.contact.setObjectName("disclosure_contact")
        self.submit = button("受付を記録", "disclosure_record", record)
        self.form.addRow("請求者の氏名", self.requester)
        self.form.addRow("受付日", self.received_on)
        self.form.addRow("請求の範囲", self.scope)
        self.form.addRow("連絡先", self.contact)
        self.form.addRow(self.submit)

    def payload(self) -> dict:
        p = {"requester": self.requester.text(), "received_on": iso(self.received_on.date()),
             "scope": self.scope.text(), "contact": self.contact.text()}
        return {k: v for k, v in p.items() if v != ""}

    def clear(self) -> None:
        for w in (self.requester, self.scope, self.contact):
            w.clear()
        self.reset_dates()


class ExtendPage(_Page):
    """期限の延長: by how many days (at most the law's), and why."""

    def __init__(self, extend):
        super().__init__("disclosure_extend_page")
        self.target = self.target_row("disclosure_extend_target")
        self.days = QSpinBox()
        self.days.setObjectName("disclosure_extend_days")
        self.days.setRange(1, clock.EXTENSION_MAX_DAYS)
        self.days.setValue(clock.EXTENSION_MAX_DAYS)
        self.days.setSuffix("日")
        self.new_due = QLabel()
        self.new_due.setObjectName("disclosure_extend_due")
        row = QHBoxLayout()
        row.addWidget(self.days)
        row.addWidget(self.new_due, 1)
        self.reason = text_field("disclosure_extend_reason", "延長する正当な理由（請求者に通知する内容）")
        self.submit = button("延長を記録", "disclosure_extend", extend)
        self.form.addRow(f"延長する日数（{clock.EXTENSION_MAX_DAYS}日以内）", row)
        self.form.addRow("理由", self.reason)
        self.form.addRow(self.submit)
        self.days.valueChanged.connect(lambda _v: self._show_due())
        self.chosen: dict | None = None

    def show_request(self, s: dict | None) -> None:
        self.chosen = s
        self.target.setText(target_text(s))
        self._show_due()

    def due(self) -> _dt.date | None:
        if self.chosen is None:
            return None
        return clock.base_due(self.chosen["received_on"]) + _dt.timedelta(days=self.days.value())

    def _show_due(self) -> None:
        d = self.due()
        self.new_due.setText(f"延長後の期限：{day_text(d)}" if d else "")

    def payload(self) -> dict:
        return {"due": self.due().isoformat(), "reason": self.reason.toPlainText()}


class DecidePage(_Page):
    """開示決定: the kind's choices; unless 全部開示, what is withheld and why."""

    def __init__(self, today: Today, decide):
        super().__init__("disclosure_decide_page", today)
        self.target = self.target_row("disclosure_decide_target")
        self.decision = QComboBox()
        self.decision.setObjectName("disclosure_decision")
        self.decision.addItems(options("disclosure_decided", "decision"))
        self.withheld = text_field("disclosure_withheld", "開示しない情報とその理由（部分開示・不開示のとき）")
        self.decided_on = self.date_field("disclosure_decided_on")
        self.submit = button("開示決定を記録", "disclosure_decide", decide)
        self.form.addRow("決定", self.decision)
        self.form.addRow("開示しない情報と理由", self.withheld)
        self.form.addRow("決定日", self.decided_on)
        self.form.addRow(self.submit)
        self.decision.currentTextChanged.connect(lambda t: self.withheld.setEnabled(t != FULL))
        self.withheld.setEnabled(self.decision.currentText() != FULL)

    def payload(self) -> dict:
        p = {"decision": self.decision.currentText(), "decided_on": iso(self.decided_on.date())}
        if p["decision"] != FULL and self.withheld.toPlainText().strip():
            p["withheld"] = self.withheld.toPlainText()
        return p


def record_choice(item: dict) -> str:
    """A record in the 訂正請求 form: when, what kind, the start of what it says (no id)."""
    return f"{moment_text(item.get('at'))} {item.get('label', '')}：{(item.get('text') or '')[:40]}".strip()


class CorrectionPage(_Page):
    """訂正請求の受付: whose records (the exact name), which incident and record, the change asked for."""

    def __init__(self, today: Today, find, record):
        super().__init__("disclosure_correction_page", today)
        self.requester = QLineEdit()
        self.requester.setObjectName("correction_requester")
        self.requester.setPlaceholderText("請求書に書かれたとおりに入力")
        self.find_button = button("記録を探す", "correction_find", find)
        row = QHBoxLayout()
        row.addWidget(self.requester, 1)
        row.addWidget(self.find_button)
        self.received_on = self.date_field("correction_received_on")
        self.incident = QComboBox()
        self.incident.setObjectName("correction_incident")
        self.entry = QComboBox()
        self.entry.setObjectName("correction_entry")
        self.requested = text_field("correction_requested", "請求者が求める訂正の内容（請求書のとおり）")
        self.submit = button("訂正請求を記録", "correction_record", record)
        self.form.addRow("請求者の氏名", row)
        self.form.addRow("受付日", self.received_on)
        self.form.addRow("事案", self.incident)
        self.form.addRow("訂正を求める記録", self.entry)
        self.form.addRow("訂正を求める内容", self.requested)
        self.form.addRow(self.submit)
        self.incidents: list[dict] = []
        self.found_for = ""  # the name the records listed were found for
        self.incident.currentIndexChanged.connect(self._fill_entries)
        self.requester.textChanged.connect(self._name_changed)

    def _name_changed(self, text: str) -> None:
        """Records found for another name are not offered for this one."""
        if self.incidents and text != self.found_for:
            self.show_records([])

    def show_records(self, incidents: list[dict], name: str = "") -> None:
        self.incidents, self.found_for = incidents, name
        self.incident.clear()
        for inc in incidents:
            self.incident.addItem(" ".join(x for x in (moment_text(inc.get("occurred_at")), inc.get("department"),
                                                       f"（記録{len(inc['facts']) + len(inc['opinions'])}件）") if x))
        self._fill_entries()

    def _fill_entries(self, *_a) -> None:
        self.entry.clear()
        i = self.incident.currentIndex()
        if not 0 <= i < len(self.incidents):
            return
        inc = self.incidents[i]
        for item in sorted(inc["facts"] + inc["opinions"], key=lambda x: x["at"]):
            self.entry.addItem(record_choice(item), item["entry_id"])
            self.entry.setItemData(self.entry.count() - 1, item.get("text", ""), Qt.ToolTipRole)

    def chosen(self) -> tuple[str, str] | None:
        i = self.incident.currentIndex()
        if not 0 <= i < len(self.incidents) or self.entry.currentIndex() < 0:
            return None
        return self.incidents[i]["incident_id"], self.entry.currentData()

    def payload(self) -> dict:
        incident_id, entry_id = self.chosen()
        return {"requester": self.requester.text(), "incident": incident_id, "entry": entry_id,
                "requested": self.requested.toPlainText(), "received_on": iso(self.received_on.date())}

    def clear(self) -> None:
        self.requested.clear()
        self.show_records([])
        self.reset_dates()


class CorrectionDecidePage(_Page):
    """訂正の決定: 訂正する (the record is corrected, naming the requester) or 訂正しない, with the reason."""

    def __init__(self, today: Today, decide):
        super().__init__("correction_decide_page", today)
        self.target = self.target_row("correction_decide_target")
        self.decision = QComboBox()
        self.decision.setObjectName("correction_decision")
        self.decision.addItems(options("correction_decided", "decision"))
        self.reason = text_field("correction_reason", "決定の理由（訂正するときは、確認した方法など）")
        self.decided_on = self.date_field("correction_decided_on")
        self.submit = button("訂正の決定を記録", "correction_decide", decide)
        self.form.addRow("決定", self.decision)
        self.form.addRow("理由", self.reason)
        self.form.addRow("決定日", self.decided_on)
        self.form.addRow(self.submit)

    def payload(self) -> dict:
        return {"decision": self.decision.currentText(), "reason": self.reason.toPlainText(),
                "decided_on": iso(self.decided_on.date())}
