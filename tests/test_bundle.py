"""The one-folder bundle (build.spec) builds, stays small, and the frozen program works: self-test offscreen
and on a real X server with no system fonts at all, first start creates the database, the report command
writes a PDF. Slow (a full PyInstaller build), and run by CI so the spec cannot rot."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parent.parent
SIZE_LIMIT_MIB = 160  # issue 7's target on Linux
BUILD_LIMIT_S = 300  # the target is 90 s on an idle machine; CI shares 2 cores, so only a runaway fails

pytestmark = pytest.mark.slow


def _size_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("bundle")
    started = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(work / "dist"),
         "--workpath", str(work / "build"), str(ROOT / "build.spec")],
        capture_output=True, text=True, timeout=1200, cwd=work,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    assert build.returncode == 0, build.stderr[-4000:]
    folder = work / "dist" / "SafetyWatch"
    size = _size_mib(folder)
    # the figures the issue asks to see, in the test log whatever the outcome
    print(f"\nbundle: {size:.1f} MiB, built in {seconds:.0f} s", file=sys.stderr)
    (work / "figures.txt").write_text(f"{size:.1f} MiB {seconds:.0f} s\n")
    assert seconds < BUILD_LIMIT_S, f"the build took {seconds:.0f} s"
    yield folder
    shutil.rmtree(work, ignore_errors=True)


def _frozen(
    folder: Path, *args: str, env: dict[str, str] | None = None, name: str = "safetywatch-cli"
) -> subprocess.CompletedProcess[str]:
    program = folder / (f"{name}.exe" if sys.platform == "win32" else name)
    # no PYTHONPATH and a clean working folder: the frozen program must find everything inside itself
    base = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, timeout=300, env={**base, **(env or {})},
        cwd=folder.parent,
    )  # fmt: skip


def test_the_bundle_is_small_and_leaves_out_what_is_unused(bundle: Path) -> None:
    assert _size_mib(bundle) <= SIZE_LIMIT_MIB
    names = {p.name for p in bundle.rglob("*")}
    assert not any("Quick" in n or "VirtualKeyboard" in n or "Qml" in n for n in names)
    contexts = {
        p.name for p in (bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforminputcontexts").iterdir()
    }
    assert any("ibus" in n for n in contexts) and any("compose" in n for n in contexts)  # Chinese IMEs on Linux
    internal = bundle / "_internal"
    assert (internal / "resources" / "fonts" / "wqy-microhei.ttc").exists()
    assert (internal / "resources" / "fonts" / "LICENSE-wqy-microhei.txt").exists()
    assert list((internal / "resources" / "translations" / "zh_CN").glob("*.ts"))
    assert (internal / "safetywatch" / "db" / "migrations" / "versions").is_dir()
    assert (internal / "docs" / "user-guide" / "index.md").exists()
    assert (internal / "psycopg_binary").is_dir()  # the office's PostgreSQL driver (issue 18)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="one executable and a link on Linux only")
def test_on_linux_the_window_program_is_a_link_to_the_command_line_one(bundle: Path) -> None:
    """There is no windowed kind of executable on Linux: one file, and `SafetyWatch` links to it."""
    assert (bundle / "SafetyWatch").readlink() == Path("safetywatch-cli")
    result = _frozen(bundle, "--version", name="SafetyWatch")
    assert result.returncode == 0 and "safetywatch" in result.stdout, result.stdout + result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("readelf") is None, reason="ELF, readelf")
def test_every_library_a_bundled_binary_needs_is_in_the_bundle(bundle: Path) -> None:
    """build.spec leaves out libraries nothing links: this proves no removal broke a link. (The frozen
    program would not notice on this machine, whose system copy would be loaded instead.) Only what
    PyInstaller itself always leaves to the system (glibc, libGL, libxcb, …) may be missing."""
    from PyInstaller.depend.dylib import include_library

    present = {p.name for p in bundle.rglob("*")}
    missing: dict[str, list[str]] = {}
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as stream:
            if stream.read(4) != b"\x7fELF":
                continue
        dynamic = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=True)
        for needed in re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic.stdout):
            if needed not in present and include_library(needed) and not needed.startswith("ld-linux"):
                missing.setdefault(needed, []).append(path.name)
    assert not missing


def test_frozen_self_test_offscreen_creates_the_database(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "first-start.db"
    result = _frozen(bundle, "--self-test", "--db", str(db), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test OK: 13 pages" in result.stdout
    # psycopg's binary implementation with its own libpq, and SQLAlchemy's dialect, load frozen (issue 18)
    assert "PostgreSQL driver: psycopg 3." in result.stdout and "(binary, libpq " in result.stdout
    with sqlite3.connect(db) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    migrations = sorted((ROOT / "safetywatch" / "db" / "migrations" / "versions").glob("0*.py"))
    assert migrations[-1].name.startswith(revision)


def test_frozen_self_test_on_x_with_no_system_font(bundle: Path, tmp_path: Path) -> None:
    """Xvfb and an empty fontconfig: the bundled font is the only one, and Chinese must still render."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("SAFETYWATCH_REQUIRE_XVFB"):  # set by .ci/run, which installs it
            pytest.fail("Xvfb is not installed")
        pytest.skip("Xvfb is not installed (apt-get install xvfb; .ci/run does)")
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24"], pass_fds=(write,))
    os.close(write)
    try:
        with os.fdopen(read) as stream:
            display = ":" + stream.readline().strip()
        shots = tmp_path / "shots"
        env = {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
            "SAFETYWATCH_SELF_TEST_SHOTS": str(shots),
        }
        # the program people start (on Linux the link to the one executable)
        result = _frozen(bundle, "--self-test", "--db", str(tmp_path / "x.db"), env=env, name="SafetyWatch")
    finally:
        server.terminate()
        server.wait(10)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test OK" in result.stdout
    assert len(list(shots.glob("page*.png"))) == 13  # with 数据交换 (issue 15)


def test_frozen_report_command_writes_a_chinese_pdf(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    demo = _frozen(bundle, "demo", "--db", str(db), "--scale", "tiny", "--until", "2026-06-30", "--no-accounts")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    out = tmp_path / "report.pdf"
    report = _frozen(bundle, "report", "--db", str(db), "--month", "2026-05", "--out", str(out))  # PDF by suffix
    assert report.returncode == 0, report.stdout + report.stderr
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "群众安全监督网工作月报 2026年5月" in text
