"""The signed bundle file: a zip with named members, a manifest listing them, and an Ed25519 signature.

A generic container (it knows nothing of stations or audit events), laid out as::

    <member> ...     the caller's files, deflated; names [A-Za-z0-9._-]{1,64}, no folders
    manifest.json    canonical JSON (sorted keys, UTF-8, no spaces) of the caller's fields plus
                     "format", "version" and "members": {name: {"sha256": hex, "bytes": n}}
    manifest.sig     hex of the Ed25519 signature over the exact bytes of manifest.json

The signature covers manifest.json, which covers every member by its SHA-256 and size: one check over a
few hundred bytes proves the whole content came unchanged from the holder of the private key (a PC's key,
not the person at its keyboard). :func:`read_bundle` checks the structure and the sums; which key must have
signed is the caller's knowledge, so :func:`verify_signature` is a separate step.

Reading treats the file as hostile (docs/reliability.md #22): the file is read once into memory, so the
SHA-256 and the parsed content are of the same bytes; the entry count and the central directory's size are
checked before the zip is parsed; names are checked before anything is unpacked (nothing is ever extracted
to disk); each member is unpacked within its size and ratio limits. Every problem is a
:class:`BundleError` with a message for people; the file's name is left to the caller to show.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from safetywatch.db.files import atomic_writer
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr

FORMAT = "safetywatch-bundle"
VERSION = 1
SUFFIX = ".swbundle"

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
_RESERVED_FIELDS = frozenset({"format", "version", "members"})
_MEMBER_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_KEY_BYTES = 32
_SIGNATURE_BYTES = 64
#: Deflate packs repetitive text up to ~1000:1, so a small member may legitimately exceed the ratio; only
#: members this big can exhaust memory, so only they are held to it.
_RATIO_EXEMPT_BYTES = 1 << 20
#: Central directory bytes allowed per member: 46 fixed + a name of at most 64 + room for extra fields.
_DIRECTORY_BYTES_PER_ENTRY = 1024
#: Zip timestamps are local wall-clock time with no zone; the manifest carries the real time, and a fixed
#: one makes the file a function of its content.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: What zipfile and zlib raise on a damaged or crafted zip (a bad CRC, a broken deflate stream, a local
#: header that contradicts the directory, a version or flag it does not support, a field that decodes
#: badly); found by changing each byte of a bundle in turn (tests/exchange/test_bundle_file.py).
_ZIP_FAILURES = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, struct.error)


class BundleError(SafetyWatchError):
    """A bundle file that cannot be read, is damaged, is not a SafetyWatch bundle, or fails its signature."""


@dataclass(frozen=True)
class Limits:
    """What a bundle may be at most: caps that make a hostile zip cost seconds and memory we can spare."""

    max_file_bytes: int = 1 << 30  # the zip on disk
    max_members: int = 16
    max_member_bytes: int = 1 << 30  # uncompressed size of one member, enforced while reading
    max_ratio: int = 200  # uncompressed / compressed per member (zip bombs)


@dataclass(frozen=True)
class Bundle:
    """A bundle whose structure and member sums were checked (its signer not yet: :func:`verify_signature`)."""

    path: Path
    sha256: str  # of the whole file
    manifest: dict[str, Any]  # parsed manifest.json (including "members", "format", "version")
    members: dict[str, bytes]
    manifest_bytes: bytes
    signature: bytes


# --- keys ---------------------------------------------------------------------------------------------


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key pair as raw bytes: (private key, 32 bytes; public key, 32 bytes)."""
    private = SigningKey.generate()
    return bytes(private), bytes(private.verify_key)


def public_key_of(private_key: bytes) -> bytes:
    """The raw public key belonging to a raw Ed25519 private key (ValueError if it is not 32 bytes)."""
    return bytes(_signing_key(private_key).verify_key)


def _signing_key(private_key: bytes) -> SigningKey:
    if len(private_key) != _KEY_BYTES:
        raise ValueError(f"an Ed25519 private key has {_KEY_BYTES} bytes, not {len(private_key)}")
    return SigningKey(private_key)


def key_fingerprint(public_key: bytes) -> str:
    """A short form of *public_key* for two people to compare over the phone: the first 16 hex digits of
    its SHA-256, in groups of four (``"ab12 cd34 ef56 7890"``)."""
    if len(public_key) != _KEY_BYTES:
        raise ValueError(f"an Ed25519 public key has {_KEY_BYTES} bytes, not {len(public_key)}")
    digest = hashlib.sha256(public_key).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


# --- writing ------------------------------------------------------------------------------------------


def _is_member_name(name: str) -> bool:
    # "." and ".." match the character class but are folder references, never file names
    return bool(_MEMBER_NAME.fullmatch(name)) and name.strip(".") != "" and name not in (MANIFEST, SIGNATURE)


