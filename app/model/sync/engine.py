"""One sync run against a folder (the ward's share or a USB stick): publish, then ingest.

The folder is an untrusted mailbox. Nothing is ever inferred from a missing file; nothing local is ever
deleted; a file is never changed once published. The one exception: after a disposal, a PC replaces its own
bundles that hold entries disposed of since by bundles with the tombstones in place (``republish_disposed``).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.model import disposal
from app.model.entry import Entry, canonical_json
from app.model.errors import MadoguchiError
from app.model.ids import uuid7
from app.model.store import Store, entry_hash
from app.model.sync import bundle, layout
from app.model.sync.apply import apply_entries, recheck_refused
from app.model.sync.fsops import (FileOps, NotRegularFile, PublishConflict, clear_own_temp_files, lstat_type,
                                  publish_file, retry)
from app.model.sync.orgkeys import DeviceKeys, derived_device_id, signer_owns_device
from app.model.sync.reissue import reissue_lacking

RAW_TARGET = 12 * 1024 * 1024   # entries per bundle: at most this much JSON (compressed ≤ 16 MB)
READ_BATCH = 5000
SHARE_FORMAT = 1


class ShareUnavailable(MadoguchiError):
    exit_code = 9
    code = "share_unavailable"


class ForeignShare(MadoguchiError):
    exit_code = 10
    code = "foreign_share"


@dataclass
class SyncReport:
    published: int = 0
    imported: int = 0
    rejected: list = field(default_factory=list)
    pending: int = 0
    published_bundles: list = field(default_factory=list)
    ingested_bundles: int = 0
    needs_upgrade: list = field(default_factory=list)
    needs_key: list = field(default_factory=list)
    held: int = 0
    quarantined: int = 0
    released: int = 0  # refused entries taken in after all, once their author's directory entries arrived
    refused: list = field(default_factory=list)  # entries refused by the directory: file, entry, reason
    alerts: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    skipped: list = field(default_factory=list)   # names on the share that are not regular files (never opened)
    reissued: int = 0    # entries of a cloned PC's other branch re-issued under this PC's id
    device_id: str = ""
    republished: list = field(default_factory=list)  # this PC's bundles put on the share again with tombstones
    removed: list = field(default_factory=list)      # this PC's bundles they replaced, removed from the share
    disposed: list = field(default_factory=list)  # incidents whose content this run destroyed (disposal)

    def to_dict(self) -> dict:
        return asdict(self)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _published_key(device_id: str) -> str:
    return f"sync_published:{device_id}"


def _nonce_key(device_id: str) -> str:
    return f"device_nonce:{device_id}"


# ---- FORMAT ---------------------------------------------------------------------------------------
def check_format(store: Store, root: Path, keys: DeviceKeys, ops: FileOps, report: SyncReport) -> None:
    path = layout.format_file(root)
    if not path.exists():
        text = json.dumps({"format": SHARE_FORMAT, "share_id": uuid7(), "org": keys.org_id}).encode()
        try:
            publish_file(ops, root, path.name, text)
        except PublishConflict:
            pass  # another PC created it at the same moment: theirs stands, read it below
    try:
        info = json.loads(FileOps().read(path, 4096)[:4096])  # never blocks on a pipe
        org, share_id, fmt = info["org"], info["share_id"], info["format"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ForeignShare("同期フォルダの FORMAT ファイルが読めません。", "The folder's FORMAT file is unreadable.")
    if org != keys.org_id:
        raise ForeignShare("このフォルダは別の組織の同期フォルダです。", "This folder belongs to another organisation.")
    if fmt > SHARE_FORMAT:
        raise ForeignShare("新しい版の同期フォルダです。アプリを更新してください。",
                           "The folder uses a newer format; update madoguchi.")
    last = store.meta("sync_last_share_id")
    if last and last != share_id:
        report.alerts.append({"kind": "share_changed", "device_id": "", "detail": "new FORMAT share id"})
    if last != share_id:
        store.set_meta("sync_last_share_id", share_id)


# ---- publishing -----------------------------------------------------------------------------------
def _own_coverage(directory: Path, mine: dict[str, int]) -> list[tuple[int, int]]:
    """Seq ranges of bundles this PC published that are present with their full size.

    Only names this PC recorded as its own count: a file another PC wrote under this device id (a cloned
    disk image) must not make this PC believe its own entries are on the share. Sizes, not hashes, are
    compared so that a run with nothing new does not read every bundle this PC ever wrote."""
    ranges = []
    try:
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        return []
    for n in names:
        bn = layout.BundleName.parse(n)
        if bn is None or n not in mine:
            continue
        try:
            size = (directory / n).stat().st_size
        except OSError:
            continue
        if size == mine[n]:
            ranges.append((bn.seq_from, bn.seq_to))
    return ranges


def _gaps(ranges: list[tuple[int, int]], head: int) -> list[tuple[int, int]]:
    gaps, nxt = [], 1
    for a, b in sorted(ranges):
        if a > nxt:
            gaps.append((nxt, min(a - 1, head)))
        nxt = max(nxt, b + 1)
    if nxt <= head:
        gaps.append((nxt, head))
    return [(a, b) for a, b in gaps if a <= b and a <= head]


def _batches(store: Store, device: str, a: int, b: int):
    after, lines, size, first = a - 1, [], 0, None
    while after < b:
        rows = [e for e in store.entries_since(device, after, limit=READ_BATCH) if e.seq <= b]
        if not rows:
            break
        for e in rows:
            line = canonical_json(e.to_dict()).encode("utf-8")
            if lines and size + len(line) > RAW_TARGET:
                yield first, lines
                lines, size, first = [], 0, None
            first = first or e
            lines.append((e, line))
            size += len(line) + 1
        after = rows[-1].seq
    if lines:
        yield first, lines


def build_entries_bundle(entries: list[Entry], keys: DeviceKeys, published_ms: int | None = None,
                         device_nonce: str | None = None) -> tuple[str, bytes]:
    """A sealed bundle of one device's consecutive entries, and its file name. ``device_nonce``: for a device
    id derived from this PC's key (orgkeys.derived_device_id), the proof that it is this PC's."""
    content = b"\n".join(canonical_json(e.to_dict()).encode("utf-8") for e in entries)
    a, b = entries[0].seq, entries[-1].seq
    meta = {"device": entries[0].device_id, "seq_from": a, "seq_to": b, "count": len(entries),
            "published_ms": published_ms if published_ms is not None else _now_ms()}
    if device_nonce and entries[0].device_id != keys.cert.get("device"):
        meta["device_nonce"] = device_nonce
    data = bundle.seal("entries", content, keys, meta)
    name = layout.BundleName(keys.current_epoch, a, b, hashlib.sha256(data).hexdigest()[:16])
    return str(name), data


PREVIOUS_IDS = "device_ids_before"  # meta: [[old device id, this PC's last seq under it], …]


def _previous_ids(store: Store) -> list:
    return json.loads(store.meta(PREVIOUS_IDS) or "[]")


def publish(store: Store, root: Path, keys: DeviceKeys, ops: FileOps, report: SyncReport,
            now_ms: int | None = None) -> None:
    """This PC's entries the share lacks: under its device id, and under an id it had before a clone was
    found, up to where this PC wrote under it (so nothing it wrote there stays unpublished)."""
    for old, last in _previous_ids(store):
        if int(store.meta(_published_key(old)) or 0) < last:
            _publish_device(store, root, keys, ops, report, old, last, now_ms)
    row = store.conn.execute("SELECT seq FROM chain_heads WHERE device_id = ?", (store.device_id,)).fetchone()
    _publish_device(store, root, keys, ops, report, store.device_id, row[0] if row else 0, now_ms)


def _publish_device(store: Store, root: Path, keys: DeviceKeys, ops: FileOps, report: SyncReport, device: str,
                    head: int, now_ms: int | None) -> None:
    directory = layout.log_dir(root, device)
    directory.mkdir(parents=True, exist_ok=True)
    clear_own_temp_files(directory)
    mine = {r[0].rsplit("/", 1)[-1]: r[1] for r in store.conn.execute(
        "SELECT name, size FROM sync_ingested WHERE device_id = ? AND origin = 'published'", (device,))}
    for a, b in _gaps(_own_coverage(directory, mine), head):
        for _first, lines in _batches(store, device, a, b):
            entries = [e for e, _ in lines]
            name, data = build_entries_bundle(entries, keys, now_ms, store.meta(_nonce_key(device)))
            final = publish_file(ops, directory, name, data)
            rel = layout.relative(root, final)
            with store._lock:
                store.conn.execute(
                    "INSERT OR IGNORE INTO sync_ingested (sha256, name, device_id, seq_from, seq_to, entries,"
                    " new_entries, at, origin, size) VALUES (?,?,?,?,?,?,?,datetime('now'),'published',?)",
                    (hashlib.sha256(data).hexdigest(), rel, device, entries[0].seq, entries[-1].seq,
                     len(entries), 0, len(data)))
            report.published += len(entries)
            report.published_bundles.append(rel)
            mine[name] = len(data)
    covered = _gaps(_own_coverage(directory, mine), head)
    store.set_meta(_published_key(device), str(covered[0][0] - 1 if covered else head))


# ---- re-publishing after a disposal (issue 17) -------------------------------------------------------
REPLACED = "replaced"  # sync_ingested.origin of a bundle of this PC's that a re-published one replaced


def _tombstoned_seqs(store: Store, device: str) -> list[int]:
    rows = store.conn.execute(
        "SELECT seq, payload FROM entries WHERE device_id = ? AND payload LIKE '{\"disposed\":%' ORDER BY seq",
        (device,))
    return [seq for seq, text in rows if disposal.is_tombstone(json.loads(text))]


def _covered(ranges: list[tuple[int, int]], a: int, b: int) -> bool:
    return not [g for g in _gaps(ranges, b) if g[1] >= a]


def _stale(store: Store, path: Path, keys: DeviceKeys, ops: FileOps) -> bool:
    """The bundle on the share holds an entry whose payload this store no longer holds (disposed since)."""
    try:
        data = ops.read(path, bundle.MAX_FILE)  # another error stops the run: re-published at the next one
    except NotRegularFile:
        return False  # swapped for a pipe or a link: never opened, and not this PC's file any more
    try:
        header, content = bundle.open_bundle(data, keys)
        entries = parse_entries(content, header)
    except bundle.BundleError:
        return True  # this PC's own file, unreadable: put its range there again from the store
    held = {e.seq: e.payload for e in store.entries_since(entries[0].device_id, entries[0].seq - 1, len(entries))}
    return any(held.get(e.seq) != e.payload for e in entries)


def republish_disposed(store: Store, root: Path, keys: DeviceKeys, ops: FileOps, report: SyncReport,
                       now_ms: int | None = None) -> None:
    """Replace each bundle of this PC's own that holds an entry disposed of since it was published.

    Only this PC's own folder, only files it recorded as published. A replacement bundle for the same seq
    range, with the tombstones in place, is recorded and written atomically; only then the old file is
    removed, and it is removed again whenever a share serves it again (its range covered by present files).
    Coverage (``_own_coverage``) counts only the replacement, so nothing is published twice; if the share
    drops the replacement, ``publish`` puts the range there again from the store."""
    applied = store.meta(disposal.REPUBLISH) or "0"  # raised by every disposal applied here (own or received)
    done_key = f"sync_republished:{store.meta('sync_last_share_id') or ''}"  # per share (and USB stick)
    pending = applied != (store.meta(done_key) or "0")
    for device in [old for old, _last in _previous_ids(store)] + [store.device_id]:
        directory = layout.log_dir(root, device)
        if pending:
            _replace_stale(store, root, directory, device, keys, ops, report, now_ms)
        _remove_replaced(store, root, directory, device, ops, report)
    if pending:
        store.set_meta(done_key, applied)  # every own bundle on this share holding a tombstone is replaced


def _replace_stale(store: Store, root: Path, directory: Path, device: str, keys: DeviceKeys, ops: FileOps,
                   report: SyncReport, now_ms: int | None) -> None:
    """Each bundle this PC published for ``device`` that is on the share and holds an entry disposed of since:
    replaced by one built from the store (recorded first, written, then the old file removed)."""
    seqs = _tombstoned_seqs(store, device)
    if not seqs:
        return
    rows = store.conn.execute("SELECT sha256, name, seq_from, seq_to FROM sync_ingested WHERE device_id = ?"
                              " AND origin = 'published' ORDER BY seq_from", (device,)).fetchall()
    listed = set(os.listdir(directory)) if rows else set()
    for sha, rel, a, b in rows:
        old = root / rel
        if not any(a <= q <= b for q in seqs) or old.name not in listed:
            continue  # nothing disposed of in it, or not on the share (coverage publishes it from the store)
        if not _stale(store, old, keys, ops):
            continue
        entries = store.entries_since(device, a - 1, b - a + 1)
        if [e.seq for e in entries] != list(range(a, b + 1)):
            continue  # not this PC's whole range: leave the file as it is
        name, data = build_entries_bundle(entries, keys, now_ms, store.meta(_nonce_key(device)))
        new_rel = layout.relative(root, directory / name)
        with store.transaction() as conn:  # recorded first: if the write fails, coverage fills the range
            conn.execute(
                "INSERT OR IGNORE INTO sync_ingested (sha256, name, device_id, seq_from, seq_to, entries,"
                " new_entries, at, origin, size) VALUES (?,?,?,?,?,?,0,datetime('now'),'published',?)",
                (hashlib.sha256(data).hexdigest(), new_rel, device, a, b, len(entries), len(data)))
            conn.execute("UPDATE sync_ingested SET origin = ? WHERE sha256 = ?", (REPLACED, sha))
        publish_file(ops, directory, name, data)
        ops.unlink(old)
        report.republished.append(new_rel)
        report.removed.append(rel)


def _remove_replaced(store: Store, root: Path, directory: Path, device: str, ops: FileOps,
                     report: SyncReport) -> None:
    """A replaced bundle a share serves again is removed again, once present files cover its range."""
    replaced = store.conn.execute("SELECT name, seq_from, seq_to FROM sync_ingested WHERE device_id = ?"
                                  " AND origin = ?", (device, REPLACED)).fetchall()
    if not replaced:
        return
    mine = {r[0].rsplit("/", 1)[-1]: r[1] for r in store.conn.execute(
        "SELECT name, size FROM sync_ingested WHERE device_id = ? AND origin = 'published'", (device,))}
    present = _own_coverage(directory, mine)
    for rel, a, b in replaced:
        if lstat_exists(root / rel) and _covered(present, a, b):
            ops.unlink(root / rel)  # a share serving an old file again
            report.removed.append(rel)


def lstat_exists(path: Path) -> bool:
    try:
        return lstat_type(path) == "file"
    except OSError:
        return False


# ---- ingesting ------------------------------------------------------------------------------------
def parse_entries(content: bytes, header: dict) -> list[Entry]:
    try:
        lines = content.decode("utf-8").split("\n") if content else []
        entries = [Entry.from_dict(json.loads(line)) for line in lines]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        raise bundle.BundleError("bad_content") from None
    if len(entries) != header.get("count") or not entries:
        raise bundle.BundleError("bad_content")
    expected = header["seq_from"]
    for i, e in enumerate(entries):
        if (e.device_id != header["device"] or e.seq != expected + i
                or (entry_hash(e) != e.hash and not disposal.is_tombstone(e.payload))  # judged on apply
                or not all(isinstance(v, str) for v in (e.id, e.incident_id, e.hlc, e.kind, e.author))):
            raise bundle.BundleError("bad_entry")
        if i and e.prev_hash != entries[i - 1].hash:
            raise bundle.BundleError("broken_chain")
    if entries[-1].seq != header["seq_to"]:
        raise bundle.BundleError("bad_content")
    return entries


def _reject(report: SyncReport, rel: str, reason: str) -> None:
    report.rejected.append({"file": rel, "reason": reason})


def ingest_file(store: Store, root: Path, path: Path, device: str, keys: DeviceKeys, ops: FileOps,
                report: SyncReport, now_ms: int, arrived: list | None = None) -> None:
    rel = layout.relative(root, path)
    bn = layout.BundleName.parse(path.name)
    if bn is None:
        return _reject(report, rel, "bad_name")
    try:
        if path.stat().st_size > bundle.MAX_FILE:
            return _reject(report, rel, "too_large")
        data = retry(ops.read, path, bundle.MAX_FILE, sleep=ops.sleep)  # antivirus holds a new file briefly
    except NotRegularFile as exc:  # swapped for a pipe or a link after the listing
        report.skipped.append({"file": rel, "type": exc.kind})
        return
    except OSError as exc:
        report.problems.append({"file": rel, "reason": f"read_failed:{type(exc).__name__}"})
        return
    try:
        header, content = bundle.open_bundle(data, keys)
        sha = hashlib.sha256(data).hexdigest()
        if sha[:16] != bn.sha16:
            raise bundle.BundleError("name_mismatch")
        if (header.get("kind") != "entries" or header.get("device") != device or header.get("epoch") != bn.epoch
                or header.get("seq_from") != bn.seq_from or header.get("seq_to") != bn.seq_to):
            raise bundle.BundleError("header_mismatch")
        if not signer_owns_device(header["cert"], device, header.get("device_nonce")):
            raise bundle.BundleError("device_not_signer")  # one PC cannot write under another's device id
        entries = parse_entries(content, header)
    except bundle.NeedsUpgrade:
        report.needs_upgrade.append(rel)
        return _reject(report, rel, "needs_upgrade")
    except bundle.NeedsKey as exc:
        report.needs_key.append({"file": rel, "epoch": exc.epoch})
        return _reject(report, rel, "needs_key_epoch")
    except bundle.BundleError as exc:
        return _reject(report, rel, exc.reason)
    if store.conn.execute("SELECT 1 FROM sync_ingested WHERE sha256 = ?", (sha,)).fetchone():
        return
    record = {"sha256": sha, "name": rel, "device_id": device, "seq_from": bn.seq_from, "seq_to": bn.seq_to}
    if device == store.device_id and _written_elsewhere(store, entries):
        if (header.get("cert") or {}).get("pub") != keys.cert.get("pub"):
            # Under this PC's id but signed by another PC's key: not a copy of this PC, a PC writing in
            # its name. Refused (reported), never kept aside or re-issued; this PC keeps its id.
            return _reject(report, rel, "signer_not_this_pc")
        _take_new_device_id(store, keys, report)  # a copy of this PC (same key): first, so it applies as another's
    applied = apply_entries(store, entries, record, header, now_ms)
    report.imported += len(applied.new)
    report.ingested_bundles += 1
    report.quarantined += len(applied.quarantined) - len(applied.tombstones)
    if arrived is not None:
        arrived.extend((rel, e) for e in applied.tombstones)
    report.alerts.extend(applied.alerts)
    report.refused.extend({"file": rel, "entry": e.id, "device_id": e.device_id, "seq": e.seq, "kind": e.kind,
                           "reason": reason} for e, reason in applied.refused)


def _written_elsewhere(store: Store, entries: list[Entry]) -> bool:
    """Entries under this PC's device id that this PC did not write (a cloned disk image)."""
    mine = {r[0] for r in store.conn.execute(
        "SELECT id FROM entries WHERE device_id = ? AND seq BETWEEN ? AND ?",
        (store.device_id, entries[0].seq, entries[-1].seq))}
    return any(e.id not in mine for e in entries)


