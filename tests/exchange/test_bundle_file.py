"""The signed bundle container: a round trip, and every refusal performed on a real file in a tmp folder."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import stat
import struct
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from safetywatch.exchange.bundle_file import (
    FORMAT,
    SUFFIX,
    VERSION,
    Bundle,
    BundleError,
    Limits,
    canonical_json,
    key_fingerprint,
    new_key_pair,
    public_key_of,
    read_bundle,
    verify_signature,
    write_bundle,
)

KEY, PUBLIC = new_key_pair()
OTHER_KEY, OTHER_PUBLIC = new_key_pair()
MEMBERS = {
    "events.jsonl": b"".join(
        json.dumps({"seq": seq, "hash": hashlib.sha256(str(seq).encode()).hexdigest()}).encode() + b"\n"
        for seq in range(1, 40)
    ),
    "ids.jsonl": '{"table":"org_unit","id":5,"uuid":"7c1e…","name":"综采一队"}\n'.encode(),
    "empty.txt": b"",
}
FIELDS: dict[str, Any] = {"kind": "station→office", "station": "JK01", "range": {"from_seq": 1, "to_seq": 39}}

Entries = list[tuple[str | zipfile.ZipInfo, bytes]]


def written(folder: Path, name: str = "JK01" + SUFFIX) -> Path:
    path = folder / name
    write_bundle(path, FIELDS, MEMBERS, KEY)
    return path


def entries_of(path: Path) -> Entries:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_zip(path: Path, entries: Iterable[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    """A zip made by hand, deflated unless a ZipInfo says otherwise (duplicate names allowed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": some tests want exactly that
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return path


def manifest_of(path: Path) -> dict[str, Any]:
    return dict(json.loads(dict(entries_of(path))["manifest.json"]))


def resigned(entries: Entries, manifest: dict[str, Any], key: bytes) -> Entries:
    """*entries* with manifest.json replaced by *manifest* and signed with *key*."""
    manifest_bytes = canonical_json(manifest)
    signature = SigningKey(key).sign(manifest_bytes).signature.hex().encode()
    kept = [(name, data) for name, data in entries if name not in ("manifest.json", "manifest.sig")]
    return [*kept, ("manifest.json", manifest_bytes), ("manifest.sig", signature)]


def refused(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(BundleError) as caught:
        read_bundle(path, limits or Limits())
    return str(caught.value)


def flipped(path: Path, offset: int, mask: int = 0xFF) -> Path:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    out = path.with_name(f"flipped-{offset}{SUFFIX}")
    out.write_bytes(bytes(data))
    return out


def data_offset(path: Path, name: str) -> int:
    """Where *name*'s (compressed) data starts in the file: after its local header."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        start = archive.getinfo(name).header_offset
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    return start + 30 + name_length + extra_length


# --- round trip ----------------------------------------------------------------------------------------


def test_round_trip_keeps_members_and_fields_and_returns_the_files_sha256(tmp_path: Path) -> None:
    path = tmp_path / ("JK01" + SUFFIX)
    digest = write_bundle(path, FIELDS, MEMBERS, KEY)

    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    bundle = read_bundle(path)
    verify_signature(bundle, PUBLIC)
    assert bundle == Bundle(path, digest, bundle.manifest, MEMBERS, bundle.manifest_bytes, bundle.signature)
    assert bundle.manifest == {
        **FIELDS,
        "format": FORMAT,
        "version": VERSION,
        "members": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for name, data in MEMBERS.items()
        },
    }
    assert bundle.manifest_bytes == canonical_json(bundle.manifest)
    assert b'"kind":"station\xe2\x86\x92office"' in bundle.manifest_bytes  # UTF-8, not \\u escapes
    # members first, then the manifest, then its signature; no folders, nothing else
    assert [name for name, _ in entries_of(path)] == [*MEMBERS, "manifest.json", "manifest.sig"]
    assert dict(entries_of(path))["manifest.sig"] == bundle.signature.hex().encode()


def test_the_same_content_makes_the_same_file(tmp_path: Path) -> None:
    first = write_bundle(tmp_path / "a.swbundle", FIELDS, MEMBERS, KEY)
    assert write_bundle(tmp_path / "b.swbundle", FIELDS, MEMBERS, KEY) == first
    assert write_bundle(tmp_path / "c.swbundle", {**FIELDS, "station": "JK02"}, MEMBERS, KEY) != first


def test_writing_over_a_bundle_replaces_it(tmp_path: Path) -> None:
    path = written(tmp_path)
    write_bundle(path, {"kind": "office→station"}, {"reply.json": b"{}"}, OTHER_KEY)
    bundle = read_bundle(path)
    verify_signature(bundle, OTHER_PUBLIC)
    assert bundle.members == {"reply.json": b"{}"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_keys_and_fingerprints() -> None:
    assert public_key_of(KEY) == PUBLIC
    assert len(KEY) == len(PUBLIC) == 32
    assert new_key_pair() != new_key_pair()
    fingerprint = key_fingerprint(PUBLIC)
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){3}", fingerprint)
    assert fingerprint.replace(" ", "") == hashlib.sha256(PUBLIC).hexdigest()[:16]
    assert key_fingerprint(OTHER_PUBLIC) != fingerprint
    with pytest.raises(ValueError):
        key_fingerprint(PUBLIC[:31])
    with pytest.raises(ValueError):
        public_key_of(KEY + b"x")


# --- tampering -----------------------------------------------------------------------------------------


def test_a_changed_byte_in_a_members_data_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    start = data_offset(path, "events.jsonl")
    for offset in (start, start + 7, start + 40):
        assert "damaged" in refused(flipped(path, offset))


def test_a_changed_byte_in_the_manifest_or_the_signature_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    data = path.read_bytes()
    bundle = read_bundle(path)
    in_manifest = data.index(bundle.manifest_bytes) + bundle.manifest_bytes.index(b"JK01")
    in_signature = data.index(bundle.signature.hex().encode()) + 10
    for offset in (in_manifest, in_signature):
        assert "damaged" in refused(flipped(path, offset))


def test_no_changed_byte_anywhere_goes_unnoticed(tmp_path: Path) -> None:
    """Flip each byte of the file in turn: the bundle is refused (by read_bundle or verify_signature), or
    the byte was zip bookkeeping nothing reads (a timestamp, a version field) and the content is the same."""
    path = written(tmp_path)
    original = read_bundle(path)
    unnoticed = []
    for offset, mask in itertools.product(range(path.stat().st_size), (0xFF, 0x01, 0x80)):
        copy = flipped(path, offset, mask)
        try:
            bundle = read_bundle(copy)
            verify_signature(bundle, PUBLIC)
        except BundleError:
            continue
        finally:
            copy.unlink()
        assert (bundle.manifest_bytes, bundle.members, bundle.signature) == (
            original.manifest_bytes,
            original.members,
            original.signature,
        ), offset
        unnoticed.append(offset)
    # the file's SHA-256 still tells every copy apart; the content-bearing bytes are all covered
    assert len(set(unnoticed)) < path.stat().st_size // 4


def test_a_member_replaced_and_signed_with_another_key_passes_the_structure_but_not_the_signature(
    tmp_path: Path,
) -> None:
    path = written(tmp_path)
    forged_events = b'{"seq":1,"hash":"forged"}\n'
    manifest = manifest_of(path)
    manifest["members"]["events.jsonl"] = {"sha256": hashlib.sha256(forged_events).hexdigest(), "bytes": 26}
    entries = [(name, forged_events if name == "events.jsonl" else data) for name, data in entries_of(path)]
    forged = write_zip(tmp_path / "forged.swbundle", resigned(entries, manifest, OTHER_KEY))

    bundle = read_bundle(forged)  # a well-formed bundle...
    verify_signature(bundle, OTHER_PUBLIC)
    with pytest.raises(BundleError, match="another PC signed it"):  # ...but not from the PC we expect
        verify_signature(bundle, PUBLIC)


def test_a_manifest_edited_without_signing_again_fails_the_signature(tmp_path: Path) -> None:
    path = written(tmp_path)
    entries = [
        (name, data.replace(b'"JK01"', b'"JK02"') if name == "manifest.json" else data)
        for name, data in entries_of(path)
    ]
    bundle = read_bundle(write_zip(tmp_path / "edited.swbundle", entries))
    assert bundle.manifest["station"] == "JK02"
    with pytest.raises(BundleError, match="signature does not match"):
        verify_signature(bundle, PUBLIC)


def test_a_member_replaced_without_changing_the_manifest_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    entries = [(name, b"{}\n" if name == "ids.jsonl" else data) for name, data in entries_of(path)]
    message = refused(write_zip(tmp_path / "swapped.swbundle", entries))
    assert "“ids.jsonl” in the bundle differs from what its manifest lists" in message


def test_a_missing_member_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    entries = [(name, data) for name, data in entries_of(path) if name != "ids.jsonl"]
    message = refused(write_zip(tmp_path / "short.swbundle", entries))
    assert "lacks “ids.jsonl”" in message
    assert "copy it again" in message


def test_an_extra_member_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    message = refused(write_zip(tmp_path / "extra.swbundle", [*entries_of(path), ("notes.txt", b"hi")]))
    assert "“notes.txt”, which its manifest does not list" in message


# --- names and entries ---------------------------------------------------------------------------------


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _bzip2(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_BZIP2
    return info


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("../x", "a path outside the bundle (“../x”)"),
        ("sub/../../x", "a path outside the bundle"),
        ("/etc/x", "a path outside the bundle (“/etc/x”)"),
        ("C:\\x", "a path outside the bundle (“C:\\x”)"),
        ("C:x", "a path outside the bundle"),
        ("..\\..\\x", "a path outside the bundle"),
        ("sub/", "a folder (“sub/”)"),
        ("sub/x", "a name that is not allowed (“sub/x”)"),
        ("..", "a path outside the bundle"),
        ("...", "a name that is not allowed"),
        ("über.txt", "a name that is not allowed"),
        ("x" * 65, "a name that is not allowed"),
        (_symlink("link"), "a link (“link”)"),
        (_bzip2("packed"), "compressed in a way SafetyWatch does not write"),
        ("events.jsonl", "contains “events.jsonl” twice"),
        ("manifest.json", "contains “manifest.json” twice"),
    ],
    ids=lambda value: value.filename if isinstance(value, zipfile.ZipInfo) else None,
)
def test_entries_that_are_not_plain_allowed_unique_files_are_refused(
    tmp_path: Path, entry: str | zipfile.ZipInfo, expected: str
) -> None:
    path = written(tmp_path)
    message = refused(write_zip(tmp_path / "bad.swbundle", [*entries_of(path), (entry, b"payload")]))
    assert expected in message
    assert "It was not written by SafetyWatch, or it was changed or damaged on the way" in message


def test_an_encrypted_entry_is_refused(tmp_path: Path) -> None:
    """zipfile cannot write encrypted entries: set the flag in both headers by hand."""
    path = write_zip(tmp_path / "secret.swbundle", [*entries_of(written(tmp_path)), ("secret", b"payload")])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo("secret").header_offset
    central = data.index(b"PK\x01\x02", data.index(b"PK\x05\x06") - 46 - len("secret"))
    assert data[central + 46 : central + 46 + 6] == b"secret"
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    assert "an encrypted file (“secret”)" in refused(path)


def test_a_name_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    path = written(tmp_path)
    message = refused(write_zip(tmp_path / "ctl.swbundle", [*entries_of(path), ("a\x01b" + "c" * 100, b"")]))
    assert "(“a\\x01b" + "c" * 74 + "…”)" in message


def test_too_many_entries_are_refused_before_the_zip_is_parsed(tmp_path: Path) -> None:
    path = written(tmp_path)
    assert "more entries than the 3 allowed" in refused(path, Limits(max_members=3))

    many = write_zip(tmp_path / "many.swbundle", [(f"m{i}", b"") for i in range(17)])
    assert "more entries than the 16 allowed" in refused(many)


def test_a_directory_that_lies_about_its_entry_count_is_refused(tmp_path: Path) -> None:
    """The end record says 3 entries, but its central directory holds 400: zipfile would parse them all."""
    path = write_zip(tmp_path / "lying.swbundle", [(f"{i:060d}", b"") for i in range(400)])
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 3, 3)
    path.write_bytes(bytes(data))
    assert "more entries than the 16 allowed" in refused(path)


def test_a_member_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    assert "“events.jsonl” in the bundle unpacks to more than 100 bytes" in refused(path, Limits(max_member_bytes=100))


def test_a_member_whose_header_understates_its_size_is_refused(tmp_path: Path) -> None:
    """The header says 10 bytes, the deflated data holds 1 MB: unpacking stops at 10 bytes and fails."""
    big = b"0123456789abcdef" * 65536
    path = tmp_path / "liar.swbundle"
    write_bundle(path, FIELDS, {"events.jsonl": big}, KEY)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo("events.jsonl").header_offset
    central = data.index(b"PK\x01\x02")  # events.jsonl is the first entry
    struct.pack_into("<I", data, local + 22, 10)
    struct.pack_into("<I", data, central + 24, 10)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("events.jsonl").file_size == 10
    assert "damaged" in refused(path, Limits(max_member_bytes=1000))


def test_a_zip_bomb_is_refused_but_a_small_repetitive_member_is_not(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.swbundle"
    write_bundle(bomb, FIELDS, {"events.jsonl": bytes(8 << 20)}, KEY)  # 8 MB of zeros, ~8 KB packed
    assert "more than 200 times its packed size (a zip bomb)" in refused(bomb)

    small = tmp_path / "small.swbundle"
    write_bundle(small, FIELDS, {"events.jsonl": bytes(100_000)}, KEY)  # ~1000:1, but only 100 KB
    assert read_bundle(small).members["events.jsonl"] == bytes(100_000)


# --- files that are not bundles ------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    size = path.stat().st_size
    message = refused(path, Limits(max_file_bytes=size - 1))
    assert f"The file has {size:,} bytes, more than the {size - 1:,}" in message
    read_bundle(path, Limits(max_file_bytes=size))


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.swbundle"
    path.write_bytes(b"")
    assert "is empty (0 bytes): the copy did not finish; copy it again" in refused(path)


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.swbundle"
    path.write_text("这不是交换包\n", encoding="utf-8")
    assert "not a SafetyWatch bundle (it is not a zip file)" in refused(path)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_bundle_is_refused(tmp_path: Path, keep: float) -> None:
    path = written(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    assert "damaged or incomplete (the copy may have been cut short)" in refused(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / ("looks-like" + SUFFIX)
    folder.mkdir()
    assert "This is a folder, not a bundle file: choose the .swbundle file in it." in refused(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_is_refused_without_blocking_on_it(tmp_path: Path) -> None:
    pipe = tmp_path / ("pipe" + SUFFIX)
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    assert "not a file but a device or a pipe" in refused(pipe)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "The bundle file does not exist" in refused(tmp_path / "gone.swbundle")


def test_a_zip_without_manifest_or_signature_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path)
    without_signature = [(name, data) for name, data in entries_of(path) if name != "manifest.sig"]
    assert "has no manifest.sig" in refused(write_zip(tmp_path / "a.swbundle", without_signature))
    assert "has no manifest.json" in refused(write_zip(tmp_path / "b.swbundle", [("events.jsonl", b"")]))
    assert "has no manifest.json" in refused(write_zip(tmp_path / "c.swbundle", []))


def test_a_newer_format_version_is_refused_even_when_signed(tmp_path: Path) -> None:
    path = written(tmp_path)
    manifest = {**manifest_of(path), "version": VERSION + 1}
    newer = write_zip(tmp_path / "newer.swbundle", resigned(entries_of(path), manifest, KEY))
    message = refused(newer)
    assert f"written by a newer SafetyWatch (bundle format {VERSION + 1}; this program reads format {VERSION})" in (
        message
    )
    assert "Update SafetyWatch on this PC" in message


@pytest.mark.parametrize("version", [0, "1", True, None, 1.0])
def test_a_version_that_is_not_a_whole_number_from_one_is_refused(tmp_path: Path, version: object) -> None:
    path = written(tmp_path)
    manifest = {**manifest_of(path), "version": version}
    odd = write_zip(tmp_path / "odd.swbundle", resigned(entries_of(path), manifest, KEY))
    assert "format version" in refused(odd)
    assert "is not a known one" in refused(odd)


@pytest.mark.parametrize("format_name", ["anki-package", None])
def test_another_format_name_is_refused(tmp_path: Path, format_name: str | None) -> None:
    path = written(tmp_path)
    manifest = {**manifest_of(path), "format": format_name}
    foreign = write_zip(tmp_path / "foreign.swbundle", resigned(entries_of(path), manifest, KEY))
    assert f"not a SafetyWatch exchange bundle (its format is “{format_name}”)" in refused(foreign)


@pytest.mark.parametrize(
    ("manifest_bytes", "expected"),
    [
        (b"{not json", "manifest.json is not valid JSON"),
        (b"\xff\xfe{}", "manifest.json is not valid JSON"),
        (b'{"format":"safetywatch-bundle","format":"x"}', "manifest.json is not valid JSON"),  # duplicate key
        (b'{"format":"safetywatch-bundle","version":NaN}', "manifest.json is not valid JSON"),
        (b"[1, 2]", "manifest.json is not a JSON object"),
        (b'{"format":"safetywatch-bundle","version":1}', "has no valid list of members"),
        (
            b'{"format":"safetywatch-bundle","version":1,"members":{"../x":{"sha256":"' + b"0" * 64 + b'","bytes":0}}}',
            "has no valid list of members",
        ),
        (
            b'{"format":"safetywatch-bundle","version":1,"members":{"x":{"sha256":"ABC","bytes":0}}}',
            "has no valid list of members",
        ),
        (
            b'{"format":"safetywatch-bundle","version":1,"members":{"x":{"sha256":"' + b"0" * 64 + b'","bytes":-1}}}',
            "has no valid list of members",
        ),
    ],
)
def test_a_malformed_manifest_is_refused(tmp_path: Path, manifest_bytes: bytes, expected: str) -> None:
    signature = SigningKey(KEY).sign(manifest_bytes).signature.hex().encode()
    path = write_zip(tmp_path / "m.swbundle", [("manifest.json", manifest_bytes), ("manifest.sig", signature)])
    assert expected in refused(path)


@pytest.mark.parametrize("signature", [b"", b"zz" * 64, b"ab" * 63, "签名".encode()])
def test_a_malformed_signature_is_refused(tmp_path: Path, signature: bytes) -> None:
    path = written(tmp_path)
    entries = [(name, signature if name == "manifest.sig" else data) for name, data in entries_of(path)]
    assert "(manifest.sig) is not an Ed25519 signature" in refused(write_zip(tmp_path / "s.swbundle", entries))


# --- writing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "a/b", "..", ".", "../x", "C:x", "manifest.json", "manifest.sig", "é", "x" * 65])
def test_a_bad_member_name_raises_before_anything_replaces_the_file(tmp_path: Path, bad: str) -> None:
    path = written(tmp_path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="bundle member name"):
        write_bundle(path, FIELDS, {"events.jsonl": b"new", bad: b"x"}, KEY)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


@pytest.mark.parametrize("field", ["format", "version", "members"])
def test_manifest_fields_the_bundle_writes_itself_are_refused(tmp_path: Path, field: str) -> None:
    with pytest.raises(ValueError, match="writes these manifest fields itself"):
        write_bundle(tmp_path / "x.swbundle", {field: 2}, MEMBERS, KEY)
    assert list(tmp_path.iterdir()) == []


def test_a_manifest_value_json_cannot_hold_raises_before_anything_is_written(tmp_path: Path) -> None:
    path = written(tmp_path)
    before = path.read_bytes()
    for value in (object(), float("nan")):
        with pytest.raises((TypeError, ValueError)):
            write_bundle(path, {"created_at": value}, MEMBERS, KEY)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_failed_write_leaves_the_target_and_no_temporary(tmp_path: Path) -> None:
    """The zip is written to a temporary beside the target; renaming it over a folder fails midway."""
    target = tmp_path / ("occupied" + SUFFIX)
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BundleError, match=r"could not be written to .*occupied\.swbundle"):
        write_bundle(target, FIELDS, MEMBERS, KEY)
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert "write the bundle again" in _write_error(tmp_path / "no" / "such" / "x.swbundle", blocker=tmp_path / "no")


def _write_error(path: Path, *, blocker: Path) -> str:
    """The message for a folder that cannot be made: *blocker* is a file where a folder should be."""
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        write_bundle(path, FIELDS, MEMBERS, KEY)
    return str(caught.value)


def test_a_wrong_private_key_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_bundle(tmp_path / "x.swbundle", FIELDS, MEMBERS, KEY[:16])
    assert list(tmp_path.iterdir()) == []