def canonical_json(value: Mapping[str, Any]) -> bytes:
    """The one byte form of *value* that is signed: sorted keys, UTF-8 text, no insignificant spaces."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _zip_info(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = compress_type
    info.create_system = 0  # MS-DOS: no Unix mode bits, the same bytes whichever OS wrote it
    info.external_attr = 0
    return info


class WriteCancelledError(SafetyWatchError):
    """The person cancelled writing a bundle: no file was left behind (the temporary is removed)."""


#: The file is written in pieces of this size, so a slow USB stick shows progress and can be cancelled.
WRITE_CHUNK = 256 * 1024


def write_bundle(
    path: Path,
    manifest: Mapping[str, Any],
    members: Mapping[str, bytes],
    private_key: bytes,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Write the bundle to *path* atomically and return the SHA-256 hex of the file.

    ``progress(done, total)`` is told the bytes written so far; ``cancelled()`` is asked before each piece and
    once more before the rename: when it says yes the temporary is removed, *path* is left as it was, and
    :class:`WriteCancelledError` is raised.

    The zip is built in memory, then written to a temporary file beside *path*, synced and renamed over
    it: *path* holds the old file or the whole new one, never a part. Bad arguments (a member name outside
    ``[A-Za-z0-9._-]{1,64}`` or reserved, a manifest field named format/version/members, a value JSON cannot
    hold, a key that is not 32 bytes) are programming errors (ValueError/TypeError), raised before any
    file is touched; a file that cannot be written (drive full, removed, write-protected) is a
    :class:`BundleError`.
    """
    for name in members:
        if not _is_member_name(name):
            raise ValueError(f"bundle member name {name!r}: use 1-64 of A-Z a-z 0-9 . _ - (not a reserved name)")
    reserved = _RESERVED_FIELDS & set(manifest)
    if reserved:
        raise ValueError(f"the bundle writes these manifest fields itself: {sorted(reserved)}")
    signer = _signing_key(private_key)
    listed = {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for name, data in members.items()}
    manifest_bytes = canonical_json({**manifest, "format": FORMAT, "version": VERSION, "members": listed})
    signature = signer.sign(manifest_bytes).signature

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(_zip_info(name, zipfile.ZIP_DEFLATED), data)
        # stored, not deflated: the signed text can be read straight from the file
        archive.writestr(_zip_info(MANIFEST, zipfile.ZIP_STORED), manifest_bytes)
        archive.writestr(_zip_info(SIGNATURE, zipfile.ZIP_STORED), signature.hex().encode("ascii"))
    content = buffer.getvalue()
    try:
        with atomic_writer(Path(path)) as stream:
            for start in range(0, len(content), WRITE_CHUNK):
                _stop_if(cancelled)
                stream.write(content[start : start + WRITE_CHUNK])
                if progress is not None:
                    progress(min(start + WRITE_CHUNK, len(content)), len(content))
            _stop_if(cancelled)  # the last moment before the rename
    except OSError as exc:
        raise BundleError(
            tr(
                "The bundle could not be written to {path} ({error}). Check that the drive is still plugged in, "
                "has free space and is not write-protected, then write the bundle again."
            ).format(path=path, error=exc.strerror or exc)
        ) from exc
    return hashlib.sha256(content).hexdigest()


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise WriteCancelledError(tr("Cancelled: no bundle was written."))


# --- reading ------------------------------------------------------------------------------------------


def _load(path: Path, limits: Limits) -> bytes:
    """The file's bytes, read once; the file-level refusals (missing, folder, empty, too big, unreadable)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise BundleError(
                tr("This is a folder, not a bundle file: choose the {suffix} file in it.").format(suffix=SUFFIX)
            )
        if not stat.S_ISREG(info.st_mode):
            raise BundleError(tr("This is not a file but a device or a pipe: choose the bundle file."))
        if info.st_size > limits.max_file_bytes:
            raise BundleError(_too_big_file(info.st_size, limits))
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError as exc:
        raise BundleError(
            tr("The bundle file does not exist: check the drive and the file name, or {copy_again}.").format(
                copy_again=_copy_again()
            )
        ) from exc
    except OSError as exc:
        raise BundleError(
            tr("The bundle file could not be read ({error}); {copy_again}.").format(
                error=exc.strerror or exc, copy_again=_copy_again()
            )
        ) from exc
    if not data:
        raise BundleError(
            tr("The bundle file is empty (0 bytes): the copy did not finish; {copy_again}.").format(
                copy_again=_copy_again()
            )
        )
    if len(data) > limits.max_file_bytes:  # it grew after the size was checked
        raise BundleError(_too_big_file(len(data), limits))
    return data


def _copy_again() -> str:
    return tr("copy it again from the PC that wrote it")


def _too_big_file(size: int, limits: Limits) -> str:
    return tr(
        "The file has {size} bytes, more than the {max} a bundle may have: it is not a SafetyWatch bundle."
    ).format(size=f"{size:,}", max=f"{limits.max_file_bytes:,}")


def _not_written_by_safetywatch(problem: str) -> BundleError:
    return BundleError(
        problem
        + " "
        + tr(
            "It was not written by SafetyWatch, or it was changed or damaged on the way; it was not opened. "
            "Copy it again from the PC that wrote it."
        )
    )


def _shown(name: str) -> str:
    """An entry name as a message can show it: control characters escaped, at most 80 characters."""
    text = "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in name)
    return text if len(text) <= 80 else text[:80] + "…"


def _damaged() -> BundleError:
    return BundleError(
        tr("The bundle file is damaged or incomplete (the copy may have been cut short); {copy_again}.").format(
            copy_again=_copy_again()
        )
    )


def _check_directory_size(data: bytes, limits: Limits) -> None:
    """Refuse too many entries from the end-of-central-directory record, before zipfile parses them all
    (a 1 GB file can hold millions of entries: that much memory before the first check)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return  # no end record: zipfile refuses it as not a zip
    entries, directory_bytes = struct.unpack_from("<HI", data, end + 10)
    if entries > limits.max_members or directory_bytes > limits.max_members * _DIRECTORY_BYTES_PER_ENTRY:
        raise _too_many_entries(limits)


