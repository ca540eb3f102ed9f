"""The live-encounter panel: one key or one click per action while talking, times taken at the key press.

F3 行為 (an act: bangs, films, throws) · F4 職員の発言 · F5 quote · F6 中止要求 · F7 退去要求 · F8 応援要請 · F9 110番 · F10 終了 · Ctrl+1…8 scenario cards.
The shortcuts themselves live on the EncounterWindow (and F9 on the whole app); this widget holds the
buttons, the timer and what the engine says now.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QCompleter, QDateTimeEdit, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from app.model import kinds
from app.model.facts import parse_time
from app.ui.encounter.session import IncidentSession, iso, now
from app.ui.live.internet_box import InternetBox

BUTTON_STYLE = "font-size: 13pt; font-weight: bold; padding: 6px;"
ENDED = "encounter_ended"
LOG_ROWS = 200  # the newest actions; the full record is in the wizard and the case
LOGGED = ("incident_created", "quote", "act", "staff_joined", "stop_request", "leave_request", "backup_call",
          "police_call",
          "eviction_order", "behaviour_observed", "note", "attachment_added", "takedown_request",
          "disclosure_request", "response_stopped", "call_ended")
KIND_LABELS = {k: kinds.label(k) for k in LOGGED}  # labels are the registry's (app/model/kinds.py)


def hhmmss(value: str | None) -> str:
    t = parse_time(value)
    return t.strftime("%H:%M:%S") if t else ""


def police_reason(state, eviction_ordered: bool) -> tuple[str, str]:
    """(reason, guidance) for the 110 card from what the engine says now."""
    a = state.action("police_call")
    guidance = a.text if a else ""
    if state.warning("emergency_police"):
        return "暴行", guidance
    if state.warning("eviction_threshold"):
        return ("退去命令後も退去しない" if eviction_ordered else "退去要求を繰り返しても退去しない"), guidance
    return "", guidance


def scenario_behaviour(edition, scenario_id: str) -> str | None:
    """The behaviour a card's key records at once: for the card that calls the police without waiting (the
    flow needs 暴力行為 now), and for a card whose title names the behaviour (暴言, 土下座の要求, 長時間の拘束).
    Otherwise only the 場面 is recorded and the 類型 is chosen later in the wizard — 「繰り返し」 is not
    つきまとい行為 just because the manual files both under one card."""
    card = edition.scenario(scenario_id) or {}
    for b in edition["behaviours"]:
        if scenario_id in b["scenarios"] and (card.get("police_without_waiting") or card.get("title", "?") in b["label"]):
            return b["label"]
    return None


class LivePanel(QWidget):
    police_requested = Signal(str, str)
    """Emitted with (reason, guidance) when the 110 card should open (F9, 暴行, the eviction prompt)."""
    scenario_requested = Signal(str)
    """Emitted with a scenario id when its card should open."""
    ended = Signal()
    """Emitted after F10 recorded the end of the encounter."""

    def __init__(self, session: IncidentSession, actor: Callable[[], str] = lambda: "", parent=None):
        super().__init__(parent)
        self.setObjectName("live_panel")
        self.session = session
        self.actor = actor
        self.clock: Callable[[], dt.datetime] = now
        self.quote_at: str | None = None
        self.speaker = "party"       # F5 the resident's words, F4 a member of staff's
        self.act_at: str | None = None
        self.shown_phrase = ""       # the phrase on screen now: F6 records exactly this one
        self._police_open = False

        # --- timer and what the engine says -------------------------------------------------------
        self.timer_label = QLabel("経過 --:--")
        self.timer_label.setObjectName("timer")
        self.timer_label.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.limit_label = QLabel()
        self.limit_label.setObjectName("time_limit")
        self.limit_label.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fde2e1; border:2px solid #b00020; color:#7a0014; padding:6px;"
                                  " font-size: 12pt;")
        self.banner.hide()
        self.phrase_label = QLabel()
        self.phrase_label.setObjectName("phrase")
        self.phrase_label.setWordWrap(True)
        self.phrase_label.setStyleSheet("font-size: 18pt; color:#0b3d91; font-weight: bold;")

        # --- quote capture -------------------------------------------------------------------------
        self.quote_edit = QLineEdit()
        self.quote_edit.setObjectName("quote_edit")
        self.quote_edit.setPlaceholderText("F5 を押してから、相手の発言をそのまま入力して Enter")
        self.quote_edit.setStyleSheet("font-size: 14pt; padding: 4px;")
        self.quote_edit.returnPressed.connect(self.commit_quote)
        self.quote_edit.textChanged.connect(self._quote_typed)
        self.quote_time = QLabel()
        self.quote_time.setObjectName("quote_time")
        self.quote_edit.setAccessibleName("発言（F5 相手方・F4 職員）")
        # --- acts (行為): what the person did, not said -------------------------------------------
        self.act_edit = QLineEdit()
        self.act_edit.setObjectName("act_edit")
        self.act_edit.setAccessibleName("行為（F3）")
        self.act_edit.setPlaceholderText("F3 行為：叩く・撮影・投げる など、見たままを入力して Enter（候補から選べます）")
        completer = QCompleter(list(kinds.ACTS), self.act_edit)
        completer.setCompletionMode(QCompleter.PopupCompletion)  # only the suggestions that match
        completer.setFilterMode(Qt.MatchContains)
        self.act_edit.setCompleter(completer)
        self.act_edit.returnPressed.connect(self.commit_act)
        self.act_time = QLabel()
        self.act_time.setObjectName("act_time")
        # --- written up afterwards: the real time of each item ----------------------------------
        self.afterwards = QCheckBox("あとから記録する（実際の時刻を指定）")
        self.afterwards.setObjectName("afterwards")
        self.afterwards.setToolTip("チェックすると、各記録の日時は右の時刻になります（記録した時刻は別に残ります）")
        self.happened_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.happened_at.setObjectName("happened_at")
        self.happened_at.setAccessibleName("実際の時刻")
        self.happened_at.setDisplayFormat("yyyy年M月d日 H:mm")
        self.happened_at.setCalendarPopup(True)
        self.happened_at.setEnabled(False)
        self.afterwards.toggled.connect(self.happened_at.setEnabled)

        # --- who it is: name / phone typed during the call; earlier contacts at once ----------------
        from app.ui.workspace.party_panel import RepeatContactPanel
        self.party_name_edit = QLineEdit()
        self.party_name_edit.setObjectName("live_party_name")
        self.party_name_edit.setAccessibleName("相手方の氏名")
        self.party_name_edit.setPlaceholderText("相手方の氏名（名乗ったら入力して Enter）")
        self.party_phone_edit = QLineEdit()
        self.party_phone_edit.setObjectName("live_party_phone")
        self.party_phone_edit.setAccessibleName("相手方の電話番号")
        self.party_phone_edit.setPlaceholderText("電話番号（Enter で記録）")
        self.repeat = RepeatContactPanel(session.store_thread, self)
        self.repeat.hide()  # its words go to the one-line label below
        self.repeat_label = QLabel()
        self.repeat_label.setObjectName("live_repeat")
        self.repeat_label.setWordWrap(True)
        self.repeat.found.connect(self._repeat_found)
        self.party_name_edit.textChanged.connect(lambda t: self.repeat.lookup(
            name=t, exclude_incident=session.incident_id))
        self.party_phone_edit.textChanged.connect(lambda t: self.repeat.lookup(
            phone=t, exclude_incident=session.incident_id))
        self.party_name_edit.returnPressed.connect(self.record_party)
        self.party_phone_edit.returnPressed.connect(self.record_party)

        # --- the action buttons --------------------------------------------------------------------
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        specs = [("act", "F3\n行為", self.start_act), ("staff_quote", "F4\n職員の発言", self.start_staff_quote),
                 ("quote", "F5\n相手方の発言", self.start_quote), ("stop_request", "F6\n中止要求", self.stop_request),
                 ("leave_request", "F7\n退去要求", self.leave_request), ("backup_call", "F8\n応援要請", self.backup_call),
                 ("police_call", "F9\n110番", self.request_police), ("end", "F10\n対応を終える", self.end)]
        for i, (key, text, slot) in enumerate(specs):
            b = QPushButton(text)
            b.setObjectName(f"live_{key}")
            b.setMinimumHeight(64)
            b.setFocusPolicy(Qt.NoFocus)  # a click never steals the quote field's focus
            b.setStyleSheet(BUTTON_STYLE + ("color:#b00020;" if key == "police_call" else ""))
            b.clicked.connect(slot)
            self.buttons[key] = b
            grid.addWidget(b, 0, i)
        self.leave_counter = QLabel("退去要求：まだありません")
        self.leave_counter.setObjectName("leave_counter")
        self.leave_counter.setStyleSheet("font-size: 12pt;")

        # --- 退去命令 prompt ------------------------------------------------------------------------
        self.eviction_box = QGroupBox("退去命令と110番")
        self.eviction_box.setObjectName("eviction_prompt")
        self.eviction_box.setStyleSheet(  # a styled group box draws its title over the text unless given room
            "QGroupBox { border: 2px solid #b00020; font-weight: bold; margin-top: 1.3em; padding-top: 4px; }"
            " QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }")
        ev_col = QVBoxLayout(self.eviction_box)
        self.eviction_text = QLabel()
        self.eviction_text.setWordWrap(True)
        self.eviction_text.setObjectName("eviction_text")
        self.eviction_by = QLineEdit("庁舎管理者")
        ev_row = QHBoxLayout()
        self.eviction_button = QPushButton("退去命令を記録（庁舎管理者）")
        self.eviction_button.setObjectName("record_eviction_order")
        self.eviction_button.setMinimumHeight(44)
        self.eviction_button.clicked.connect(self.record_eviction_order)
        self.eviction_police = QPushButton("F9　110番")
        self.eviction_police.setMinimumHeight(44)
        self.eviction_police.clicked.connect(self.request_police)
        ev_row.addWidget(self.eviction_by)
        ev_row.addWidget(self.eviction_button)
        ev_row.addWidget(self.eviction_police)
        ev_col.addWidget(self.eviction_text)
        ev_col.addLayout(ev_row)
        self.eviction_box.hide()
        self.second = None  # the 庁舎管理者's confirmation dialog, when the clerk is signed in

        # --- staffing (複数人での対応) --------------------------------------------------------------
        self.staff_spin = QSpinBox()
        self.staff_spin.setRange(1, 99)
        self.staff_spin.setSuffix(" 人")
        self.resident_spin = QSpinBox()
        self.resident_spin.setRange(1, 99)
        self.resident_spin.setSuffix(" 人")
        self.staffing_label = QLabel()
        self.staffing_label.setObjectName("staffing")
        self.staffing_label.setWordWrap(True)
        self.staff_spin.setAccessibleName("職員の人数")
        self.resident_spin.setAccessibleName("区民等の人数")
        self._staff_timer = QTimer(self, singleShot=True, interval=800)  # one entry per change, not per click
        self._staff_timer.timeout.connect(self.record_staffing)
        self.staff_spin.valueChanged.connect(self._staffing_changed)
        self.resident_spin.valueChanged.connect(self._staffing_changed)
        self.joined_edit = QLineEdit()
        self.joined_edit.setObjectName("joined_edit")
        self.joined_edit.setAccessibleName("加わった職員の氏名")
        self.joined_edit.setPlaceholderText("加わった職員の氏名を入力して Enter")
        self.joined_edit.returnPressed.connect(self.record_joined)
        staff_row = QHBoxLayout()
        staff_row.addWidget(QLabel("職員"))
        staff_row.addWidget(self.staff_spin)
        staff_row.addWidget(QLabel("区民等"))
        staff_row.addWidget(self.resident_spin)
        staff_row.addWidget(self.joined_edit)
        staff_row.addWidget(self.staffing_label, 1)

        # --- scenario cards (Ctrl+1…8) --------------------------------------------------------------
        cards = QGridLayout()
        self.scenario_buttons: list[QPushButton] = []
        for i, card in enumerate(session.edition["scenarios"][:9]):
            b = QPushButton(f"Ctrl+{i + 1}　{card['title']}")
            b.setObjectName(f"scenario_{card['id']}")
            b.setMinimumHeight(40)
            b.setFocusPolicy(Qt.NoFocus)
            if card.get("police_without_waiting"):
                b.setStyleSheet("color:#b00020; font-weight: bold;")
            b.clicked.connect(lambda _c=False, n=i: self.open_scenario(n))
            self.scenario_buttons.append(b)
            cards.addWidget(b, i // 4, i % 4)

        self.internet_box = InternetBox(session, self)
        self.internet_box.hide()
        self.log = QListWidget()
        self.log.setObjectName("live_log")
        self.log.setFocusPolicy(Qt.NoFocus)

        self.end_call_button = QPushButton("対応時間を超えたので終える（マニュアルの文言を伝えて記録）")
        self.end_call_button.setObjectName("end_call")
        self.end_call_button.setMinimumHeight(40)
        self.end_call_button.setStyleSheet("font-weight: bold;")
        self.end_call_button.clicked.connect(self.end_call)
        self.end_call_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.timer_label)
        top.addWidget(self.limit_label, 1)
        top.addWidget(self.end_call_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.phrase_label)
        q = QHBoxLayout()
        q.addWidget(self.quote_edit, 1)
        q.addWidget(self.quote_time)
        layout.addLayout(q)
        who = QHBoxLayout()
        who.addWidget(QLabel("相手方"))
        who.addWidget(self.party_name_edit, 3)
        who.addWidget(self.party_phone_edit, 2)
        who.addWidget(self.repeat_label, 4)
        layout.addLayout(who)
        a = QHBoxLayout()
        a.addWidget(self.act_edit, 1)
        a.addWidget(self.act_time)
        a.addWidget(self.afterwards)
        a.addWidget(self.happened_at)
        layout.addLayout(a)
        layout.addLayout(grid)
        layout.addWidget(self.leave_counter)
        layout.addWidget(self.eviction_box)
        layout.addLayout(staff_row)
        layout.addLayout(cards)
        layout.addWidget(self.internet_box)
        layout.addWidget(self.log, 1)

        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.tick)
        session.entry_added.connect(self._added)
        if session.is_loaded:
            self._loaded()
        else:
            session.loaded.connect(self._loaded)

    # ---- state -----------------------------------------------------------------------------------
    def _loaded(self) -> None:
        created = self.session.created()
        self._set_staffing(max(1, len(created.get("staff") or []) or 1), None)
        present = [e for e in self.session.entries if e.kind in ("backup_call", "staff_joined")]
        if present:
            p = present[-1].payload
            self._set_staffing(p.get("staff_present"), p.get("residents"))
        for e in self.session.entries:
            self._log(e)
        self.refresh()
        if not self.has_ended():
            self._tick.start()
        self.tick()

    def has_ended(self) -> bool:
        return any(e.kind == "note" and e.payload.get("event") == ENDED for e in self.session.entries)

    def _added(self, entry) -> None:
        self._log(entry)
        self.refresh()

    def _log(self, e) -> None:
        label = KIND_LABELS.get(e.kind)
        if label is None:
            return
        p = e.payload
        detail = (p.get("text") or p.get("act") or p.get("phrase") or p.get("behaviour") or p.get("reason")
                  or p.get("filename") or "")
        if e.kind in ("eviction_order", "leave_request") and p.get("by"):
            detail = f"実施者：{p['by']}"
        if e.kind == "quote":
            label = "職員の発言" if p.get("speaker") == "staff" else "相手方の発言"
        if e.kind == "act" and p.get("text"):
            detail = f"{p.get('act')}　{p['text']}"
        if e.kind == "behaviour_observed" and p.get("scenario") and not p.get("behaviour"):
            card = self.session.edition.scenario(p["scenario"]) or {}
            label, detail = "場面", card.get("title", "")
        if e.kind == "staff_joined":
            detail = "、".join(p.get("joined") or []) + f"（職員 {p.get('staff_present', '')}人）"
        if e.kind == "leave_request":
            self._leaves = getattr(self, "_leaves", 0) + 1
            label = f"退去要求（{self._leaves}回目）"
        self.log.insertItem(0, f"{hhmmss(p.get('at') or p.get('occurred_at') or p.get('captured_at'))}　{label}　{detail}")
        while self.log.count() > LOG_ROWS:
            self.log.takeItem(self.log.count() - 1)

    def refresh(self) -> None:
        state = self.session.state(self.clock())
        leaves = self.session.of_kind("leave_request")
        if leaves:  # the last three with their times (the label stays one line however many there are)
            shown = [f"{i}回目 {hhmmss(e.payload.get('at'))}" for i, e in enumerate(leaves, start=1)][-3:]
            more = f"（計{len(leaves)}回）" if len(leaves) > 3 else ""
            self.leave_counter.setText("退去要求：" + "　".join(shown) + more)
        w = state.warning("eviction_threshold")
        orders = self.session.of_kind("eviction_order")
        if w or (leaves and len(leaves) >= self.session.edition.eviction["leave_requests_min"]):
            self.eviction_box.show()
            done = "　退去命令：記録済み " + hhmmss(orders[-1].payload.get("at")) if orders else ""
            self.eviction_text.setText((w.text if w else self.session.edition.eviction["text"]) + done)
            self.eviction_button.setEnabled(not orders)
        danger = [x for x in state.warnings if x.severity == "danger" and x.code != "eviction_threshold"]
        danger += [x for x in state.warnings if x.code in ("staff_insufficient", "statements_missing")]
        self.banner.setText("\n".join(x.text for x in danger))
        self.banner.setVisible(bool(danger))
        rp = state.required_people
        if rp.staff:
            have = rp.staff_present if rp.staff_present is not None else 1
            short = f"　あと{rp.staff - have}人必要" if have < rp.staff else "　人数は足りています"
            self.staffing_label.setText(f"{rp.rule}（必要 {rp.staff}人・現在 {have}人）{short}")
        else:
            self.staffing_label.setText("")
        self.internet_box.setVisible("internet" in state.scenarios)
        if state.phrases and not self.shown_phrase:
            self.show_phrase(state.phrases[0])

    def tick(self) -> None:
        created = self.session.created()
        start = parse_time(created.get("occurred_at"))
        if start is None:
            return
        t = self.clock()
        if start.tzinfo is None:
            start = start.astimezone()
        secs = max(0, int((t - start).total_seconds()))
        limit = (self.session.settings.time_limit_minutes or {}).get(created.get("channel"))
        self.timer_label.setText(f"経過 {secs // 3600:d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
                                 if secs >= 3600 else f"経過 {secs // 60:02d}:{secs % 60:02d}")
        if limit is None:
            self.limit_label.setText("")
            return
        over = secs > int(limit) * 60
        action = self.session.state(t).action("end_call") if over else None
        self.end_call_button.setVisible(action is not None and not self.has_ended())
        if over:
            w = self.session.state(t).warning("time_limit_exceeded")
            caveat = self.session.edition["time_limit"]["caveat"]
            self.limit_label.setText(w.text if w else f"対応時間の目安（{limit}分）を超えています。{caveat}")
            self.timer_label.setStyleSheet("font-size: 22pt; font-weight: bold; color: #b00020;")
        else:
            self.limit_label.setText(f"目安 {limit}分（{created.get('channel')}・課の設定）")
            self.timer_label.setStyleSheet("font-size: 22pt; font-weight: bold;")

    # ---- actions ---------------------------------------------------------------------------------
    def at(self) -> str:
        """The time an item happened: now, or the time given when the record is written up afterwards
        (the store keeps the time it was recorded separately)."""
        if self.afterwards.isChecked():
            return iso(self.happened_at.dateTime().toPython().astimezone())
        return iso(self.clock())

    def show_phrase(self, phrase: str) -> None:
        self.shown_phrase = phrase
        self.phrase_label.setText("「" + phrase + "」" if phrase else "")

    def _speaker_words(self) -> str:
        return "職員の発言" if self.speaker == "staff" else "相手方の発言"

    def start_quote(self, speaker: str = "party") -> None:
        """F5: the time is taken now, at the key press; the words follow."""
        self.speaker = speaker if speaker in kinds.SPEAKERS else "party"
        self.quote_at = self.at()
        self.quote_time.setText(hhmmss(self.quote_at) + " " + self._speaker_words())
        self.quote_edit.setPlaceholderText(("F4 職員が言ったこと" if self.speaker == "staff" else
                                            "F5 相手の発言") + "をそのまま入力して Enter")
        self.quote_edit.setFocus()
        self.quote_edit.selectAll()

    def start_staff_quote(self) -> None:
        """F4: what a member of staff said (kept apart from the resident's words)."""
        self.start_quote("staff")

    def start_act(self) -> None:
        """F3: an act (叩く, 撮影, 投げる …), stamped at the key press."""
        self.act_at = self.at()
        self.act_time.setText(hhmmss(self.act_at) + " の行為")
        self.act_edit.setFocus()
        self.act_edit.selectAll()

    def commit_act(self) -> None:
        text = self.act_edit.text().strip()
        if not text:
            return
        at = self.act_at or self.at()
        self.session.append("act", {"at": at, "act": text})
        self.act_at = None
        self.act_edit.clear()
        self.act_time.setText("")
        self.quote_edit.setFocus()

    def _quote_typed(self, text: str) -> None:
        if text and self.quote_at is None:  # typed without F5: stamp the first keystroke
            self.quote_at = self.at()
            self.quote_time.setText(hhmmss(self.quote_at) + " " + self._speaker_words())

    def commit_quote(self) -> None:
        text = self.quote_edit.text()
        if not text.strip():
            return
        at = self.quote_at or self.at()
        self.session.append("quote", {"at": at, "text": text, "speaker": self.speaker})
        self.quote_at = None
        self.speaker = "party"
        self.quote_edit.blockSignals(True)
        self.quote_edit.clear()
        self.quote_edit.blockSignals(False)
        self.quote_time.setText("")

    def stop_request(self) -> None:
        """F6: the 中止要求 with the phrase on screen now (the one the clerk read out)."""
        phrase = self.shown_phrase
        if not phrase:
            state = self.session.state(self.clock())
            phrase = (list(state.phrases) or ["これ以上お話しできません"])[0]
        self.session.append("stop_request", {"at": self.at(), "phrase": phrase})
        self.show_phrase(phrase)

    def leave_request(self) -> None:
        self.session.append("leave_request", {"at": self.at(), "by": self.actor()})

    def backup_call(self) -> None:
        self._staff_timer.stop()
        self.session.append("backup_call", {"at": self.at(), "staff_present": self.staff_spin.value(),
                                            "residents": self.resident_spin.value()})

    # ---- who is there ----------------------------------------------------------------------------
    def _set_staffing(self, staff, residents) -> None:
        for spin, v in ((self.staff_spin, staff), (self.resident_spin, residents)):
            if v:
                spin.blockSignals(True)
                spin.setValue(int(v))
                spin.blockSignals(False)

    def _staffing_changed(self, _v) -> None:
        self._staff_timer.start()

    def record_staffing(self) -> None:
        """The spin boxes' count takes effect at once (one entry, not a second 応援要請)."""
        self._staff_timer.stop()
        self.session.append("staff_joined", {"at": self.at(), "staff_present": self.staff_spin.value(),
                                             "residents": self.resident_spin.value()})

    def record_joined(self) -> None:
        """A member of staff joined, by name (as typed); the count goes up by one."""
        name = self.joined_edit.text().strip()
        if not name:
            return
        self._staff_timer.stop()
        self._set_staffing(self.staff_spin.value() + 1, None)
        self.session.append("staff_joined", {"at": self.at(), "joined": [name],
                                             "staff_present": self.staff_spin.value(),
                                             "residents": self.resident_spin.value()})
        self.joined_edit.clear()
        self.quote_edit.setFocus()

    def record_eviction_order(self) -> None:
        """The 庁舎管理者 records the 退去命令: signed in here, or confirming with their own credentials."""
        payload = {"at": self.at(), "by": self.eviction_by.text()}
        self.eviction_button.setEnabled(False)

        def decide(may: bool) -> None:
            if may:
                self.session.append("eviction_order", payload)
                return
            from app.ui.second_person_dialog import SecondPersonDialog, who_for
            self.second = SecondPersonDialog(self.session.store_thread, self.session.incident_id, "eviction_order",
                                             payload, who_for("entry.eviction_order"), self)
            self.second.done.connect(self.session.add_external)
            self.second.rejected.connect(lambda: self.eviction_button.setEnabled(True))
            self.second.show()

        self.session.store_thread.submit(lambda svc: svc.can("entry.eviction_order"), decide,
                                         lambda _e: decide(False))

    def request_police(self) -> None:
        reason, guidance = police_reason(self.session.state(self.clock()),
                                         bool(self.session.of_kind("eviction_order")))
        self.police_requested.emit(reason, guidance)

    def open_scenario(self, index: int) -> None:
        """Ctrl+1…8: record the behaviour seen and show its card (暴行 opens the 110 card at once)."""
        cards = self.session.edition["scenarios"]
        if not 0 <= index < len(cards):
            return
        card = cards[index]
        payload = {"at": self.at(), "scenario": card["id"]}
        behaviour = scenario_behaviour(self.session.edition, card["id"])
        if behaviour:
            payload["behaviour"] = behaviour
        self.session.append("behaviour_observed", payload)
        if card.get("phrases"):
            self.show_phrase(card["phrases"][0])
        if card["id"] in self.session.edition["emergency"]["scenarios"]:
            points = card.get("points") or [self.session.edition["emergency"]["text"]]
            self.police_requested.emit(card["title"], points[0])
        else:
            self.scenario_requested.emit(card["id"])

    # ---- who it is -----------------------------------------------------------------------------
    def _repeat_found(self, found) -> None:
        if found is None:
            near = [s["name"] for s in self.repeat.suggestions]
            self.repeat_label.setText(("似た氏名：" + "、".join(near) + "（同一人物か確認してください）") if near else "")
            self.repeat_label.setStyleSheet("")
            return
        last = found.incidents[0] if found.incidents else None
        answer = last.answers[-1] if last and last.answers else None
        text = f"以前の対応 {len(found.incidents)}件"
        if last:
            text += f"（前回 {last.occurred_at[:10]}）"
        if answer:
            text += f"　前回の回答：「{answer['text']}」"
        if found.status:
            text = f"【{found.status.status}】" + text
        self.repeat_label.setText(text + "　— 以前の回答を伝えた上で対応してください")
        self.repeat_label.setStyleSheet("background:#fff3cd; padding:4px; font-weight:bold;")

    def record_party(self) -> None:
        """The name / phone given during the call, recorded at once as a correction of the case (the Service
        writes it; the earlier value stays in the history)."""
        typed = self.party_name_edit.text()  # the name exactly as typed (never normalised)
        name, phone = typed.strip(), self.party_phone_edit.text().strip()
        if not name and not phone:
            return
        iid = self.session.incident_id

        def job(svc):
            from app.ui.workspace.correct_dialog import created_entry
            created = created_entry(svc, iid)
            payload = dict(created.payload)
            party = dict(payload.get("party") or {})
            if name:
                party["name"] = typed
            if phone:
                party["phone"] = phone
            if party == (created.payload.get("party") or {}):
                return None
            payload["party"] = party
            return svc.correct(iid, created.id, payload, "対応中に相手方が名乗った・確認した")

        def done(entry) -> None:
            if entry is not None:
                self.session.add_external(entry)
            self.quote_edit.setFocus()

        self.session.store_thread.submit(job, done, self.session.failed.emit, writes=True)

    def end_call(self) -> None:
        """The 課's time limit is exceeded: the manual's words are shown to be said, the call is ended and
        both are recorded (対応を終える（時間超過）, with the limit and the minutes it took)."""
        state = self.session.state(self.clock())
        action = state.action("end_call")
        if action is None or self.has_ended():
            return
        phrase = action.text or "要求に応じられない旨を伝え、電話を切ります"
        self.show_phrase(phrase)
        payload = {"at": self.at(), "reason": phrase}
        for key in ("limit", "elapsed"):
            if action.data.get(key) is not None:
                payload[key] = int(action.data[key])
        self.session.append("call_ended", payload, lambda _e: self.end())
        self.end_call_button.hide()

    def end(self) -> None:
        """F10: the encounter is over (the person left or the call ended)."""
        if self.has_ended():
            return
        self.session.append("note", {"at": self.at(), "event": ENDED, "text": "対応を終えました"},
                            lambda _e: self.ended.emit())
        self._tick.stop()
