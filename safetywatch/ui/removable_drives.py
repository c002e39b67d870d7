"""Where to offer a bundle's folder first: a mounted removable drive (the USB stick), else the documents."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo

#: Where Linux desktops and macOS mount a plugged-in stick.
_REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/")
_DRIVE_REMOVABLE = 2  # GetDriveTypeW


def _is_removable(root: str) -> bool:
    if sys.platform == "win32":
        kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 - windll exists only on Windows
        return bool(kernel32.GetDriveTypeW(root) == _DRIVE_REMOVABLE)
    return root.startswith(_REMOVABLE_ROOTS)


def removable_drives() -> list[Path]:
    """The writable removable drives mounted now, in mount order."""
    found = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if volume.isValid() and volume.isReady() and not volume.isReadOnly() and _is_removable(root):
            found.append(Path(root))
    return found


def suggested_folder() -> Path:
    """The first removable drive, or the user's documents folder."""
    drives = removable_drives()
    if drives:
        return drives[0]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()