def _take_new_device_id(store: Store, keys: DeviceKeys, report: SyncReport) -> None:
    """Another PC writes under this PC's device id (a cloned disk image): continue under a new id.

    The new id is derived from this PC's device key and a nonce (orgkeys.derived_device_id), so only this PC
    may write under it; its bundles carry the nonce. The old id's chain is then another PC's like any other:
    where the copy only continued it, its entries are taken in; where both wrote, the other branch is kept
    aside and re-issued (app/model/sync/reissue.py). Both copies keep working; neither can tell which is "the
    original", so if both wrote after the copy both take fresh ids."""
    old, nonce = store.device_id, os.urandom(16).hex()
    new = derived_device_id(keys.cert["pub"], nonce)
    row = store.conn.execute("SELECT seq FROM chain_heads WHERE device_id = ?", (old,)).fetchone()
    before = _previous_ids(store) + [[old, row[0] if row else 0]]
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('device_id', ?)", (new,))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('device_id_previous', ?)", (old,))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (PREVIOUS_IDS, json.dumps(before)))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_nonce_key(new), nonce))
        conn.execute("DELETE FROM chain_heads WHERE device_id = ?", (old,))  # no longer this PC's chain
    store.device_id = new
    report.alerts.append({"kind": "device_id_changed", "device_id": old, "detail": new})


