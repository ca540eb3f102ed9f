"""Store-and-forward: copy bundles verbatim from one folder to another (e.g. share → USB stick).

Bundles are self-authenticating, so a relay needs no keys and cannot alter them unnoticed; a name that
already exists is left alone (same name means same content hash), so relaying is idempotent.
"""
from __future__ import annotations

import os
from pathlib import Path

from app.model.sync import bundle, layout
from app.model.sync.fsops import FileOps, NotRegularFile, PublishConflict, lstat_type, publish_file


def relay(src, dst, ops: FileOps | None = None, only=None) -> list[str]:
    """Copy bundle files of ``src`` missing in ``dst``. ``only(rel) -> bool`` may pick a subset."""
    src, dst, ops = Path(src), Path(dst), ops or FileOps()
    copied = []
    fmt = layout.format_file(src)
    if fmt.exists() and not layout.format_file(dst).exists():
        publish_file(ops, dst, fmt.name, ops.read(fmt, 4096))
    base = layout.devices_dir(src)
    for device in sorted(os.listdir(base)) if base.is_dir() else []:
        if not layout.DEVICE_RE.match(device):
            continue
        for n in sorted(os.listdir(base / device / "log")):
            if layout.BundleName.parse(n) is None:
                continue
            rel = f"devices/{device}/log/{n}"
            target = layout.log_dir(dst, device) / n
            if target.exists() or (only is not None and not only(rel)):
                continue
            try:
                if lstat_type(base / device / "log" / n) != "file":
                    continue  # a pipe, socket or link on the source is never opened nor copied
                data = ops.read(base / device / "log" / n, bundle.MAX_FILE)
            except NotRegularFile:
                continue
            try:
                publish_file(ops, target.parent, n, data)
            except PublishConflict:
                continue
            copied.append(rel)
    return copied