def _too_many_entries(limits: Limits) -> BundleError:
    return _not_written_by_safetywatch(
        tr("The bundle has more entries than the {max} allowed.").format(max=limits.max_members)
    )


def _is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _outside(name: str) -> bool:
    """A path that would land outside a folder it is unpacked into: absolute, a drive, '..', a backslash
    (a folder separator on Windows)."""
    return name.startswith(("/", "\\")) or ":" in name or "\\" in name or ".." in name.split("/")


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Every entry a plain, allowed, unique, unencrypted file within the limits; by name."""
    if len(infos) > limits.max_members:
        raise _too_many_entries(limits)
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.orig_filename
        if name.endswith(("/", "\\")):
            raise _not_written_by_safetywatch(tr("The bundle contains a folder (“{name}”).").format(name=_shown(name)))
        if _outside(name):
            raise _not_written_by_safetywatch(
                tr("The bundle contains a path outside the bundle (“{name}”).").format(name=_shown(name))
            )
        if _is_link(info):
            raise _not_written_by_safetywatch(tr("The bundle contains a link (“{name}”).").format(name=_shown(name)))
        if name != info.filename or not (_is_member_name(name) or name in (MANIFEST, SIGNATURE)):
            raise _not_written_by_safetywatch(
                tr("The bundle contains a file with a name that is not allowed (“{name}”).").format(name=_shown(name))
            )
        if name in by_name:
            # two programs may pick different ones of the two: refuse rather than choose
            raise _not_written_by_safetywatch(tr("The bundle contains “{name}” twice.").format(name=_shown(name)))
        if info.flag_bits & 0x1:
            raise _not_written_by_safetywatch(
                tr("The bundle contains an encrypted file (“{name}”).").format(name=_shown(name))
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_written_by_safetywatch(
                tr("“{name}” in the bundle is compressed in a way SafetyWatch does not write.").format(
                    name=_shown(name)
                )
            )
        _check_size(name, info.file_size, info.compress_size, limits)
        by_name[name] = info
    return by_name


def _check_size(name: str, size: int, compressed: int, limits: Limits) -> None:
    if size > limits.max_member_bytes:
        raise _not_written_by_safetywatch(
            tr("“{name}” in the bundle unpacks to more than {max} bytes.").format(
                name=_shown(name), max=f"{limits.max_member_bytes:,}"
            )
        )
    if size > _RATIO_EXEMPT_BYTES and size > limits.max_ratio * max(compressed, 1):
        raise _not_written_by_safetywatch(
            tr("“{name}” in the bundle unpacks to more than {ratio} times its packed size (a zip bomb).").format(
                name=_shown(name), ratio=limits.max_ratio
            )
        )


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """The member's bytes, never more than the limits allow whatever its header says."""
    with archive.open(info) as stream:
        data = stream.read(limits.max_member_bytes + 1)
    _check_size(info.orig_filename, len(data), info.compress_size, limits)
    return data


