"""A process that stops at a chosen step of a migration, backup or report write, so the parent can kill it
there (reliability.md item 2: "hook sleeps at step k"). The hooks are monkeypatches in this test process;
the program has no test hooks of its own.

    python -m tests.faults.steps backup DB --at copied|renamed
    python -m tests.faults.steps report DB OUT --at written|synced
    python -m tests.faults.steps migrate DB --at backup|migrated

Prints ``PAUSED`` at the step and sleeps; the parent kills it with SIGKILL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def pause() -> None:
    print("PAUSED", flush=True)
    time.sleep(120)


def after(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        pause()
        return result

    return wrapped


def before(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        pause()
        return function(*args, **kwargs)

    return wrapped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("backup", "report", "migrate"))
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--at", required=True)
    args = parser.parse_args(argv)

    from safetywatch.db import files

    if args.what == "backup":
        from safetywatch.services.maintenance import backup

        if args.at == "copied":  # the copy sits in its temporary, checked, not yet renamed
            backup.check_copy = after(backup.check_copy)  # type: ignore[method-assign]
        else:  # renamed, manifest not written yet
            backup.atomic_write = before(backup.atomic_write)  # type: ignore[attr-defined]
        backup.create(args.db, "manual")
    elif args.what == "report":
        if args.at == "written":  # half of the bytes written to the temporary
            real = files.atomic_writer

            def half(target: Path, data: bytes) -> Path:
                with real(target) as stream:
                    stream.write(data[: len(data) // 2])
                    stream.flush()
                    pause()
                    stream.write(data[len(data) // 2 :])
                return target

            files.atomic_write = half  # type: ignore[assignment]
        else:  # complete and synced, not renamed
            files.os.replace = before(os.replace)  # type: ignore[attr-defined]
        from safetywatch import cli

        return cli.main(
            ["report", "--db", str(args.db), "--month", "2026-06", "--format", "pdf", "--out", str(args.out)]
        )
    else:
        from safetywatch.domain.clock import FixedClock
        from safetywatch.services.maintenance import backup
        from safetywatch.services.maintenance.opening import open_ledger

        if args.at == "backup":
            backup.check_copy = after(backup.check_copy)  # type: ignore[method-assign]
        else:  # every migration step ran inside the transaction, before its COMMIT
            from alembic import command

            command.upgrade = after(command.upgrade)
        open_ledger(args.db, clock=FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))).close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
