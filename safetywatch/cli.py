"""Command line: the GUI is the default command; every other command is headless (architecture.md).

    safetywatch [--db PATH] [--lang zh_CN|en] [--operator LOGIN]    start the GUI (log-in first)
    safetywatch --self-test [--db PATH]                             open every page offscreen, exit 0 if well
    safetywatch demo --db PATH [--scale S] [--years Y] [--until D] [--seed N] [--force]
    safetywatch verify --db PATH                                    integrity, audit chain, records

``SAFETYWATCH_DB`` may replace ``--db``. Exit codes: 0 ok, 1 verification/validation failure, 2 usage error.
Heavy imports (Qt, Alembic) happen inside the commands so ``verify`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from safetywatch import __version__
from safetywatch.paths import DB_ENV, default_db_path

if TYPE_CHECKING:
    from safetywatch.services.database import Ledger

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _month(text: str) -> str:
    try:
        dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-05") from None
    if len(text) != 7:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-05")
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safetywatch",
        description="SafetyWatch 群监网安全监督台账. Without a command, starts the GUI.",
        epilog=f"The database defaults to ${DB_ENV} or {default_db_path()}.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: $SAFETYWATCH_DB or the user data folder)")
    parser.add_argument(
        "--lang", choices=("zh_CN", "en"), help="language of the GUI (default: the saved choice, zh_CN)"
    )
    parser.add_argument("--operator", help="login name to offer in the log-in dialog")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the main window (offscreen works), visit every page, exit 0 if all is well",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill a database with realistic demo data")
    demo.add_argument("--db", type=Path, dest="sub_db", help="database file to fill")
    demo.add_argument(
        "--scale",
        choices=("tiny", "mine", "group"),
        default="mine",
        help="tiny: for tests; mine: ~200 inspectors; group: ~2,000 inspectors, ~35k hazards/year",
    )
    demo.add_argument("--years", type=_positive, default=1, help="years of history (default 1)")
    demo.add_argument("--until", type=_date, help="last day of the history (default today)")
    demo.add_argument("--seed", type=int, default=1, help="random seed: same seed, same data (default 1)")
    demo.add_argument("--force", action="store_true", help="add demo data even if the database has hazards")

    verify = commands.add_parser("verify", help="check integrity, the audit chain and every record")
    verify.add_argument("--db", type=Path, dest="sub_db", help="database file to check")

    report = commands.add_parser("report", help="the monthly report as PDF, or its tallies as JSON or CSV")
    report.add_argument("--db", type=Path, dest="sub_db", help="database file to read (opened read-only)")
    report.add_argument("--month", type=_month, required=True, help="statistic month, YYYY-MM")
    report.add_argument("--scope", help="code of an organisation unit (default: the whole database)")
    report.add_argument("--format", choices=("pdf", "json", "csv"), default="json", help="output format (default json)")
    report.add_argument("--out", type=Path, required=True, help="file to write (replaced only when complete)")

    close = commands.add_parser("close-month", help="print a month's report and close (lock) the month with it")
    close.add_argument("--db", type=Path, dest="sub_db", help="database file")
    close.add_argument("--month", type=_month, required=True, help="statistic month, YYYY-MM")
    close.add_argument("--out", type=Path, required=True, help="where to write the report's PDF")
    close.add_argument(
        "--operator", dest="sub_operator", required=True, help="login of the safety officer who closes it"
    )
    close.add_argument("--password-stdin", action="store_true", help="read the operator's password from standard input")
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return getattr(args, "sub_db", None) or args.db or default_db_path()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test and args.command:
        parser.error("--self-test cannot be combined with a command")
    if args.command == "verify":
        return cmd_verify(_db_path(args))
    if args.command == "report":
        return cmd_report(_db_path(args), args)
    if args.command == "close-month":
        return cmd_close_month(_db_path(args), args)
    if args.command == "demo":
        if args.until is not None and args.until > dt.date.today():
            parser.error(f"--until {args.until} is in the future: demo records are never dated after today")
        return cmd_demo(_db_path(args), args)
    from safetywatch.app import run_gui

    return run_gui(args.db, lang=args.lang, operator=args.operator, self_test=args.self_test)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_verify(path: Path) -> int:
    from safetywatch.domain.errors import StorageError
    from safetywatch.services import audit
    from safetywatch.services.database import check_file

    if not path.exists():
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    try:
        check_file(path, full=False)  # verify runs the full integrity_check itself
    except StorageError as exc:
        _err(f"FAILED: {exc}")
        return EXIT_FAILED
    from safetywatch.db.engine import make_engine, read_connection

    engine = make_engine(path, read_only=True)
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if total >= 50_000:
            _err(f"  {stage}: {done:,}/{total:,}")

    try:
        with read_connection(engine) as conn:
            report = audit.verify(conn, progress)
    except StorageError as exc:
        _err(f"FAILED: {exc}")
        return EXIT_FAILED
    finally:
        engine.dispose()
    seq, digest = report.head
    print(f"database: {path}")
    print(
        f"audit events checked: {report.events_checked:,}; records checked: {report.records_checked:,}; "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(f"chain head: seq {seq} hash {digest}")
    if report.ok:
        print("OK")
        return EXIT_OK
    for problem in report.problems:
        print(f"FAILED [{problem.kind}] {problem.message}")
    return EXIT_FAILED


def cmd_demo(path: Path, args: argparse.Namespace) -> int:
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services import demo
    from safetywatch.services.database import open_ledger

    started = time.perf_counter()
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 2 or done == total:
            last[0] = now
            _err(f"  {stage}: {done:,}/{total:,}")

    try:
        ledger = open_ledger(path, actor="演示数据")
        try:
            summary = demo.generate(
                ledger,
                scale=args.scale,
                years=args.years,
                until=args.until,
                seed=args.seed,
                progress=progress,
                force=args.force,
            )
        finally:
            ledger.close()
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    print(f"demo data written to {path} in {time.perf_counter() - started:.1f} s: {summary}")
    return EXIT_OK


def cmd_report(path: Path, args: argparse.Namespace) -> int:
    """Write the month's tallies; the database is opened read-only, the output replaced only when complete."""
    import csv
    import io
    import json
    import os
    import tempfile

    from safetywatch.db.engine import make_engine, read_connection
    from safetywatch.db.migrate import current_revision, head_revision
    from safetywatch.domain.errors import SafetyWatchError, ValidationError
    from safetywatch.services import tallies

    if not path.exists():
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    engine = make_engine(path, read_only=True)
    try:
        if current_revision(engine) != head_revision():
            _err(f"error: {path} is not at this program's schema; open it once with SafetyWatch to upgrade it")
            return EXIT_FAILED
        with read_connection(engine) as conn:
            from safetywatch.services import month_close

            closed = None if args.scope else month_close.closed(conn, args.month)
            # a closed month is reported as it was closed (the PDF byte for byte)
            report = month_close.stored_report(closed) if closed else tallies.summary(conn, args.month, args.scope)
    except ValidationError as exc:
        _err("error: " + "; ".join(e.message for e in exc.errors))
        return EXIT_FAILED
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    finally:
        engine.dispose()
    if args.format == "pdf":
        from safetywatch.reports import closing, monthly_pdf

        with read_connection(make_engine(path, read_only=True)) as conn:
            organisation = tallies.organisation_name(conn, args.scope)
            rendered = (
                closing.reprint(conn, args.month)
                if closed
                else monthly_pdf.render(report, organisation=organisation, generated_at=dt.datetime.now())
            )
        for warning in rendered.warnings:
            _err(f"warning: {warning}")
        data = rendered.data
    elif args.format == "json":
        data = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(tallies.csv_rows(report))
        data = buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel/WPS read UTF-8
    out = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, out)
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}")
        return EXIT_FAILED
    print(f"{args.format} report for {args.month} written to {out}")
    return EXIT_OK


