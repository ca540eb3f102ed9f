"""Helper process for the resume test: ``enter`` types into the wizard and waits to be killed;
``show`` opens the same incident and prints the page and its values as JSON."""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402

from app.model.service import Service  # noqa: E402
from app.model.store import Store  # noqa: E402
from app.ui.encounter.window import WIZARD_TAB, EncounterWindow  # noqa: E402
from app.ui.main import make_app  # noqa: E402
from app.ui.store_thread import StoreThread  # noqa: E402

path, key_hex, incident, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
app = make_app()
from app.model.auth import Authenticator  # noqa: E402
from tests.people import PASSWORD  # noqa: E402

store = Store.open(path, bytes.fromhex(key_hex))
thread = StoreThread(Service(store, Authenticator(store).sign_in("港 一郎", PASSWORD)))
window = EncounterWindow(thread, incident, tab=WIZARD_TAB)
window.show()
wiz = window.wizard


def when(cond, then, every=20):
    timer = QTimer(app, interval=every)

    def check():
        if cond():
            timer.stop()
            then()
    timer.timeout.connect(check)
    timer.start()


def enter():
    wiz.page.fields["demand"].widget.setPlainText("証明書の即日交付")
    wiz.go_next()
    when(lambda: wiz.step == "confirm_facts", type_facts)


def type_facts():
    wiz.page.fields["who"].widget.setText("架空の来庁者")
    wiz.page.fields["what"].widget.setText("交付の遅れへの苦情")
    # typed values reach the store after the 500 ms pause; report once they are durable
    when(lambda: not wiz._timer.isActive() and window.session.pending == 0 and thread.pending == 0, ready)


def ready():
    print("READY", flush=True)  # the parent kills us now (SIGKILL: no close, no flush)


def show():
    page = wiz.page
    print(json.dumps({"step": wiz.step, "values": page.values() if page else {}}, ensure_ascii=False), flush=True)
    os._exit(0)


when(lambda: window.session.is_loaded and (wiz.page is not None or wiz.step is None),
     enter if mode == "enter" else show)
app.exec()
