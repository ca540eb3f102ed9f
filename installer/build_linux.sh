#!/usr/bin/env bash
# Build the one-folder Linux bundle into dist/madoguchi and run its selftest.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q -e ".[build]"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller installer/madoguchi.spec
QT_QPA_PLATFORM=offscreen dist/madoguchi/madoguchi-cli selftest --no-store
du -sh dist/madoguchi
