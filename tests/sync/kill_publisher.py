"""Run one sync of a PC and SIGKILL itself at a chosen publish step (for test_publish_faults)."""
import sys
from pathlib import Path

from app.model.store import Store
from app.model.sync import sync_folder
from app.model.sync.orgkeys import DeviceKeys
from tests.sync.faults import FailAt

db, key_hex, secret_file, share, step = sys.argv[1:6]
store = Store.open(Path(db), bytes.fromhex(key_hex))
keys = DeviceKeys.from_secret(Path(secret_file).read_text())
if step == "record":
    store.set_meta = lambda *a: __import__("os").kill(__import__("os").getpid(), 9)
    sync_folder(store, share, keys)
else:
    sync_folder(store, share, keys, ops=FailAt(step, kill=True))
sys.exit(3)  # not reached when the kill happened
