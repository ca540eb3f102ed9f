"""本人開示の請求 tab (issue 17 §3): the 開示請求 and 訂正請求 with their 期限 and state, the details of the one
chosen, and what is done with it: 受付, 期限の延長, 開示決定, 訂正請求の受付 and 訂正の決定, and the 開示資料
issued (numbered, kept) then saved to a file the user picks.

Everything goes through the Service on the store thread (disclosure_requests, disclosure_request_detail,
disclosure_request, disclosure_extend, disclosure_decide, correction_request, correction_decide,
disclosure_collect, issue_disclosure_package through app/export/disclosure_package, disclosure_package_bytes).
The buttons follow the chosen request's state and the rights of the permission table; the door decides. A
person without the right to the register sees that (NO_RIGHT), not an error. No internal id is shown.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QScrollArea,
                               QTabWidget, QTableWidgetItem, QVBoxLayout)

from app.model import disclosure_requests as clock
from app.model import permissions, streams
from app.model.errors import MadoguchiError, StoreExistsError
from app.model.kinds_disclosure import KINDS
from app.model.service_disclosure import PACKAGE_DOC_KIND
from app.model.service_registers import view_operation
from app.ui.duties import disclosure_forms as F
from app.ui.duties.common import Today, day_text, moment_text
from app.ui.duties.queue_tab import QueueTab
from app.ui.store_thread import guarded

COLUMNS = ("請求", "請求者", "受付日", "期限", "状態", "残り")
HEADERS = list(COLUMNS)
NO_RIGHT = "本人開示の請求の記録簿は、課長と総務部長が扱います。この記録簿を見る権限がありません。"
PACKAGE_FILE = "保有個人情報の開示資料.pdf"
ROW_ID = Qt.ItemDataRole.UserRole


def left_text(days: int | None) -> str:
    if days is None:
        return "―"
    return f"あと{days}日" if days > 0 else ("本日まで" if days == 0 else f"{-days}日超過")


def state_text(s: dict) -> str:
    return s["state"] + (f"（{s['decision']}）" if s.get("decision") else "")


def row_of(s: dict) -> list[str]:
    return [s["label"], s["requester"], day_text(s["received_on"]), day_text(s["due"]), state_text(s),
            left_text(s["days_left"])]


def _message(exc) -> str:
    """The Service's reason in Japanese (a record with no text field: what to do instead, see
    service_disclosure.CORRECT_IN_THE_CASE)."""
    return exc.ja if isinstance(exc, MadoguchiError) and exc.ja else "処理できませんでした。もう一度お試しください。"


def detail_lines(d: dict) -> list[str]:
    """The chosen request in words: its clock, what was asked, the extension, the decision, the 開示資料 and
    the 訂正請求 of the same person. Days as every duties tab shows them; no id."""
    out = [f"{d['label']}　請求者：{d['requester']}",
           f"受付日：{day_text(d['received_on'])}　期限：{day_text(d['due'])}"
           + (f"（{left_text(d['days_left'])}）" if d["days_left"] is not None else "") + f"　状態：{d['state']}"]
    if d.get("scope"):
        out.append(f"請求の範囲：{d['scope']}")
    if d.get("contact"):
        out.append(f"連絡先：{d['contact']}")
    r = d.get("record")
    if r is not None:
        if r.get("shown"):
            out.append(f"訂正を求める記録：{moment_text(r['occurred_at'])} {r['department']}の事案　"
                       f"{r['label']}（{moment_text(r['at'])}）{r['text'][:120]}")
        else:
            out.append("訂正を求める記録：担当の課が異なる事案のため、ここには表示しません。")
        out.append(f"訂正を求める内容：{d['requested']}")
    ext = d.get("extension")
    if ext:
        out.append(f"延長：{day_text(d['first_due'])} → {day_text(ext['due'])}（{ext['by']}）　理由：{ext['reason']}")
    elif d["state"] != clock.DECIDED:
        out.append(f"延長：なし（理由を付けて一度だけ、{day_text(d['latest_due'])}まで延長できます）")
    else:
        out.append("延長：なし")
    dec = d.get("decided")
    if dec:
        when = day_text(dec.get("decided_on") or dec.get("at"))
        out.append(f"決定：{dec['decision']}（{when}、{dec['by']}）")
        if dec.get("withheld"):
            out.append(f"開示しない情報と理由：{dec['withheld']}")
        if dec.get("reason"):
            out.append(f"決定の理由：{dec['reason']}")
    else:
        out.append("決定：まだです")
    if d["kind"] == "disclosure_received":
        for p in d["packages"]:
            out.append(f"開示資料：{p['number']}（{moment_text(p['at'])} 発行、{p['issued_by']}）")
        if not d["packages"]:
            out.append("開示資料：まだ発行していません")
        cs = d["corrections"]
        out.append(f"同じ方の訂正請求：{len(cs)}件" + ("（" + "、".join(
            f"{day_text(c['received_on'])}受付 {state_text(c)}" for c in cs) + "）" if cs else ""))
    return out


class DisclosureTab(QueueTab):
    TITLE = "本人開示の請求"
    loaded = Signal()
    """Emitted once the list (and the chosen request's details), or the refusal to show them, are shown."""
    done = Signal()
    """Emitted after a write was answered (recorded or refused), or a 開示資料 saved (or not)."""

    def __init__(self, store_thread, parent=None, today: Today | None = None, settings=None):
        super().__init__(store_thread, parent, today, "disclosure", "disclosure_table", COLUMNS)
        self.settings = settings  # None: the process's (app/model/settings.py), read when a package is issued
        self.states: list[dict] = []
        self.detail: dict | None = None
        self.rights: dict[str, bool] = {}
        self.chosen_id: str | None = None
        self._note = ""
        self._filling = False
        self._asked_detail = 0
        self._prefilled: str | None = None  # the 開示請求 whose requester the 訂正請求 form was given
        self.heading.setText(f"開示請求・訂正請求の受付簿です。決定の期限は受付の翌日から{clock.DECISION_DAYS}日"
                             f"（正当な理由があるときは{clock.EXTENSION_MAX_DAYS}日以内に限り延長できます）。")
        self.heading.setWordWrap(True)
        self._put_details_beside_the_list()
        self.package_button = self.add_button("開示資料を発行して保存…", "disclosure_package", self.issue_package)
        self.resave_button = self.add_button("発行済みの開示資料を保存…", "disclosure_resave", self.save_kept)
        today = self.today  # the forms' default days follow it (the window's, a fake one in tests)
        self.receive = F.ReceivePage(today, self.record)
        self.extend_page = F.ExtendPage(self.extend)
        self.decide_page = F.DecidePage(today, self.decide)
        self.correction_page = F.CorrectionPage(today, self.find_records, self.record_correction)
        self.correction_decide_page = F.CorrectionDecidePage(today, self.decide_correction)
        self.dated_pages = (self.receive, self.decide_page, self.correction_page, self.correction_decide_page)
        self.forms = QTabWidget()
        self.forms.setObjectName("disclosure_forms")
        for page, title in ((self.receive, "開示請求の受付"), (self.extend_page, "期限の延長"),
                            (self.decide_page, "開示決定"), (self.correction_page, "訂正請求の受付"),
                            (self.correction_decide_page, "訂正の決定")):
            self.forms.addTab(page, title)
        self.body.addWidget(self.forms)
        self.status = QLabel()
        self.status.setObjectName("disclosure_status")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        self.form_box = self.receive  # the 受付 form (kept under its old name)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self.correction_page.entry.currentIndexChanged.connect(lambda _i: self._enable())
        store_thread.changed.connect(self.refresh)
        self._enable()
        self.refresh()

    def _put_details_beside_the_list(self) -> None:
        """The list on the left, the chosen request's details on the right (both under the heading)."""
        self.body.removeWidget(self.table)
        box = QGroupBox("選んだ請求")
        self.details = QLabel(F.NO_CHOICE)
        self.details.setObjectName("disclosure_details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        QVBoxLayout(box).addWidget(scroll)
        top = QHBoxLayout()
        top.addWidget(self.table, 3)
        top.addWidget(box, 2)
        self.body.insertLayout(1, top, 1)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Shown again (the window's today may have moved since): the forms' default days follow it."""
        for page in self.dated_pages:
            page.follow_today()
        super().showEvent(event)

    # ---- loading -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        for page in self.dated_pages:  # a day not chosen by the user moves with today
            page.follow_today()
        today = self.today().isoformat()

        def job(svc):
            if not svc.can(view_operation(streams.DISCLOSURES)):
                return None
            rights = {k.name: svc.can(permissions.operation_for_entry(k.name)) for k in KINDS}
            rights["package"] = svc.can(f"document.{PACKAGE_DOC_KIND}")
            return svc.disclosure_requests(today), rights
        self.load(job, self._show, self._failed)

    def _show(self, result) -> None:
        if result is None:
            self.states, self.rights, self.detail, self.chosen_id = [], {}, None, None
            self.table.setRowCount(0)
            self.details.setText("")
            self.status.setText(NO_RIGHT)
            self._enable()
            self.loaded.emit()
            return
        self.states, self.rights = result
        self._filling = True
        self.table.setRowCount(len(self.states))
        chosen_row = -1
        for r, s in enumerate(self.states):
            for c, value in enumerate(row_of(s)):
                item = QTableWidgetItem(value)
                item.setData(ROW_ID, s["id"])
                self.table.setItem(r, c, item)
            if s["id"] == self.chosen_id:
                chosen_row = r
        self.table.clearSelection()
        if chosen_row >= 0:
            self.table.selectRow(chosen_row)
        else:
            self.chosen_id = None
        self._filling = False
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.Stretch)
        overdue = sum(1 for s in self.states if s["state"] == clock.OVERDUE)
        note, self._note = self._note, ""
        self.status.setText(note + (f"期限を過ぎた請求が{overdue}件あります。" if overdue else ""))
        self._load_detail()

    def _failed(self, exc) -> None:
        self.status.setText(_message(exc))
        self.loaded.emit()

    def chosen(self) -> dict | None:
        return next((s for s in self.states if s["id"] == self.chosen_id), None)

    def _chosen_changed(self) -> None:
        if self._filling:
            return
        items = self.table.selectedItems()
        self.chosen_id = items[0].data(ROW_ID) if items else None
        self._load_detail()

    def _load_detail(self) -> None:
        self._asked_detail += 1
        asked, rid, today = self._asked_detail, self.chosen_id, self.today().isoformat()
        s = self.chosen()
        self.extend_page.show_request(s)
        for page in (self.decide_page, self.correction_decide_page):
            page.target.setText(F.target_text(s))
        if s is not None and s["kind"] == "disclosure_received" and rid != self._prefilled:
            self._prefilled = rid  # a 訂正請求 is most often the 開示請求's requester's: the name is offered once
            self.correction_page.requester.setText(s["requester"])
        if rid is None:
            self.detail = None
            self.details.setText(F.NO_CHOICE if self.states else "請求はまだありません。")
            self._enable()
            self.loaded.emit()
            return
        latest = lambda: asked == self._asked_detail  # noqa: E731
        self.store_thread.submit(lambda svc: svc.disclosure_request_detail(rid, today),
                                 guarded(self, self._show_detail, latest), guarded(self, self._failed, latest))

    def _show_detail(self, d: dict) -> None:
        self.detail = d
        self.details.setText("\n".join(detail_lines(d)))
        self._enable()
        self.loaded.emit()

    # ---- what may be done now ------------------------------------------------------------------------
    def _enable(self) -> None:
        """Each button as the chosen request's state and the person's rights allow (the door checks again)."""
        s, may = self.chosen(), self.rights
        open_ = s is not None and s["state"] != clock.DECIDED
        disclosure = s is not None and s["kind"] == "disclosure_received"
        self.receive.submit.setEnabled(may.get("disclosure_received", False))
        self.extend_page.submit.setEnabled(open_ and not s["extension_reason"]
                                           and may.get("disclosure_extended", False))
        self.decide_page.submit.setEnabled(open_ and disclosure and may.get("disclosure_decided", False))
        self.correction_decide_page.submit.setEnabled(
            open_ and s["kind"] == "correction_received" and may.get("correction_decided", False))
        corr = may.get("correction_received", False)
        self.correction_page.find_button.setEnabled(corr)
        self.correction_page.submit.setEnabled(corr and self.correction_page.chosen() is not None)
        self.package_button.setEnabled(disclosure and may.get("package", False))
        self.resave_button.setEnabled(bool(disclosure and may.get("package", False) and self.detail
                                           and self.detail["id"] == s["id"] and self.detail["packages"]))
        self.forms.setEnabled(bool(may))

    # ---- writing -------------------------------------------------------------------------------------
    def _write(self, job, note: str, then=None) -> None:
        """Run a write on the store thread; once recorded, ``then()`` (e.g. the form cleared) and the note shown
        with the reloaded list; if refused, the reason (the form keeps what was typed)."""
        def written(_result) -> None:
            if then is not None:
                then()
            self._note = note + "　"
            self.status.setText(note)
            self.done.emit()  # the list reloads on the store's ``changed``

        def refused(exc) -> None:
            self.status.setText(_message(exc))
            self.done.emit()
        self.store_thread.submit(job, guarded(self, written), guarded(self, refused), writes=True)

    def _need_chosen(self) -> dict | None:
        s = self.chosen()
        if s is None:
            self.status.setText(F.NO_CHOICE)
        return s

    def record(self) -> None:
        payload, name = self.receive.payload(), self.receive.requester.text()
        self._write(lambda svc: svc.disclosure_request(payload), f"{name} さんの開示請求を受け付けました。",
                    self.receive.clear)

    def extend(self) -> None:
        s = self._need_chosen()
        if s is None:
            return
        rid, payload = s["id"], self.extend_page.payload()
        self._write(lambda svc: svc.disclosure_extend(rid, payload),
                    f"期限を{day_text(payload['due'])}まで延長しました（請求者への通知を忘れずに）。",
                    self.extend_page.reason.clear)

    def decide(self) -> None:
        s = self._need_chosen()
        if s is None:
            return
        rid, payload = s["id"], self.decide_page.payload()
        self._write(lambda svc: svc.disclosure_decide(rid, payload), f"開示決定（{payload['decision']}）を記録しました。",
                    self.decide_page.withheld.clear)

    def find_records(self) -> None:
        name = self.correction_page.requester.text()

        def found(collected: dict) -> None:
            self.correction_page.show_records(collected["incidents"], name)
            n = len(collected["incidents"])
            others = (f"担当の課が異なる事案が{collected['outside_scope']}件あります（総務部長が扱えます）。"
                      if collected["outside_scope"] else "")
            near = (f"似た氏名の記録：{'、'.join(collected['near_names'])}（氏名が請求書と同じか確かめてください）。"
                    if collected["near_names"] else "")
            self.status.setText((f"{name} さんの事案が{n}件あります。訂正を求める記録を選んでください。" if n else
                                 f"{name} さんの事案で、この画面で扱えるものはありません。") + others + near)
            self._enable()
            self.done.emit()

        def not_found(exc) -> None:
            self.correction_page.show_records([])
            self.status.setText(_message(exc))
            self._enable()
            self.done.emit()
        self.store_thread.submit(lambda svc: svc.disclosure_collect(name), guarded(self, found),
                                 guarded(self, not_found))

    def record_correction(self) -> None:
        if self.correction_page.chosen() is None:
            self.status.setText("「記録を探す」で、訂正を求める記録を選んでください。")
            return
        payload = self.correction_page.payload()
        self._write(lambda svc: svc.correction_request(payload), f"{payload['requester']} さんの訂正請求を受け付けました。",
                    self.correction_page.clear)

    def decide_correction(self) -> None:
        s = self._need_chosen()
        if s is None:
            return
        rid, payload = s["id"], self.correction_decide_page.payload()
        what = "記録を訂正しました（訂正の理由に請求者の氏名を残しています）" if payload["decision"] == "訂正する" else \
            "訂正しない決定を記録しました"
        self._write(lambda svc: svc.correction_decide(rid, payload), f"{what}。",
                    self.correction_decide_page.reason.clear)

    # ---- the 開示資料 --------------------------------------------------------------------------------
    def ask_path(self, suggested: str) -> Path | None:
        """A new .pdf file the user picks (never an existing one: nothing is overwritten)."""
        name, _ = QFileDialog.getSaveFileName(self, "開示資料の保存先", suggested, "PDF (*.pdf)",
                                              options=QFileDialog.DontConfirmOverwrite)
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        if path.exists():
            self.status.setText(f"保存先のファイルが既にあります（上書きしません）。別の名前を選んでください：{path.name}")
            return None
        return path

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.Yes

    def _save(self, path: Path, pdf: bytes, number: str) -> None:
        from app.model.files import write_new
        try:
            write_new(path, pdf)
        except StoreExistsError:
            self.status.setText(f"開示資料 {number} は保管されています。保存先のファイルが既にあるため保存していません。"
                                "「発行済みの開示資料を保存…」で別の名前に保存してください。")
            return
        except OSError as exc:
            self.status.setText(f"開示資料 {number} は保管されています。ファイルに保存できませんでした（{exc.strerror}）。"
                                "「発行済みの開示資料を保存…」で保存し直してください。")
            return
        self.status.setText(f"開示資料 {number} を保存しました：{path.name}")

    def issue_package(self) -> None:
        s = self._need_chosen()
        if s is None or s["kind"] != "disclosure_received":
            return
        path = self.ask_path(PACKAGE_FILE)
        if path is None:
            return
        if not self.confirm("開示資料の発行", f"{s['requester']} さんの開示請求に答える開示資料を発行します。文書番号を付け、"
                            "開示請求の記録に残し、保管します。発行した資料は変更できません。よろしいですか。"):
            return
        from app.export import disclosure_package
        from app.model import settings as settings_mod
        rid = s["id"]
        settings = self.settings if self.settings is not None else settings_mod.current()
        now = _dt.datetime.combine(self.today(), _dt.datetime.now().time()).astimezone()
        self.package_button.setEnabled(False)

        def issued(got: dict) -> None:
            self._save(path, got["pdf"], got["number"])
            self._note = self.status.text() + "　"
            self.done.emit()

        def refused(exc) -> None:
            self.status.setText(_message(exc))
            self._enable()
            self.done.emit()
        self.store_thread.submit(lambda svc: disclosure_package.issue_package(svc, rid, settings=settings, now=now),
                                 guarded(self, issued), guarded(self, refused), writes=True)

    def save_kept(self) -> None:
        """Save again the latest 開示資料 issued for the chosen request (its kept bytes; audited)."""
        s, d = self.chosen(), self.detail
        if s is None or d is None or d["id"] != s["id"] or not d["packages"]:
            return
        number = d["packages"][-1]["number"]
        path = self.ask_path(f"開示資料_{number}.pdf")
        if path is None:
            return

        def kept(pdf: bytes) -> None:
            self._save(path, pdf, number)
            self.done.emit()

        def refused(exc) -> None:
            self.status.setText(_message(exc))
            self.done.emit()
        self.store_thread.submit(lambda svc: svc.disclosure_package_bytes(number), guarded(self, kept),
                                 guarded(self, refused))
