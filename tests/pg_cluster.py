"""A throw-away PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder, listening on a
Unix socket only (no TCP port), trust authentication, C locale (the collation the program requires).

Debian's PostgreSQL (``apt-get install postgresql``) puts its programs in ``/usr/lib/postgresql/N/bin``; when the
tests run as root (CI containers), the server runs as the ``postgres`` user, which initdb requires.
With ``SAFETYWATCH_REQUIRE_PG=1`` (set by ``.ci/run``) a cluster that cannot start fails the run instead of
skipping the PostgreSQL tests.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ENV = "SAFETYWATCH_REQUIRE_PG"
#: Numbers for :meth:`Cluster.fresh_database`: one sequence for the whole run, so test modules never collide.
_numbers = itertools.count(1)


class ClusterUnavailableError(RuntimeError):
    """No PostgreSQL programs here, or the cluster did not start."""


def _bin_dir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not candidates:
        raise ClusterUnavailableError("PostgreSQL's pg_ctl was not found (install it: apt-get install postgresql)")
    return candidates[-1].parent


def _as_server_user(argv: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as ``postgres`` there."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@dataclass
class Cluster:
    folder: Path
    bin: Path

    @property
    def socket_dir(self) -> Path:
        return self.folder / "sock"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            _as_server_user([str(self.bin / argv[0]), *argv[1:]]), capture_output=True, text=True, check=False
        )

    def create_database(self, name: str, *, template: str = "template0") -> None:
        """A new database (C collation, UTF-8), copied from *template*."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
            locale = "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" {locale}')

    def fresh_database(self, prefix: str) -> str:
        """A new, empty database named *prefix* and a number no other test of this run has used; its name."""
        name = f"{prefix}_{next(_numbers)}"
        self.create_database(name)
        return name

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster:
    """Create and start a cluster; raise :class:`ClusterUnavailableError` with the server's own words if it fails."""
    bindir = _bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="safetywatch-pg-"))
    cluster = Cluster(folder, bindir)
    cluster.socket_dir.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(cluster.socket_dir, "postgres")
        folder.chmod(0o755)
    data = folder / "data"
    made = cluster.run(
        "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--locale=C", "--encoding=UTF8", "--no-sync"
    )
    if made.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterUnavailableError(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
    options = (
        f"-k {cluster.socket_dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    started = cluster.run("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start")
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterUnavailableError(f"pg_ctl start failed: {started.stderr.strip()} {log.strip()}")
    return cluster
