"""`madoguchi selftest`: can this installation work? Checks, never creates or changes a store.

Usable from the frozen bundle without a display (QT_QPA_PLATFORM=offscreen is set when none is given).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Callable

from app import paths
from app.model import datadir, settings
from app.model.entry import Entry
from app.model.manual import load_edition
from app.model.service import DEFAULT_EDITION


def _check_settings() -> str:
    values, problems = settings.load_settings()
    if problems:
        raise RuntimeError("\n".join(str(p) for p in problems))
    return f"{len(values)} settings valid"


def _check_manual() -> str:
    edition = load_edition(DEFAULT_EDITION)
    return f"edition {edition.id} valid"


def _check_store(data_dir: Path, passphrase: str | None) -> str:
    store = datadir.open_store(data_dir, passphrase)  # raises if missing: never creates one
    try:
        quick = store.conn.execute("PRAGMA quick_check").fetchone()[0]
        if quick != "ok":
            raise RuntimeError(f"quick_check: {quick}")
        return f"store opens, {store.count_incidents()} incidents"
    finally:
        store.close()


def _check_pdf() -> str:
    from app.export import build_fields, render
    at = "2025-04-01T10:00:00+09:00"
    entries = [
        Entry(id="selftest-1", incident_id="selftest", device_id="selftest", seq=1, hlc="000000000000001.000000",
              author="試験 職員", kind="incident_created",
              payload={"occurred_at": at, "channel": "対面", "summary": "自己診断", "party": {"name": "𠮷田 髙﨑"}}),
    ]
    pdf = render("record", build_fields("record", entries, {}), draft=True)
    if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
        raise RuntimeError("PDF without embedded fonts")
    return f"PDF rendered ({len(pdf):,} bytes, fonts embedded)"


def _check_qt_fonts() -> str:
    if os.name != "nt" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase, QGuiApplication
    if QGuiApplication.instance() is None:
        _check_qt_fonts.app = QGuiApplication(["madoguchi-selftest"])  # kept alive for the fonts
    names = []
    for name in ("ipaexg.ttf", "ipaexm.ttf", "ipamjm.ttf"):
        fid = QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
        if fid < 0:
            raise RuntimeError(f"Qt cannot load {name}")
        names += QFontDatabase.applicationFontFamilies(fid)
    return "Qt fonts: " + ", ".join(names)


def _check_shared_folder() -> str:
    folder = settings.current().shared_folder or ""
    if not folder:
        return "no shared folder configured"
    path = Path(folder)
    if not path.is_dir():
        raise RuntimeError("共有フォルダに接続できません / shared folder not reachable")
    if not os.access(path, os.R_OK | os.W_OK):
        raise RuntimeError("共有フォルダに書き込めません / shared folder not writable")
    return "shared folder reachable"


def run(data_dir: Path, passphrase: str | None = None, skip_store: bool = False) -> dict:
    checks: list[tuple[str, Callable[[], str]]] = [
        ("settings", _check_settings),
        ("manual", _check_manual),
        ("pdf", _check_pdf),
        ("qt_fonts", _check_qt_fonts),
        ("shared_folder", _check_shared_folder),
    ]
    if not skip_store:
        checks.insert(2, ("store", lambda: _check_store(data_dir, passphrase)))
    results = []
    for name, fn in checks:
        t0 = time.perf_counter()
        try:
            detail, ok = fn(), True
        except Exception as exc:  # each failure is reported, the rest still run
            ja = getattr(exc, "ja", None)
            detail, ok = (ja or f"{type(exc).__name__}: {exc}"), False
        results.append({"check": name, "ok": ok, "detail": detail,
                        "ms": round((time.perf_counter() - t0) * 1000, 1)})
    return {"ok": all(r["ok"] for r in results), "at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "checks": results}
