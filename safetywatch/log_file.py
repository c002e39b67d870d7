"""The program's log file, ``logs/safetywatch.log`` in the user data folder: where the GUI and the command
line write what a user should not have to read (a bug's traceback), and what a message points them to."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from safetywatch.paths import data_dir

_handler: RotatingFileHandler | None = None


def log_path() -> Path:
    return data_dir() / "logs" / "safetywatch.log"


def start_logging() -> Path:
    """Send the program's log records to :func:`log_path` (rotated at 2 MB, three old files kept); once per
    process. Raises :class:`OSError` if the folder or the file cannot be written."""
    global _handler
    path = log_path()
    if _handler is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(_handler)
        logging.getLogger().setLevel(logging.INFO)
    return path
