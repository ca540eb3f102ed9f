"""Evidence files (screenshots, photos, audio, video, documents, SNS captures), encrypted beside the store.

Layout: ``<data folder>/evidence/<blob>.mde`` where ``blob`` is an HMAC of the content's SHA-256 under the
evidence key (so the folder does not reveal which known file is held). No name from input is ever used as
a path. File format (version 1)::

    magic "MDGEVID1" | 16-byte salt | then chunks: ciphertext of up to 64 KiB + 16-byte tag

Each file has its own key, HKDF(evidence key, salt). Chunk i is sealed with ChaCha20-Poly1305, nonce =
i (12 bytes big-endian), associated data = magic + salt + i + last-chunk flag, so chunks cannot be
reordered, dropped or cut off at the end. The evidence key is derived from the store key
(``Store.derive_key``), so the recovery key opens evidence as well. Files are streamed: memory stays flat
for a 1 GB video. The SHA-256 of the original is recorded at intake in an ``attachment_added`` entry.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.model import files, validation
from app.model.errors import InputError, NotFoundError, StoreExistsError, AppendOnlyError

MAGIC = b"MDGEVID1"
SALT = 16
CHUNK = 64 * 1024
TAG = 16
HEADER = len(MAGIC) + SALT
KINDS = ("screenshot", "photo", "audio", "video", "document", "sns")
KIND_LABELS = {"screenshot": "スクリーンショット", "photo": "写真", "audio": "録音", "video": "録画",
               "document": "文書", "sns": "SNSの投稿"}
MAX_BYTES = 8 * 1024 ** 3
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class EvidenceError(AppendOnlyError):
    code = "evidence"


@dataclass(frozen=True)
class Attachment:
    sha256: str
    evidence_kind: str
    filename: str
    size: int
    entry_id: str
    author: str
    at: str
    url: str = ""
    account: str = ""
    posted_at: str = ""
    captured_at: str = ""

    @property
    def is_image(self) -> bool:
        return self.evidence_kind in ("screenshot", "photo", "sns") or _ext(self.filename) in IMAGE_EXT

    @property
    def is_audio(self) -> bool:
        return self.evidence_kind == "audio" or _ext(self.filename) in AUDIO_EXT


IMAGE_EXT = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"}
AUDIO_EXT = {".wav", ".mp3", ".m4a", ".ogg", ".flac", ".aac"}


def _ext(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def _file_key(master: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"madoguchi/evidence-file").derive(master)


def _aad(salt: bytes, index: int, last: bool) -> bytes:
    return MAGIC + salt + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


class EvidenceStore:
    """The encrypted evidence folder of one store. Use through ``for_store(store)``."""

    def __init__(self, folder: Path, master_key: bytes):
        self.folder = Path(folder)
        self._master = master_key
        self._name_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                              info=b"madoguchi/evidence-name").derive(master_key)

    # ---- paths (never from input) ---------------------------------------------------------------
    def _ensure_folder(self) -> Path:
        if self.folder.is_symlink():
            raise EvidenceError("証拠フォルダがシンボリックリンクです。使用しません。",
                                "The evidence folder is a symbolic link; refusing to use it.")
        self.folder.mkdir(mode=0o700, exist_ok=True)
        return self.folder

    def blob_path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise InputError("SHA-256 は64桁の16進数（小文字）で指定してください。",
                             "SHA-256 must be 64 lowercase hex digits.", field="sha256")
        name = hmac.new(self._name_key, bytes.fromhex(sha256), hashlib.sha256).hexdigest()[:40]
        return self.folder / f"{name}.mde"

    def has(self, sha256: str) -> bool:
        return self.blob_path(sha256).is_file()

    # ---- intake ----------------------------------------------------------------------------------
    def put_stream(self, source: BinaryIO, progress: Callable[[int], None] | None = None) -> tuple[str, int]:
        """Encrypt a stream into the folder; returns (sha256 of the plaintext, size). Streams in 64 KiB."""
        folder = self._ensure_folder()
        salt = os.urandom(SALT)
        aead = ChaCha20Poly1305(_file_key(self._master, salt))
        tmp = folder / f".intake-{os.urandom(8).hex()}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o600)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + salt)
                index = 0
                chunk = source.read(CHUNK)
                while True:
                    nxt = source.read(CHUNK) if len(chunk) == CHUNK else b""
                    last = not nxt
                    digest.update(chunk)
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise InputError("ファイルが大きすぎます（上限 8 GiB）。", "The file is larger than 8 GiB.",
                                         field="file")
                    out.write(aead.encrypt(_nonce(index), chunk, _aad(salt, index, last)))
                    if progress:
                        progress(size)
                    if last:
                        break
                    chunk, index = nxt, index + 1
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.blob_path(sha)
            try:
                files.retry(files.link_no_replace, tmp, final)  # never replaces; the same content kept once
            except FileExistsError:
                pass
        except OSError as exc:
            mine = files.translate(exc, "evidence")  # a full disk or a read-only folder, said as such
            if mine is None:
                raise
            raise mine from None
        finally:
            files.remove_quietly(tmp)
        return sha, size

    # ---- reading ---------------------------------------------------------------------------------
    def open(self, sha256: str) -> "EvidenceReader":
        path = self.blob_path(sha256)
        if path.is_symlink() or not path.is_file():
            raise NotFoundError("証拠ファイルが見つかりません。", f"No evidence file for {sha256[:12]}….")
        return EvidenceReader(path, self._master)

    def export(self, sha256: str, out: Path) -> int:
        """Decrypt to ``out`` (a new file; never overwrites, never follows a link); checks the SHA-256."""
        out = Path(out)
        if os.path.lexists(out):
            raise StoreExistsError(f"{out.name} は既にあります。上書きはしません。", f"{out.name} exists; not overwritten.")
        tmp = out.with_name(f".{out.name}.{os.urandom(6).hex()}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o600)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as f, self.open(sha256) as reader:
                for chunk in reader.chunks():
                    digest.update(chunk)
                    size += len(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            if digest.hexdigest() != sha256:
                raise EvidenceError("証拠ファイルの SHA-256 が記録と一致しません。",
                                    "The evidence file does not match its recorded SHA-256.")
            try:
                files.retry(files.link_no_replace, tmp, out)  # a FAT32 stick has no links: rename
            except FileExistsError:
                raise StoreExistsError(f"{out.name} は既にあります。上書きはしません。",
                                       f"{out.name} exists; not overwritten.") from None
        finally:
            files.remove_quietly(tmp)
        return size


class EvidenceReader:
    """Random access to a decrypted evidence file, one 64 KiB chunk at a time (for players and previews)."""

    def __init__(self, path: Path, master: bytes):
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY)
        self._f = os.fdopen(fd, "rb")
        header = self._f.read(HEADER)
        if len(header) != HEADER or not header.startswith(MAGIC):
            self._f.close()
            raise EvidenceError("証拠ファイルの形式が正しくありません。", "Not an evidence file.")
        self._salt = header[len(MAGIC):]
        self._aead = ChaCha20Poly1305(_file_key(master, self._salt))
        total = os.fstat(fd).st_size - HEADER
        self._chunks = max(1, -(-total // (CHUNK + TAG)))
        last_len = total - (self._chunks - 1) * (CHUNK + TAG) - TAG
        if last_len < 0:
            self._f.close()
            raise EvidenceError("証拠ファイルが壊れています。", "The evidence file is truncated.")
        self.size = (self._chunks - 1) * CHUNK + last_len
        self._cache: tuple[int, bytes] | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._f.close()

    def _chunk(self, index: int) -> bytes:
        if self._cache and self._cache[0] == index:
            return self._cache[1]
        self._f.seek(HEADER + index * (CHUNK + TAG))
        data = self._f.read(CHUNK + TAG)
        try:
            plain = self._aead.decrypt(_nonce(index), data, _aad(self._salt, index, index == self._chunks - 1))
        except InvalidTag:
            raise EvidenceError("証拠ファイルが改ざんされているか壊れています。",
                                "The evidence file fails its authentication check.") from None
        self._cache = (index, plain)
        return plain

    def chunks(self) -> Iterator[bytes]:
        for i in range(self._chunks):
            yield self._chunk(i)

    def read_at(self, offset: int, n: int) -> bytes:
        out = bytearray()
        while n > 0 and offset < self.size:
            index, within = divmod(offset, CHUNK)
            piece = self._chunk(index)[within:within + n]
            out += piece
            offset += len(piece)
            n -= len(piece)
        return bytes(out)

    def read_all(self, limit: int = 64 * 1024 * 1024) -> bytes:
        """The whole file, for image previews only; refuses files above ``limit``."""
        if self.size > limit:
            raise EvidenceError("プレビューするには大きすぎます。", "Too large to preview.")
        return b"".join(self.chunks())


def for_store(store) -> EvidenceStore:
    """The evidence folder of a store: ``<data folder>/evidence``, key derived from the store key."""
    return EvidenceStore(store.data_dir / "evidence", store.derive_key(b"evidence-v1"))


# ---- the service-level operations -----------------------------------------------------------------
def _open_source(path: Path) -> BinaryIO:
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise InputError(f"ファイルがありません: {path.name}", f"No such file: {path.name}", field="file") from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError("シンボリックリンクは添付できません。実体のファイルを指定してください。",
                         "Symbolic links are refused; give the file itself.", field="file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("通常のファイルを指定してください。", "Not a regular file.", field="file")
    fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY)
    return os.fdopen(fd, "rb")


def sns_fields(meta: dict | None) -> dict:
    meta = validation.obj(meta or {}, "sns", ("url", "account", "posted_at", "captured_at"))
    out = {}
    if meta.get("url"):
        out["url"] = validation.text(meta["url"], "url", max_len=4000)
    if meta.get("account"):
        out["account"] = validation.text(meta["account"], "account", max_len=1000)
    for key in ("posted_at", "captured_at"):
        if meta.get(key):
            out[key] = validation.timestamp(meta[key], key)
    return out


def attach(service, incident_id: str, path: Path, kind: str = "document", *, sns: dict | None = None,
           progress: Callable[[int], None] | None = None):
    """Encrypt a file into the evidence folder and record it (``attachment_added`` with its SHA-256).

    Only the file's base name is recorded, as text; it is never used as a path."""
    validation.choice(kind, "kind", KINDS, required=True)
    service._require_incident(incident_id)
    extra = sns_fields(sns)
    name = validation.text(Path(path).name, "filename", max_len=1000)
    with _open_source(path) as src:
        sha, size = for_store(service.store).put_stream(src, progress)
    payload = {"sha256": sha, "evidence_kind": kind, "filename": name, "size": size, **extra}
    return service.append(incident_id, "attachment_added", payload, door="service")


