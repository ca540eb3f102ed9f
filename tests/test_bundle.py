"""The PyInstaller bundle builds and its selftest passes (slow; CI runs it)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the Linux bundle")
def test_frozen_bundle_runs_selftest(tmp_path):
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if pyinstaller is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.10"], check=True)
        pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    subprocess.run([pyinstaller, "--noconfirm", "--log-level", "ERROR", "--distpath", str(tmp_path / "dist"),
                    "--workpath", str(tmp_path / "build"), str(ROOT / "installer" / "madoguchi.spec")],
                   check=True, cwd=ROOT, timeout=1200)
    cli = tmp_path / "dist" / "madoguchi" / "madoguchi-cli"
    assert cli.is_file()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({"MADOGUCHI_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
                "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)})
    (tmp_path / "pass.txt").write_text("frozen-bundle-test-passphrase\n")
    # No OS keyring in the bundle's environment here: the passphrase path is exercised.
    init = subprocess.run([str(cli), "--passphrase-file", str(tmp_path / "pass.txt"), "init"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert init.returncode == 0, init.stderr
    proc = subprocess.run([str(cli), "--passphrase-file", str(tmp_path / "pass.txt"), "selftest"],
                          capture_output=True, text=True, env=env, timeout=120)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report
    assert {c["check"] for c in report["checks"]} >= {"store", "pdf", "qt_fonts", "manual", "settings"}
    assert all(c["ok"] for c in report["checks"]), report
