"""Screenshots of every wizard page, the live panel and the cards, into screenshots-local/ (git-ignored).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_wizard.py            # 1366×768
    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=2 python tools/screenshots_wizard.py   # 200 %
The window is 1366×768 logical pixels; at QT_SCALE_FACTOR=2 the images are 2732×1536. Fictional data only.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from app.model.service import Service  # noqa: E402
from app.model.store import Store  # noqa: E402
from app.ui.encounter.window import LIVE_TAB, WIZARD_TAB, EncounterWindow  # noqa: E402
from app.ui.main import make_app  # noqa: E402
from app.ui.store_thread import StoreThread  # noqa: E402


def spin(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    app = make_app()
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    out = ROOT / "screenshots-local" / f"wizard-x{scale}"
    out.mkdir(parents=True, exist_ok=True)
    store = Store.create(Path(tempfile.mkdtemp(prefix="madoguchi-shots-")) / "s.db", os.urandom(32))
    svc = Service(store, "港 一郎")
    at = (dt.datetime.now().astimezone() - dt.timedelta(minutes=3)).isoformat(timespec="seconds")
    iid = svc.create_incident({"occurred_at": at, "channel": "対面", "place": "1階 区民課窓口",
                               "summary": "証明書の交付を待つ間に暴言を繰り返した（架空）", "staff": ["港 一郎"],
                               "party": {"description": "50代くらいの男性（架空）"},
                               "behaviours": ["暴言、侮辱及び誹謗中傷"]})
    thread = StoreThread(svc)
    w = EncounterWindow(thread, iid, tab=WIZARD_TAB)
    w.resize(1366, 768)
    w.show()
    spin(400)
    n = 0
    while w.wizard.step is not None and n < 30:
        step = w.wizard.step
        w.grab().save(str(out / f"{n:02d}_{step}.png"))
        page = w.wizard.page
        if step == "judgement":
            for p in ("definition",):
                for cb in page.fields[p].boxes.values():
                    cb.setChecked(True)
            page.fields["manner"].boxes["manner_abusive"].setChecked(True)
            page.rationale.set_value("「馬鹿野郎」と繰り返し怒鳴った（架空）")
            page.result.buttons["該当"].setChecked(True)
            page.judge_field.widget.setText("芝 課長")
            page.widget_scroll = w.wizard.scroll.verticalScrollBar()
            page.widget_scroll.setValue(page.widget_scroll.maximum())
            spin()
            w.grab().save(str(out / f"{n:02d}_{step}_bottom.png"))
        if step == "three_statements":
            for f in page.fields.values():
                f.widget.setChecked(True)
        w.wizard.go_next()
        spin(250)
        n += 1
    w.grab().save(str(out / f"{n:02d}_finished.png"))
    w.tabs.setCurrentIndex(LIVE_TAB)
    for _ in range(3):
        w.live.leave_request()
        spin(100)
    w.live.start_quote()
    w.live.quote_edit.setText("お前は無能だ、要求に応じろ")
    spin()
    w.grab().save(str(out / "live_panel.png"))
    card = w.open_police_card("暴行", "刑法第208条の暴行罪に該当するため、所属課長の判断を待つことなく、ただちに警察に通報します")
    card.resize(760, 560)
    spin()
    card.grab().save(str(out / "police_card.png"))
    card.close()
    sc = w.open_scenario_card("abusive_language")
    spin()
    sc.grab().save(str(out / "scenario_card.png"))
    sc.close()
    w.close()
    thread.stop()
    print(out)


if __name__ == "__main__":
    main()