def ingest(store: Store, root: Path, keys: DeviceKeys, ops: FileOps, report: SyncReport, now_ms: int) -> None:
    known = {r[0] for r in store.conn.execute("SELECT name FROM sync_ingested")}
    arrived: list = []  # (file, tombstone) kept aside this run: reported if no valid execution took them in
    base = layout.devices_dir(root)
    try:
        devices = sorted(os.listdir(base))
    except FileNotFoundError:
        return
    for device in devices:
        if not layout.DEVICE_RE.match(device):
            continue
        directory = base / device / "log"
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for n in names:
            if n.startswith(layout.TEMP_PREFIX) or f"devices/{device}/log/{n}" in known:
                continue
            if not _regular(root, directory / n, report):
                continue
            ingest_file(store, root, directory / n, device, keys, ops, report, now_ms, arrived)
    released = recheck_refused(store)
    report.imported += len(released)
    report.released = len(released)
    report.disposed = disposal.apply_received(store)  # disposals received: destroyed here too (issue 17)
    waiting = {e.id for e in disposal.pending_tombstones(store)}
    report.refused.extend({"file": f, "entry": e.id, "device_id": e.device_id, "seq": e.seq, "kind": e.kind,
                           "reason": disposal.TOMBSTONE_PENDING} for f, e in arrived if e.id in waiting)


