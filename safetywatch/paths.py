"""Where the program finds its shipped resources and keeps the user's data (Windows and Linux alike)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "SafetyWatch"
DB_ENV = "SAFETYWATCH_DB"
DATA_ENV = "SAFETYWATCH_DATA_DIR"  # another user data folder (portable installs, tests)


def resources_dir() -> Path:
    """``resources/`` beside the package, or inside a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def translations_dir(lang: str) -> Path:
    return resources_dir() / "translations" / lang


def user_guide_path() -> Path:
    """The Chinese user guide (Markdown, with its images beside it), shipped in the bundle under docs/."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "docs" / "user-guide" / "index.md"


def data_dir() -> Path:
    """The user's data folder (database, backups, logs), or ``$SAFETYWATCH_DATA_DIR`` if set."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """``$SAFETYWATCH_DB`` if set, else ``safetywatch.db`` in the user's data folder."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else data_dir() / "safetywatch.db"