def _operator(ledger: Ledger, login: str, password_stdin: bool) -> Ledger:
    """The ledger a writing command works on, as *login* (docs/permissions.md, "The command line").

    A database without accounts records the name as given. Otherwise *login* must log in: the password
    comes from the terminal (no echo) or, with ``--password-stdin``, from the first line of standard input.
    """
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services import accounts

    with ledger.read() as conn:
        if not accounts.has_users(conn):
            return ledger
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"password of {login}: ")
    else:
        raise SafetyWatchError("no terminal to ask for the password: pass it with --password-stdin")
    user = accounts.authenticate(ledger, login, password)
    if user.must_change_password:
        raise SafetyWatchError(f"{login} must choose a new password first: log in once in the program")
    return accounts.session_ledger(ledger, user)


def cmd_close_month(path: Path, args: argparse.Namespace) -> int:
    """Print the month's report, close the month with it, and write the PDF."""
    import os
    import tempfile

    from safetywatch.domain.errors import SafetyWatchError, ValidationError
    from safetywatch.reports import closing
    from safetywatch.services.database import open_ledger

    if not path.exists():
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    try:
        ledger = open_ledger(path, actor=args.sub_operator)
        try:
            row, pdf = closing.close_month(_operator(ledger, args.sub_operator, args.password_stdin), args.month)
        finally:
            ledger.close()
    except ValidationError as exc:
        _err("error: " + "; ".join(e.message for e in exc.errors))
        return EXIT_FAILED
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(pdf.data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, out)
    print(f"{args.month} closed by {row['closed_by']}; report written to {out} (SHA-256 {row['pdf_sha256']})")
    return EXIT_OK