def _regular(root: Path, path: Path, report: SyncReport) -> bool:
    """A named pipe, device, socket, link or folder on the share is skipped and reported, never opened."""
    try:
        kind = lstat_type(path)
    except OSError:
        return False  # gone since the listing
    if kind != "file":
        report.skipped.append({"file": layout.relative(root, path), "type": kind})
    return kind == "file"


def _pending(store: Store, report: SyncReport) -> None:
    row = store.conn.execute("SELECT seq FROM chain_heads WHERE device_id = ?", (store.device_id,)).fetchone()
    published = int(store.meta(_published_key(store.device_id)) or 0)
    report.held = store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0]
    report.pending = max(0, (row[0] if row else 0) - published) + report.held


def sync_folder(store: Store, root, keys: DeviceKeys, ops: FileOps | None = None, *, publish_own: bool = True,
                now_ms: int | None = None) -> SyncReport:
    """Publish this PC's new entries to ``root`` and take in everything there. Never deletes local data."""
    root = Path(root)
    ops = ops or FileOps()
    now = now_ms if now_ms is not None else _now_ms()
    report = SyncReport(device_id=store.device_id)
    if not root.is_dir():
        raise ShareUnavailable("同期フォルダに接続できません。記録はこのPCに保存されています。",
                               "The sync folder is not reachable; records are kept on this PC.")
    try:
        check_format(store, root, keys, ops, report)
    except (OSError, PublishConflict) as exc:
        raise ShareUnavailable("同期フォルダに書き込めません。記録はこのPCに保存されています。",
                               f"Cannot write to the sync folder ({type(exc).__name__}).") from None
    if publish_own and not signer_owns_device(keys.cert, store.device_id, store.meta(_nonce_key(store.device_id))):
        # e.g. a restored store (new device id): every other PC would refuse its bundles; ask for `org join`
        report.problems.append({"step": "publish", "reason": "device_not_certified",
                                "detail": "このPCの端末IDは組織の証明書にありません。org join をもう一度実行してください。"})
    elif publish_own:
        try:
            publish(store, root, keys, ops, report, now_ms)
        except (OSError, PublishConflict) as exc:
            report.problems.append({"step": "publish", "reason": type(exc).__name__})
    try:
        ingest(store, root, keys, ops, report, now)
    except OSError as exc:
        report.problems.append({"step": "ingest", "reason": type(exc).__name__})
    report.reissued = len(reissue_lacking(store))  # another branch's records this PC lacks (a clone)
    if publish_own and (report.reissued or report.device_id != store.device_id):
        try:
            publish(store, root, keys, ops, report, now_ms)
        except (OSError, PublishConflict) as exc:
            report.problems.append({"step": "publish", "reason": type(exc).__name__})
    if publish_own and signer_owns_device(keys.cert, store.device_id, store.meta(_nonce_key(store.device_id))):
        try:
            republish_disposed(store, root, keys, ops, report, now_ms)  # disposals applied: off the share too
        except (OSError, PublishConflict) as exc:
            report.problems.append({"step": "republish", "reason": type(exc).__name__})
    _pending(store, report)
    store.set_meta("sync_last_run", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return report