def attachments(entries) -> list[Attachment]:
    from app.model.entry import effective_entries
    out = []
    for e in effective_entries(entries):
        if e.kind != "attachment_added":
            continue
        p = e.payload
        out.append(Attachment(sha256=p.get("sha256", ""), evidence_kind=p.get("evidence_kind", "document"),
                              filename=p.get("filename", ""), size=int(p.get("size") or 0), entry_id=e.id,
                              author=e.author, at=e.recorded_at, url=p.get("url", ""), account=p.get("account", ""),
                              posted_at=p.get("posted_at", ""), captured_at=p.get("captured_at", "")))
    return out


def _recorded(service, incident_id: str, sha256: str) -> Attachment:
    found = next((a for a in attachments(service.entries(incident_id)) if a.sha256 == sha256), None)
    if found is None:
        raise NotFoundError("この事案にその証拠は記録されていません。",
                            "No evidence with that SHA-256 is recorded in this incident.")
    return found


def get(service, incident_id: str, sha256: str, out: Path) -> dict:
    """Write a recorded evidence file of an incident to ``out`` (new file only)."""
    att = _recorded(service, incident_id, sha256)
    service.record_evidence_export(incident_id, sha256)
    size = for_store(service.store).export(sha256, Path(out))
    return {"out": str(out), "sha256": sha256, "size": size, "filename": att.filename}


def open_reader(service, incident_id: str, sha256: str) -> EvidenceReader:
    _recorded(service, incident_id, sha256)
    return for_store(service.store).open(sha256)