def _parse_manifest(data: bytes) -> dict[str, Any]:
    def refuse_constant(token: str) -> Any:
        raise ValueError(token)

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")  # readers could disagree on which value counts
        return dict(pairs)

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=unique_keys, parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _not_written_by_safetywatch(tr("The bundle's manifest.json is not valid JSON.")) from exc
    if not isinstance(value, dict):
        raise _not_written_by_safetywatch(tr("The bundle's manifest.json is not a JSON object."))
    if value.get("format") != FORMAT:
        raise BundleError(
            tr("This is not a SafetyWatch exchange bundle (its format is “{format}”).").format(
                format=str(value.get("format"))[:80]
            )
        )
    version = value.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _not_written_by_safetywatch(
            tr("The bundle's format version “{version}” is not a known one.").format(version=str(version)[:80])
        )
    if version > VERSION:
        raise BundleError(
            tr(
                "The bundle was written by a newer SafetyWatch (bundle format {version}; this program reads "
                "format {supported}). Update SafetyWatch on this PC, then read the bundle again."
            ).format(version=version, supported=VERSION)
        )
    members = value.get("members")
    if not isinstance(members, dict) or not all(
        _is_member_name(name)
        and isinstance(entry, dict)
        and isinstance(entry.get("sha256"), str)
        and _SHA256_HEX.fullmatch(entry["sha256"])
        and isinstance(entry.get("bytes"), int)
        and not isinstance(entry["bytes"], bool)
        and entry["bytes"] >= 0
        for name, entry in members.items()
    ):
        raise _not_written_by_safetywatch(tr("The bundle's manifest.json has no valid list of members."))
    return value


def _parse_signature(data: bytes) -> bytes:
    try:
        signature = bytes.fromhex(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        signature = b""
    if len(signature) != _SIGNATURE_BYTES:
        raise _not_written_by_safetywatch(tr("The bundle's signature (manifest.sig) is not an Ed25519 signature."))
    return signature


def _check_listed(listed: Mapping[str, Any], present: set[str]) -> None:
    """Exactly the members the manifest lists: none missing, none added."""
    missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
    if missing:
        raise BundleError(
            tr("The bundle lacks “{name}”, which its manifest lists: it is incomplete; {copy_again}.").format(
                name=missing[0], copy_again=_copy_again()
            )
        )
    if extra:
        raise _not_written_by_safetywatch(
            tr("The bundle contains “{name}”, which its manifest does not list.").format(name=_shown(extra[0]))
        )


def read_bundle(path: Path, limits: Limits = Limits()) -> Bundle:
    """Open *path* and check its structure (not its signer): a readable zip within *limits*; only allowed
    names (no folders, '..', absolute or drive paths, links or duplicates); exactly the members the
    manifest lists plus manifest.json and manifest.sig; each member's size and SHA-256 as listed; a known
    format and version. :class:`BundleError` says what is wrong and, where a person can, how to fix it."""
    path = Path(path)
    data = _load(path, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    _check_directory_size(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_FAILURES as exc:
        if data.startswith(b"PK\x03\x04"):  # begins like a zip: a copy cut short or damaged
            raise _damaged() from exc
        raise BundleError(tr("This file is not a SafetyWatch bundle (it is not a zip file).")) from exc
    with archive:
        try:
            entries = _check_entries(archive.infolist(), limits)
            for required in (MANIFEST, SIGNATURE):
                if required not in entries:
                    raise _not_written_by_safetywatch(tr("The bundle has no {name}.").format(name=required))
            manifest_bytes = _unpack(archive, entries[MANIFEST], limits)
            manifest = _parse_manifest(manifest_bytes)
            signature = _parse_signature(_unpack(archive, entries[SIGNATURE], limits))
            listed: dict[str, dict[str, Any]] = manifest["members"]
            _check_listed(listed, set(entries) - {MANIFEST, SIGNATURE})
            members = {name: _unpack(archive, entries[name], limits) for name in sorted(listed)}
        except _ZIP_FAILURES as exc:
            raise _damaged() from exc
    for name, entry in listed.items():
        content = members[name]
        if len(content) != entry["bytes"] or hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise BundleError(
                tr(
                    "“{name}” in the bundle differs from what its manifest lists (size or SHA-256): the bundle was "
                    "changed or damaged after it was written; {copy_again}."
                ).format(name=name, copy_again=_copy_again())
            )
    return Bundle(path, sha256, manifest, members, manifest_bytes, signature)


def verify_signature(bundle: Bundle, public_key: bytes) -> None:
    """:class:`BundleError` unless *bundle*'s manifest was signed by the private key of *public_key*.

    Together with :func:`read_bundle`'s sums this proves every member is as that key's holder wrote it.
    A *public_key* that is not 32 bytes is a programming error (ValueError)."""
    if len(public_key) != _KEY_BYTES:
        raise ValueError(f"an Ed25519 public key has {_KEY_BYTES} bytes, not {len(public_key)}")
    try:
        VerifyKey(public_key).verify(bundle.manifest_bytes, bundle.signature)
    except BadSignatureError as exc:
        raise BundleError(
            tr(
                "The bundle's signature does not match: it was changed after it was signed, or another PC "
                "signed it. Do not use it; ask for a new bundle from the PC that should have written it."
            )
        ) from exc
