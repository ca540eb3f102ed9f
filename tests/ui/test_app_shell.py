"""Single instance per user and the crash log without personal data."""
from __future__ import annotations

import sys
import uuid

from app import crashlog
from app.ui.single_instance import SingleInstance


def test_second_instance_activates_the_first(qtbot, qapp):
    name = f"madoguchi-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert not first.notify_running(200)  # nobody runs yet
    assert first.listen()
    second = SingleInstance(name)
    with qtbot.waitSignal(first.activate_requested, timeout=5000):
        assert second.notify_running(2000)
    first.server.close()


def test_crash_log_has_no_message_text(tmp_path):
    secret = "髙橋 﨑子が「土下座しろ」と言った"
    try:
        raise ValueError(secret)
    except ValueError:
        path = crashlog.write(*sys.exc_info(), folder=tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "ValueError" in text and "test_app_shell.py" in text
    assert secret not in text and "髙橋" not in text
