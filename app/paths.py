"""Where things live: the data folder and the bundled resources."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    env = os.environ.get("MADOGUCHI_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("madoguchi", appauthor=False))


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
