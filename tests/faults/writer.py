"""A writer process for the fault tests: registers hazards through the real services and acknowledges each.

    python -m tests.faults.writer DB --count N --prefix P [--trace]

Prints ``READY`` once the ledger is open, then ``ACK <key> <number>`` after each committed hazard (the
acknowledgement a user would see). Each hazard's idempotency key is :func:`key_of` (prefix, i), so the
parent can retry exactly the record a killed writer was saving. With ``--trace`` every SQL statement is
traced and the last line is ``TRACE <writes> <writes outside BEGIN IMMEDIATE>``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import uuid
from pathlib import Path
from typing import Any

NAMESPACE = uuid.UUID("8f1d6c1e-6b7a-4e0f-9d1c-5a7e2b3c4d5e")
CLOCK_AT = dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC)


def key_of(prefix: str, i: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{prefix}-{i}"))


def _trace(engine: Any, statements: list[str]) -> None:
    from sqlalchemy import event

    engine.dispose()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)


def _outside_immediate(statements: list[str]) -> tuple[int, int]:
    writes = bad = 0
    mode = None
    for text in statements:
        word = text.split(None, 1)[0].upper() if text.strip() else ""
        if word == "BEGIN":
            mode = text.upper()
        elif word in ("COMMIT", "ROLLBACK"):
            mode = None
        elif word in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            writes += 1
            bad += mode != "BEGIN IMMEDIATE"
    return writes, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--prefix", default="w")
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args(argv)

    from safetywatch.domain.clock import FixedClock
    from safetywatch.services.core.ledger import retrying
    from safetywatch.services.kinds import hazards
    from safetywatch.services.maintenance.opening import open_ledger
    from tests.helpers import card, refs

    ledger = open_ledger(args.db, actor=f"writer-{args.prefix}", clock=FixedClock(CLOCK_AT), seed=False)
    statements: list[str] = []
    if args.trace:
        _trace(ledger.engine, statements)
    r = refs(ledger)
    print("READY", flush=True)
    for i in range(args.count):
        data = card(r, description=f"{args.prefix} 第{i}张卡片", uuid=key_of(args.prefix, i))
        hazard = retrying(lambda data=data: hazards.register(ledger, data))  # type: ignore[misc]
        sys.stdout.write(f"ACK {data.uuid} {hazard['number']}\n")
        sys.stdout.flush()
    if args.trace:
        writes, bad = _outside_immediate(statements)
        print(f"TRACE {writes} {bad}", flush=True)
    ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
