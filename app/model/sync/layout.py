"""Where things live on the share, and the rules for names (ASCII, short, nothing personal).

    <root>/FORMAT                               share id, format version, organisation id (JSON)
    <root>/devices/<device-id>/log/<name>.mdgb  immutable bundles; only that device writes its folder
                                                (and replaces its own after a disposal: engine.republish_disposed)
    <root>/blobs/<2 hex>/<64 hex>.blob          encrypted attachments, named by a keyed hash
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BUNDLE_SUFFIX = ".mdgb"
TEMP_PREFIX = ".tmp-"
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
DEVICE_RE = re.compile(rf"^{_UUID}$")
BUNDLE_RE = re.compile(r"^e(\d{1,6})-(\d{1,12})-(\d{1,12})-([0-9a-f]{16})\.mdgb$")
BLOB_RE = re.compile(r"^[0-9a-f]{64}\.blob$")


@dataclass(frozen=True)
class BundleName:
    epoch: int
    seq_from: int
    seq_to: int
    sha16: str

    def __str__(self) -> str:
        return f"e{self.epoch}-{self.seq_from}-{self.seq_to}-{self.sha16}{BUNDLE_SUFFIX}"

    @classmethod
    def parse(cls, name: str) -> "BundleName | None":
        m = BUNDLE_RE.match(name)
        if not m:
            return None
        epoch, a, b = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a < 1 or b < a:
            return None
        return cls(epoch, a, b, m.group(4))


def format_file(root: Path) -> Path:
    return Path(root) / "FORMAT"


def devices_dir(root: Path) -> Path:
    return Path(root) / "devices"


def log_dir(root: Path, device_id: str) -> Path:
    return devices_dir(root) / device_id / "log"


def blob_path(root: Path, name_hex: str) -> Path:
    return Path(root) / "blobs" / name_hex[:2] / f"{name_hex}.blob"


def relative(root: Path, path: Path) -> str:
    """The path as shown in reports: relative, '/'-separated, ASCII."""
    return Path(path).relative_to(root).as_posix()
