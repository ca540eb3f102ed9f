"""Attachments on the share: separate encrypted blobs named by a keyed hash of their content.

The name is HMAC-SHA256(organisation name key, content), so equal files share one blob and the name
reveals nothing without the key. Blobs are created if absent and never replaced. A blob that has not
arrived yet is simply "pending" (``fetch_blob`` returns None); it never blocks a record.
"""
from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from app.model.sync import bundle, layout
from app.model.sync.fsops import FileOps, publish_file
from app.model.sync.orgkeys import DeviceKeys


def blob_name(keys: DeviceKeys, sha256_hex: str) -> str:
    return hmac.new(keys.name_key, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()


def publish_blob(root, keys: DeviceKeys, path_or_bytes, ops: FileOps | None = None) -> str:
    """Put an attachment on the share (if not there yet). Returns the SHA-256 of its content."""
    data = path_or_bytes if isinstance(path_or_bytes, (bytes, bytearray)) else Path(path_or_bytes).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    target = layout.blob_path(Path(root), blob_name(keys, digest))
    if target.exists() and _readable(target, keys, digest):
        return digest
    sealed = bundle.seal("blob", bytes(data), keys, {"sha256": digest})
    publish_file(ops or FileOps(), target.parent, target.name, sealed)
    return digest


def _readable(path: Path, keys: DeviceKeys, digest: str) -> bool:
    try:
        return fetch_file(path, keys, digest) is not None
    except bundle.BundleError:
        return False


def fetch_file(path: Path, keys: DeviceKeys, digest: str) -> bytes | None:
    data = FileOps().read(path, bundle.MAX_FILE)
    header, content = bundle.open_bundle(data, keys)
    if header.get("kind") != "blob" or header.get("sha256") != digest or hashlib.sha256(content).hexdigest() != digest:
        raise bundle.BundleError("blob_mismatch")
    return content


def fetch_blob(root, keys: DeviceKeys, sha256_hex: str) -> bytes | None:
    """The attachment's bytes, or None while it is pending (absent or not yet complete on the share)."""
    path = layout.blob_path(Path(root), blob_name(keys, sha256_hex))
    try:
        return fetch_file(path, keys, sha256_hex)
    except FileNotFoundError:
        return None
    except bundle.BundleError:
        return None
