"""The document dialog with pytest-qt against a real SQLCipher store."""
from __future__ import annotations

import io
import os

import pdfplumber
import pytest

from app.ui.documents import DocumentDialog, print_pdf
from app.ui.main_window import MainWindow

SETTINGS = {"document_number_prefix": "港総総", "department": "区民課", "building_rules_articles": "第○条（試験用）"}


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


@pytest.fixture
def incident(service, sample):
    return service.create_incident(sample)


@pytest.fixture
def dialog(qtbot, chief_thread, incident):
    d = DocumentDialog(chief_thread, incident, settings=SETTINGS)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.pdf is not None and d.document.pageCount() > 0, timeout=15000)
    yield d
    d.wait_idle()


def test_dialog_shows_a_draft_preview_and_edits_reach_it(qtbot, dialog):
    assert dialog.current_kind() == "legal-request"
    assert "下書き" in _text(dialog.pdf)
    assert "馬鹿野郎" in dialog.field_text("background")  # pre-filled from the entries
    with qtbot.waitSignal(dialog.preview_ready, timeout=15000):
        dialog.inputs["background"].setPlainText("経緯を編集した試験用の文章です。")
    qtbot.waitUntil(lambda: "経緯を編集した試験用の文章です。" in _text(dialog.pdf).replace("\n", ""), timeout=15000)
    dialog.set_kind("eviction-order")
    qtbot.waitUntil(lambda: "退去命令書" in _text(dialog.pdf), timeout=15000)
    assert dialog.document.pageCount() >= 1


def test_issuing_from_the_dialog_records_the_entry(qtbot, dialog, store, incident, monkeypatch):
    monkeypatch.setattr(dialog, "confirm_issue", lambda kind: True)
    dialog.inputs["questions"].setPlainText("退去命令は適法か")
    for name, text in (("contact_name", "港 花子"), ("extension", "1234"), ("planned_response", "出入禁止を検討"),
                       ("attendees", "港 花子")):
        dialog.inputs[name].setPlainText(text) if name in ("planned_response", "attendees") else \
            dialog.inputs[name].setText(text)
    with qtbot.waitSignal(dialog.issued, timeout=15000) as blocker:
        dialog.issue_button.click()
    got = blocker.args[0]
    assert got.number == f"{got.number[0]}港総総第1号"
    entries = [e for e in store.entries(incident) if e.kind == "document_issued"]
    assert len(entries) == 1 and entries[0].payload["sha256"] == got.sha256
    assert dialog.pdf == got.pdf and "下書き" not in _text(got.pdf)
    assert "退去命令は適法か" in _text(got.pdf)
    qtbot.waitUntil(lambda: dialog.issued_list.count() == 1, timeout=10000)


def test_refusals_show_in_the_dialog(qtbot, store_thread, store, incident, monkeypatch):
    """A 職員 (the default store thread) may not apply for a legal consultation."""
    d = DocumentDialog(store_thread, incident, settings=SETTINGS)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.pdf is not None, timeout=15000)
    assert d.role.currentData() == "staff"
    monkeypatch.setattr(d, "confirm_issue", lambda kind: pytest.fail("must not ask"))
    d.issue_button.click()
    assert "課長" in d.status.text()
    assert not [e for e in store.entries(incident) if e.kind == "document_issued"]
    d.wait_idle()


def test_chief_issues_in_the_chiefs_role(dialog):
    assert dialog.role.currentData() == "section_chief" and not dialog.role.isEnabled()


def test_save_never_overwrites(qtbot, dialog, store, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    existing = tmp_path / "exists.pdf"
    existing.write_bytes(b"keep me")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(existing), "PDF (*.pdf)"))
    assert dialog.save_document() is None
    assert existing.read_bytes() == b"keep me"
    assert "上書きしません" in dialog.status.text()
    new = tmp_path / "new.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(new), "PDF (*.pdf)"))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        assert dialog.save_document() == new
    assert new.read_bytes() == dialog.pdf
    audits = [e for e in store.entries("audit-trail") if e.payload.get("action") == "export"]
    assert audits and audits[-1].payload.get("target") == dialog.incident_id


def test_print_renders_every_page(qtbot, dialog, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    assert print_pdf(printer, dialog.document) == dialog.document.pageCount()
    assert out.stat().st_size > 1000


def test_main_window_opens_documents_for_the_selected_incident(qtbot, store_thread, incident):
    window = MainWindow(store_thread)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    assert window.open_documents_for_selected() is None  # nothing selected
    window.table.selectRow(0)
    d = window.open_documents_for_selected()
    assert d.incident_id == incident
    qtbot.waitUntil(lambda: d.pdf is not None, timeout=15000)
    if os.environ.get("MADOGUCHI_SCREENSHOT"):
        qtbot.wait(1500)  # QPdfView paints its pages asynchronously
        d.grab().save(os.environ["MADOGUCHI_SCREENSHOT"])
    d.close()
    d.wait_idle()


def test_the_dialog_names_a_variant_form_without_a_glyph_and_empty_fields(qtbot, dialog):
    with qtbot.waitSignal(dialog.preview_ready, timeout=15000):
        dialog.inputs["contact_name"].setText("渡邊\U000E0104 健")
    qtbot.waitUntil(lambda: any("U+E0104" in w for w in dialog.warnings), timeout=15000)
    assert "異体字「邊\U000E0104（U+908A U+E0104）」" in dialog.status.text()
    assert "「検討している対処内容」が未入力" in dialog.status.text()
