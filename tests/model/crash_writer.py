"""A writer for the SIGKILL test: appends entries forever, printing each id once its commit returned."""
import sys
from pathlib import Path

# this checkout's app, not whichever one an editable install points at
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.model.store import Store  # noqa: E402

path, key_hex, incident = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
store = Store.open(path, bytes.fromhex(key_hex))
n = 0
while True:
    n += 1
    batch = [(incident, "quote", {"text": f"発言{n}-{i}" * 20}, "港 一郎", None) for i in range(1 + n % 3)]
    for e in store.append_many(batch):
        sys.stdout.write(e.id + "\n")
    sys.stdout.flush()
