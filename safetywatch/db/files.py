"""Files that must never be seen half-written, and where a database may live.

Every file the program produces (reports, exports, backups, manifests) goes through :func:`atomic_path`
or :func:`atomic_write`: it is written to a temporary ``.<name>.<random>.tmp`` in the target's own folder
(so the rename stays on one filesystem), flushed to the disk, renamed over the final name with
``os.replace`` (atomic on Windows and POSIX), and the folder is synced where the OS allows it. A crash at
any moment leaves either the old file or the new one under the final name, never a part of it; the
temporary it may leave behind is removed by :func:`clean_stale_temporaries` at the next start or write.

:func:`network_filesystem` tells whether a path is on a network share, where SQLite's locking is unsafe
(sqlite.org/howtocorrupt.html §2): the database is then refused for writing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: Temporaries older than this are stale (their writer is gone); younger ones may still be in use.
STALE_AFTER_SECONDS = 60.0
_SUFFIX = ".tmp"


def fsync_file(path: Path) -> None:
    """Flush a closed file's data to the disk."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in *folder* durable. Windows cannot open a folder for syncing (NTFS journals renames)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some filesystems refuse fsync on a directory; the rename is still atomic
        pass
    finally:
        os.close(fd)


def temporary_name(target: Path) -> str:
    """The pattern of *target*'s temporaries: ``.<name>.<random>.tmp`` (hidden, beside the target)."""
    return f".{target.name}."


def clean_stale_temporaries(folder: Path, *, name: str | None = None, older_than: float = STALE_AFTER_SECONDS) -> int:
    """Remove temporaries a crashed writer left in *folder* (only those of *name* if given); return how many.

    Only files matching our own pattern (``.<name>.<random>.tmp`` and SQLite's ``-journal``/``-wal``/``-shm``
    of such a temporary) are touched, and only when older than *older_than* seconds, so a writer still at
    work in another process keeps its file.
    """
    if not folder.is_dir():
        return 0
    prefix = f".{name}." if name else "."
    now = time.time()
    removed = 0
    for entry in folder.iterdir():
        base = entry.name
        for extra in ("-journal", "-wal", "-shm"):
            if base.endswith(_SUFFIX + extra):
                base = base[: -len(extra)]
        if not (base.startswith(prefix) and base.endswith(_SUFFIX)):
            continue
        inner = base[1 : -len(_SUFFIX)]  # "<name>.<random>": both parts present
        if "." not in inner or not inner.rsplit(".", 1)[1] or len(base) <= len(prefix) + len(_SUFFIX):
            continue
        try:
            if now - entry.stat().st_mtime < older_than or not entry.is_file():
                continue
            entry.unlink()
            removed += 1
        except OSError:  # in use (Windows) or gone meanwhile: try again next time
            continue
    return removed


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside *target*; when the block succeeds it replaces *target* atomically.

    The block writes the temporary however it likes (a stream, SQLite's backup API) and closes it. On an
    error the temporary is removed and *target* is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(target.parent, name=target.name)
    handle, name = tempfile.mkstemp(prefix=temporary_name(target), suffix=_SUFFIX, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    if sys.platform != "win32":
        # mkstemp makes the file private (0600); a report or export is a document to hand on: keep the
        # mode of the file it replaces, else the usual rw-r--r--
        with contextlib.suppress(OSError):
            os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
    try:
        yield temporary
        fsync_file(temporary)
        os.replace(temporary, target)
    except BaseException:
        for leftover in (temporary, *(Path(f"{temporary}{extra}") for extra in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    fsync_dir(target.parent)


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces *target* only when the block ends without an error."""
    with atomic_path(target) as temporary, temporary.open("wb") as stream:
        yield stream  # closed here; atomic_path syncs it to the disk before the rename


def atomic_write(target: Path, data: bytes) -> Path:
    """Write *data* to *target* all at once or not at all; return *target*."""
    with atomic_writer(target) as stream:
        stream.write(data)
    return Path(target)


# --- network filesystems ------------------------------------------------------------------------------

#: Linux filesystem types that are network shares (``/proc/mounts``, third column).
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs", "davfs"}
)
NETWORK_FUSE_TYPES = frozenset({"fuse.sshfs", "fuse.smbnetfs", "fuse.glusterfs", "fuse.davfs", "fuse.rclone"})
MOUNTS_FILE = Path("/proc/mounts")
DRIVE_REMOTE = 4  # GetDriveTypeW


def _windows_drive_type(root: str) -> int:
    if sys.platform != "win32":
        return 0
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _unescape_mount(field: str) -> str:
    """``/proc/mounts`` writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _linux_fs_type(path: Path) -> str | None:
    """The type of the filesystem holding *path*: the longest mount point that contains it."""
    try:
        lines = MOUNTS_FILE.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    text = str(path)
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = _unescape_mount(fields[1])
        inside = text == mount or text.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, fields[2]
    return best_type


def network_filesystem(path: Path) -> str | None:
    """A short description if *path* is on a network share (UNC path, mapped network drive, NFS/SMB
    mount), else ``None``. The path need not exist yet: its nearest existing folder is examined."""
    raw = str(path)
    if raw.startswith(("\\\\", "//")) and not raw.startswith(("\\\\?\\", "\\\\.\\")):
        return "UNC"  # \\server\share\...
    if raw.startswith("\\\\?\\UNC\\"):
        return "UNC"
    resolved = Path(os.path.abspath(path))
    if sys.platform == "win32":
        drive = resolved.drive
        if drive.startswith("\\\\"):
            return "UNC"
        if drive and _windows_drive_type(drive + "\\") == DRIVE_REMOTE:
            return f"network drive {drive}"
        return None
    existing, tail = resolved, Path()
    while not existing.exists() and existing.parent != existing:  # a file not created yet: follow links
        existing, tail = existing.parent, Path(existing.name) / tail  # in the part that exists
    with contextlib.suppress(OSError):
        existing = existing.resolve()
    kind = _linux_fs_type(existing / tail)
    if kind is not None and (kind in NETWORK_FS_TYPES or kind in NETWORK_FUSE_TYPES or kind.startswith("nfs")):
        return kind
    return None
