"""Screenshots of the case workspace at 1366×768, at 100 % and 200 % (QT_SCALE_FACTOR=2).

    python tools/screenshots_workspace.py [--out screenshots-local/workspace]

Fictional data in a throw-away store; PNGs go to a git-ignored folder (never commit them).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def shoot(out: Path, scale: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from app.model import care, demo, evidence, parties
    from app.model.service import Service
    from app.model.store import Store
    from app.ui.main import make_app
    from app.ui.main_window import MainWindow
    from app.ui.store_thread import StoreThread
    from app.ui.workspace.incident_view import IncidentView

    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-shots-"))
    store = Store.create(tmp / "store.db", os.urandom(32))
    svc = Service(store, "港 一郎")
    demo.fill(svc, count=60)
    iid = svc.list_incidents("髙橋 﨑子", limit=1)[0]["id"]
    q = svc.append(iid, "quote", {"at": "2025-04-01T10:03:00+09:00", "text": "ばかやろう"})
    svc.correct(iid, q.id, {"at": "2025-04-01T10:03:00+09:00", "text": "馬鹿野郎"}, "聞き違いを訂正")
    svc.append(iid, "answer", {"at": "2025-04-01T10:20:00+09:00", "text": "手数料の免除はできないとお伝えしました"})
    svc.append(iid, "judgement", {"result": "該当", "rationale": "暴言が繰り返された"})
    svc.append(iid, "escalation", {"level": "困難", "reason": "同一人物の繰り返し", "at": "2025-04-03T09:00:00+09:00"})
    svc.append(iid, "takedown_request", {"at": "2025-04-04T10:00:00+09:00", "platform": "架空SNS運営", "result": "請求中"})
    parties.set_status(svc, iid, "出入禁止", "2025-05-01", "退去命令に従わなかった", until="2099-12-31")
    care.refer(svc, iid, "港 一郎", "2099-01-31", "保健師面談の予約（架空）")
    img = QImage(640, 400, QImage.Format_RGB32)
    img.fill(QColor("#3366cc"))
    png = tmp / "投稿のスクリーンショット.png"
    img.save(str(png))
    evidence.attach(svc, iid, png, "sns", sns={"url": "https://sns.example/p/1", "account": "@fictional"})
    thread = StoreThread(Service(store, "港 一郎"))

    def settle(ms=600):
        import time
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()

    def save(widget, name):
        widget.resize(1366, 768)
        settle()
        widget.grab().save(str(out / f"{name}@{scale}x.png"))

    out.mkdir(parents=True, exist_ok=True)
    w = MainWindow(thread)
    w.show()
    settle(1200)
    save(w, "list")
    w.filter_bar.channel.setCurrentIndex(w.filter_bar.channel.findData("電話"))
    w.filter_bar.needs_check.setChecked(False)
    settle(800)
    save(w, "list_filtered")
    view = IncidentView(thread, iid, viewer="港 一郎", roles=("section_chief",))
    view.show()
    settle(1200)
    for index, name in ((0, "view_timeline"), (2, "view_evidence"), (3, "view_party"), (4, "view_internet"),
                        (6, "view_care")):
        view.tabs.setCurrentIndex(index)
        if name == "view_evidence":
            view.evidence.table.setCurrentCell(0, 0)
        settle(600)
        save(view, name)
    dialog = w.start_new_incident()
    dialog.party_name.setText("髙橋 﨑子")
    settle(1200)
    dialog.resize(900, 760)
    settle()
    dialog.grab().save(str(out / f"new_encounter_repeat@{scale}x.png"))
    view.close()
    w.close()
    thread.stop()
    store.close()
    QApplication.processEvents()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "screenshots-local" / "workspace"))
    ap.add_argument("--scale", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.scale:
        shoot(Path(args.out), args.scale)
        return 0
    for scale in ("1", "2"):
        env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        subprocess.run([sys.executable, __file__, "--out", args.out, "--scale", scale], env=env, check=True)
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
