# Build madoguchi on Windows: the PyInstaller folder, then the Inno Setup installer.
# Requirements: Python 3.11 (x64), Inno Setup 6 (iscc.exe on PATH). Run from the repository root:
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.\.venv\Scripts\python -m pip install --upgrade pip
.\.venv\Scripts\python -m pip install -e ".[build]"
.\.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\madoguchi.spec
$env:QT_QPA_PLATFORM = "offscreen"
.\dist\madoguchi\madoguchi-cli.exe selftest --no-store
if ($LASTEXITCODE -ne 0) { throw "selftest failed" }
if (-not (Test-Path installer\config.json)) { Copy-Item installer\config.example.json installer\config.json }
iscc installer\madoguchi.iss
