"""Command line: the GUI is the default command; every other command is headless (architecture.md).

    safetywatch [--db PATH] [--lang zh_CN|en] [--operator LOGIN]    start the GUI (log-in first)
    safetywatch --self-test [--db PATH]                             open every page offscreen, exit 0 if well
    safetywatch demo --db PATH [--scale S] [--years Y] [--until D] [--seed N] [--no-accounts]
    safetywatch demo --stations N --out-dir DIR [--scale S] [--years Y] [--until D] [--seed N]
    safetywatch verify --db PATH [--anchor SEQ:HASH ...]            integrity, audit chain, records, anchors
    safetywatch verify --manifest FILE [--db PATH]                  an export against its manifest
    safetywatch report --db PATH --month YYYY-MM [--scope CODE] [--format F] --out FILE [--unverified]
    safetywatch report --db PATH --year YYYY [--scope CODE] [--format F] --out FILE  the annual summary (年报)
    safetywatch close-year --db PATH --year YYYY --out FILE --operator LOGIN  close a year (its months closed)
    safetywatch export --db PATH --what KIND [--from D --to D] [--modified-since T] [--format F] --out FILE
    safetywatch import --db PATH --what KIND FILE --operator NAME [--dry-run]
    safetywatch server-setup --admin postgresql://postgres@HOST/postgres --database NAME   office database, roles
    safetywatch copy --from office.db --to postgresql://user@host/dbname   move a ledger to a server (or back)
    safetywatch report | close-month | backup | restore ...         see --help of each

On a database with user accounts every command that reads or writes records logs in (``--operator LOGIN``,
the password from the terminal or ``--password-stdin``) and checks the role (docs/permissions.md, "The
command line"); ``verify`` and ``backup --list`` do not. ``SAFETYWATCH_DB`` may replace ``--db``.
Exit codes: 0 ok, 1 verification/validation failure or refusal, 2 usage error, 130 interrupted (Ctrl-C).
No traceback reaches the user: an unexpected error is one line naming the log file that holds it.
Heavy imports (Qt, Alembic) happen inside the commands so ``verify`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetywatch import __version__, cli_exchange
from safetywatch.paths import DB_ENV, default_db_path

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from safetywatch.domain.permissions import Permission, SignedIn
    from safetywatch.services.core.ledger import Ledger
    from safetywatch.services.maintenance.anchors import PrintedHead
    from safetywatch.services.maintenance.backup import BackupInfo

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class UsageError(Exception):
    """A command line that cannot work as given (exit 2): the message says what to change."""


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


def _year(text: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a year; write it as YYYY, e.g. 2025")
    return int(text)


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
    parser.add_argument(
        "--db",
        type=cli_exchange.database_arg,
        help="database file, or a server database postgresql://user@host/dbname "
        "(default: $SAFETYWATCH_DB or the user data folder)",
    )
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
    demo.add_argument("--db", type=cli_exchange.database_arg, dest="sub_db", help="database file to fill")
    demo.add_argument(
        "--scale",
        choices=("tiny", "mine", "group"),
        help="tiny: for tests (default with --stations); mine: ~200 inspectors (default); "
        "group: ~2,000 inspectors, ~35k hazards/year",
    )
    demo.add_argument(
        "--stations", type=_positive, help="an office and N stations with weekly exchanges (with --out-dir)"
    )
    demo.add_argument("--out-dir", type=Path, help="empty folder for office.db, station-<code>.db and bundles/")
    demo.add_argument("--years", type=_positive, default=1, help="years of history (default 1)")
    demo.add_argument("--until", type=_date, help="last day of the history (default today)")
    demo.add_argument("--seed", type=int, default=1, help="random seed: same seed, same data (default 1)")
    demo.add_argument(
        "--no-accounts",
        action="store_true",
        help="no demo accounts (for scripts and tests that drive the command line without logging in); "
        "by default one account per role is made, with the password printed at the end",
    )
    demo.add_argument(
        "--force",
        action="store_true",
        help="no longer has an effect: demo data goes only into a database without records and accounts",
    )

    verify = commands.add_parser("verify", help="check integrity, the audit chain and every record")
    verify.add_argument("--db", type=cli_exchange.database_arg, dest="sub_db", help="database file to check")
    verify.add_argument(
        "--manifest", type=Path, help="check an exported file against this manifest (with --db: its chain anchor too)"
    )
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="a chain head printed in a signed report's footer, e.g. #38014:3fa9c2d17b0e4a55 (repeatable)",
    )

    report = commands.add_parser(
        "report", help="the monthly report (or with --year the annual summary) as PDF, JSON or CSV"
    )
    report.add_argument(
        "--db", type=cli_exchange.database_arg, dest="sub_db", help="database file to read (opened read-only)"
    )
    period = report.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", type=_month, help="statistic month, YYYY-MM")
    period.add_argument("--year", type=_year, help="statistic year, YYYY: the annual summary (年报)")
    report.add_argument("--scope", help="code of an organisation unit (default: the whole database)")
    report.add_argument(
        "--format",
        choices=("pdf", "json", "csv"),
        help="output format (default: from the --out file's suffix, else json)",
    )
    report.add_argument("--out", type=Path, required=True, help="file to write (replaced only when complete)")
    _add_login_options(report, "who saves the report (a safety officer or an auditor)")
    _add_unverified_option(report)

    close = commands.add_parser("close-month", help="print a month's report and close (lock) the month with it")
    close.add_argument("--db", type=cli_exchange.database_arg, dest="sub_db", help="database file")
    close.add_argument("--month", type=_month, required=True, help="statistic month, YYYY-MM")
    close.add_argument("--out", type=Path, required=True, help="where to write the report's PDF")
    _add_login_options(close, "the safety officer who closes it", required=True)

    close_year = commands.add_parser(
        "close-year", help="print a year's annual summary and close the year with it (all its months closed)"
    )
    close_year.add_argument("--db", type=cli_exchange.database_arg, dest="sub_db", help="database file")
    close_year.add_argument("--year", type=_year, required=True, help="statistic year, YYYY")
    close_year.add_argument("--out", type=Path, required=True, help="where to write the summary's PDF")
    _add_login_options(close_year, "the safety officer who closes it", required=True)
    _add_backup_commands(commands)
    _add_copy_command(commands)
    _add_exchange_commands(commands)
    cli_exchange.add_commands(commands)  # stations and the office (issue 15)
    _name_values(commands)
    return parser


#: What ``--help`` calls an option's value when argparse would show its internal name (``SUB_DB``).
_METAVARS = {
    "sub_db": "PATH",
    "sub_operator": "LOGIN",
    "out": "FILE",
    "manifest": "FILE",
    "source": "FILE",
    "enrol_code": "XXXX-XXXX",
    "office_key": "FINGERPRINT",
    "workstations": "C1,C2",
    "record": "NUMBER_OR_UUID",
    "reason": "TEXT",
    "station": "CODE",
    "out_dir": "DIR",
    "scope": "CODE",
    "until": "DATE",
    "date_from": "DATE",
    "date_to": "DATE",
    "modified_since": "TIME",
    "modified_until": "TIME",
    "month": "YYYY-MM",
    "year": "YYYY",
    "years": "N",
    "seed": "N",
    "stations": "N",
}


def _name_values(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for command in set(commands.choices.values()):
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):  # station add, bundle write, …
                _name_values(action)
            elif action.option_strings and action.metavar is None and action.dest in _METAVARS:
                action.metavar = _METAVARS[action.dest]


def _add_login_options(command: argparse.ArgumentParser, who: str, *, required: bool = False) -> None:
    """``--operator`` and ``--password-stdin``: who runs *command* on a database with user accounts."""
    needed = "" if required else " (needed on a database with user accounts)"
    command.add_argument("--operator", dest="sub_operator", required=required, help=f"login of {who}{needed}")
    command.add_argument(
        "--password-stdin", action="store_true", help="read the operator's password from standard input"
    )


def _instant(text: str) -> dt.datetime:
    """A UTC instant: YYYY-MM-DD (midnight) or YYYY-MM-DDTHH:MM[:SS] (UTC unless an offset is given)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date or time: {text!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _add_exchange_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from safetywatch.exchange.columns import ENCODINGS, IMPORTABLE, KINDS  # light: no database code

    export = commands.add_parser("export", help="export one kind of record to CSV or XLSX, with a manifest")
    export.add_argument(
        "--db", type=cli_exchange.database_arg, dest="sub_db", help="database file to read (opened read-only)"
    )
    export.add_argument("--what", required=True, choices=list(KINDS), metavar="KIND", help=", ".join(KINDS))
    export.add_argument("--from", type=_date, dest="date_from", help="first event date, YYYY-MM-DD (inclusive)")
    export.add_argument("--to", type=_date, dest="date_to", help="last event date, YYYY-MM-DD (inclusive)")
    export.add_argument(
        "--modified-since", type=_instant, help="records changed at or after this time (UTC; YYYY-MM-DD[THH:MM])"
    )
    export.add_argument(
        "--modified-until", type=_instant, help="records changed before this time (UTC; YYYY-MM-DD[THH:MM])"
    )
    export.add_argument("--format", choices=("csv", "xlsx"), help="file format (default: from --out, else csv)")
    export.add_argument("--out", type=Path, required=True, help="file to write; FILE.manifest.json goes beside it")
    export.add_argument(
        "--keys",
        action="store_true",
        help="machine keys and codes as headers and values (default: Chinese headers and labels; "
        "audit_events always has its keys)",
    )
    _add_login_options(export, "who exports (a safety officer or an auditor)")
    _add_unverified_option(export)

    imp = commands.add_parser(
        "import", help="import a CSV or XLSX file in the export format of its kind (all or nothing)"
    )
    imp.add_argument("--db", type=cli_exchange.database_arg, dest="sub_db", help="database file to import into")
    imp.add_argument("--what", required=True, choices=IMPORTABLE, metavar="KIND", help=", ".join(IMPORTABLE))
    imp.add_argument("file", type=Path, metavar="FILE", help="the CSV or XLSX file (Chinese headers or machine keys)")
    _add_login_options(imp, "the safety officer who imports it", required=True)
    imp.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    imp.add_argument("--encoding", choices=ENCODINGS, default="auto", help="text encoding of a CSV (default: auto)")
    imp.add_argument(
        "--new", action="store_true", help="create the database if missing, empty (no default reference data)"
    )


def needs_offscreen(environ: Mapping[str, str], platform: str) -> bool:
    """Whether the self-test must draw offscreen: Linux without an X11 or Wayland display, and no platform
    chosen. (Windows and macOS always have a screen to draw on.)"""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _db_path(args: argparse.Namespace) -> Path | str:
    """The database of the command: ``--db``, else ``$SAFETYWATCH_DB`` (a file or a server address), else the
    default file. A server named either way is never replaced by a local file when it cannot be reached."""
    named: Path | str | None = getattr(args, "sub_db", None) or args.db
    if named is not None:
        return named
    env = os.environ.get(DB_ENV)
    if env and "://" in env:
        try:
            return cli_exchange.database_arg(env)
        except argparse.ArgumentTypeError as exc:
            raise UsageError(f"${DB_ENV}: {exc}") from None
    return default_db_path()


def _is_server(target: Path | str) -> bool:
    """Whether *target* is a server address (``cli_exchange.database_arg`` made every other value a Path)."""
    return isinstance(target, str)


def _missing(target: Path | str) -> bool:
    """Whether *target* names a database file that does not exist (a server database is checked when opened)."""
    return not _is_server(target) and not Path(target).exists()


def _shown(target: Path | str) -> str:
    """How output names the database: its file, or its server address without the password."""
    if not _is_server(target):
        return str(target)
    from safetywatch.db.dialect import shown_url

    return shown_url(str(target))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test and args.command:
        parser.error("--self-test cannot be combined with a command")
    if args.command == "verify":
        if args.manifest is not None and args.anchor:
            parser.error("--anchor checks a database's chain: use it without --manifest")
        from safetywatch.services.maintenance.anchors import parse_printed

        try:
            args.printed = [parse_printed(text) for text in args.anchor]
        except ValueError as exc:
            parser.error(f"--anchor: {exc}")
    if args.command is None:
        from safetywatch.app import run_gui  # the GUI has its own crash handler (app.crash_hook)

        if args.self_test and needs_offscreen(os.environ, sys.platform):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a headless server: Qt would abort without a display

        return run_gui(args.db, lang=args.lang, operator=args.operator, self_test=args.self_test)
    if args.command == "demo" and args.until is not None and args.until > dt.date.today():
        parser.error(f"--until {args.until} is in the future: demo records are never dated after today")
    # The program's own warnings (a refusal that could not be recorded, a log that could not be written)
    # reach the user as one line like the command's, not as the bare text Python prints by default.
    # (Errors are not: an unexpected one goes to the log file with its traceback, see _unexpected.)
    program = logging.getLogger("safetywatch")
    if not any(isinstance(h, _WarningLine) for h in program.handlers):
        program.addHandler(_WarningLine(logging.WARNING))
    try:
        return _run(args)
    except UsageError as exc:
        _err(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        # every write is one transaction and every output file is renamed into place only when complete
        _err("interrupted (Ctrl-C): stopped; nothing was left half-written")
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _unexpected(args.command, exc)


def _run(args: argparse.Namespace) -> int:
    """Run the command of *args*; the database path named is a file, not a folder."""
    if args.command == "demo" and (args.stations is not None or args.out_dir is not None):
        return cmd_demo_stations(args)
    if args.command == "copy":
        return cmd_copy(args.source, args.copy_to)
    if args.command == "verify" and args.manifest is not None:
        db = getattr(args, "sub_db", None) or args.db
        if db is not None:
            _not_a_folder(db)
        return cmd_verify_manifest(args.manifest, db)
    if args.command in cli_exchange.COMMANDS:
        given = getattr(args, "sub_db", None) or args.db
        # a new station database and a bundle check are never the user's default database
        explicit_only = args.action in ("enrol", "check")
        db = given if given is not None or explicit_only else _db_path(args)
        return cli_exchange.run(args, db if db is None else _not_a_folder(db), _err, _operator)
    if args.command in ("backup", "restore", "server-setup"):
        return _run_admin_command(args)
    path = _not_a_folder(_db_path(args))
    if args.command == "verify":
        return cmd_verify(path, args.printed)
    if args.command == "export":
        return cmd_export(path, args)
    if args.command == "import":
        return cmd_import(path, args)
    if args.command == "report":
        return cmd_report(path, args)
    if args.command == "close-month":
        return cmd_close_month(path, args)
    if args.command == "close-year":
        return cmd_close_year(path, args)
    return cmd_demo(path, args)


def _not_a_folder(path: Path | str) -> Path | str:
    if isinstance(path, Path) and path.is_dir():
        raise UsageError(f"{path} is a folder; name the database file, e.g. {path / 'safetywatch.db'}")
    return path


class _WarningLine(logging.Handler):
    """A warning as one ``warning: …`` line on the standard error of the moment (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            _err(f"warning: {record.getMessage()}")


def _unexpected(command: str, error: Exception) -> int:
    """A failure no message was written for (a bug, or a file no check foresaw): one line for the user,
    the traceback in the log file."""
    import traceback

    from safetywatch.log_file import start_logging

    summary = (str(error).strip().splitlines() or [""])[0][:160]
    try:
        log_file = start_logging()
        logging.getLogger("safetywatch.cli").error("unexpected error in %s\n%s", command, traceback.format_exc())
        where = f"the details are in {log_file}"
    except OSError as exc:
        where = f"the log file could not be written ({exc.strerror or exc})"
    _err(f"error: {command} stopped on an unexpected problem ({type(error).__name__}: {summary}); {where}")
    return EXIT_FAILED


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _write_out(out: Path, data: bytes) -> bool:
    """Write an output file all at once or not at all (a crash never leaves half a file under its name)."""
    from safetywatch.db.files import atomic_write

    try:
        atomic_write(out, data)
    except OSError as exc:
        _err(f"error: cannot write {out}: {exc.strerror or exc}; nothing was written under that name")
        return False
    return True


def cmd_verify(path: Path | str, printed: Sequence[PrintedHead] = ()) -> int:
    """Check the database, and its chain against every anchor kept outside it and the *printed* heads."""
    from safetywatch.domain.errors import StorageError
    from safetywatch.services.maintenance import integrity
    from safetywatch.services.maintenance.anchors import printed_form
    from safetywatch.services.maintenance.opening import check_file, ledger_problem, local_path, open_for_reading

    if _missing(path):
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    try:
        if isinstance(path, Path):
            check_file(path, full=False)  # verify runs the full integrity_check itself
            not_a_ledger = ledger_problem(path)
            if not_a_ledger is not None:
                _err(f"FAILED: {not_a_ledger}")
                return EXIT_FAILED
        engine = open_for_reading(path)  # a server: reachable, C collation, read-only session
    except StorageError as exc:
        _err(f"FAILED: {exc}")
        return EXIT_FAILED
    from safetywatch.db.engine import read_connection
    from safetywatch.services.core import sql

    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if total >= 50_000:
            _err(f"  {stage}: {done:,}/{total:,}")

    try:
        with read_connection(engine) as conn:
            if not sql.has_table(conn, "audit_event"):  # a file's tables were checked above: an empty server database
                _err(f"FAILED: {_shown(path)} holds no SafetyWatch ledger (no audit trail)")
                return EXIT_FAILED
            report = integrity.verify(conn, progress, db_path=local_path(path), printed=printed)
    except StorageError as exc:
        _err(f"FAILED: {exc}")
        return EXIT_FAILED
    finally:
        engine.dispose()
    seq, digest = report.head
    print(f"database: {_shown(path)}")
    print(
        f"audit events checked: {report.events_checked:,}; records checked: {report.records_checked:,}; "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(f"chain head: seq {seq} hash {digest} (as printed on reports: {printed_form(seq, digest)})")
    newest = report.newest_anchor
    if newest is None:
        print("anchors compared: none (no closed month, verified backup, logged export or close, or --anchor)")
    else:
        print(f"anchors compared: {len(report.anchors)}; the newest is event #{newest.seq} ({newest.source})")
        if newest.seq < seq:
            after = f"event #{seq} is" if newest.seq + 1 == seq else f"events #{newest.seq + 1}-#{seq} are"
            print(f"{after} after every anchor: a backup or a printed report anchors them")
    if report.ok:
        print("OK")
        return EXIT_OK
    for problem in report.problems:
        print(f"FAILED [{problem.kind}] {problem.message}")
    return EXIT_FAILED


def cmd_demo(path: Path | str, args: argparse.Namespace) -> int:
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services.maintenance import demo
    from safetywatch.services.maintenance.opening import open_ledger

    started = time.perf_counter()

    def progress(month: str, done: int, total: int) -> None:
        """One line per simulated month, with the time left estimated from the days done so far."""
        elapsed = time.perf_counter() - started
        left = elapsed * (total - done) / done if done else 0.0
        _err(f"  {month} simulated: day {done:,}/{total:,}, {elapsed:.0f} s so far, about {left:.0f} s to go")

    if args.force:  # it once added demo records to a database that held hazards (issue 13)
        _err("note: --force no longer has an effect: demo data goes only into a database without records")
    try:
        ledger = open_ledger(path, actor="演示数据")
        try:
            summary = demo.generate(
                ledger,
                scale=args.scale or "mine",
                years=args.years,
                until=args.until,
                seed=args.seed,
                progress=progress,
            )
            made = [] if args.no_accounts else demo.create_demo_accounts(ledger)
        finally:
            ledger.close()
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    print(f"demo data written to {_shown(path)} in {time.perf_counter() - started:.1f} s: {summary}")
    if made:
        print(f"demo accounts (demo databases only), each with the password {demo.DEMO_PASSWORD}:")
        for account in made:
            print(f"  {account.login:<8} {account.role.value:<15} {account.display_name}")
        print(f"commands that read or write records now need --operator LOGIN, e.g. --operator {made[-1].login}")
    return EXIT_OK


def cmd_demo_stations(args: argparse.Namespace) -> int:
    if args.stations is None or args.out_dir is None:
        raise UsageError("--stations N and --out-dir DIR go together: demo --stations 3 --out-dir DIR")
    if args.sub_db is not None or args.db is not None:
        raise UsageError("--out-dir names the folder for office.db and the station files: leave out --db")
    if args.out_dir.exists() and not args.out_dir.is_dir():
        raise UsageError(f"{args.out_dir} is a file; --out-dir names a folder")
    if (args.out_dir / "office.db").exists():
        raise UsageError(f"{args.out_dir} already holds office.db: give a new or empty folder")
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.exchange import demo_stations

    started = time.perf_counter()
    try:
        summary = demo_stations.generate(
            args.out_dir,
            stations_count=args.stations,
            scale=args.scale or "tiny",
            years=args.years,
            until=args.until,
            seed=args.seed,
            progress=_err,
        )
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    print(
        f"demo office and {args.stations} station(s) written to {args.out_dir} in {time.perf_counter() - started:.1f} s"
    )
    print(summary)
    return EXIT_OK


# --- printing evidence: reports and exports (read-only; checked before printing, issue 13) ----------------


def _add_unverified_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--unverified",
        action="store_true",
        help="write it even if the database fails the check before printing, marked 未通过校验 (unverified)",
    )


def _open_for_printing(path: Path | str) -> Engine:
    """A read-only engine on *path* (read-only media and folders too) at this program's schema."""
    from safetywatch.db.migrate import current_revision, head_revision
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services.maintenance.opening import open_for_reading

    engine = open_for_reading(path)
    try:
        revision = current_revision(engine)
    except BaseException:
        engine.dispose()
        raise
    if revision != head_revision():
        engine.dispose()
        raise SafetyWatchError(
            f"{_shown(path)} is not at this program's schema; open it once with SafetyWatch to upgrade it"
        )
    return engine


def _printing_problems(conn: Connection, target: Path | str, unverified: bool) -> list[str]:
    """The check before printing, on the snapshot the output is made from. Raises when it fails (nothing is
    written); with *unverified*, returns its problems instead, for the mark on the output."""
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services.maintenance.opening import local_path
    from safetywatch.services.maintenance.printing_check import check_before_printing

    check = check_before_printing(conn, local_path(target))
    path = _shown(target)
    if check.anchor is None and check.events_checked >= 100_000:  # seconds each time: say how to avoid it
        _err(
            f"note: {path} has no verified backup, so all {check.events_checked:,} audit events were re-hashed "
            "before printing; after 'safetywatch backup' only the events after it are"
        )
    if check.ok:
        return []
    listed = "\n  ".join(check.problems)
    if not unverified:
        raise SafetyWatchError(
            f"{path} failed the check before printing; nothing was written:\n  {listed}\n"
            f"Run 'safetywatch verify --db {path}' for the full check. To write it anyway, marked 未通过校验 "
            "(unverified), pass --unverified."
        )
    _err(f"warning: {path} failed the check before printing; the output is marked 未通过校验 (unverified):\n  {listed}")
    return check.problems


def _discard_if_read_changed(exc: BaseException, out: Path) -> None:
    """An export is written while it reads; if the read turns out to have overlapped another program's
    change (an unlocked read, ``db.engine.unchanging``), the file and its manifest are not kept."""
    from safetywatch.domain.errors import StorageError
    from safetywatch.exchange.export import manifest_path

    if isinstance(exc, StorageError) and exc.kind == "changed":
        for written in (out, manifest_path(out)):
            with contextlib.suppress(OSError):
                written.unlink()


def cmd_report(path: Path | str, args: argparse.Namespace) -> int:
    """Write the month's tallies; the database is opened read-only, the output replaced only when complete."""
    from safetywatch.db.engine import read_connection
    from safetywatch.domain.errors import SafetyWatchError, ValidationError
    from safetywatch.domain.permissions import Permission
    from safetywatch.reports import generate

    suffix = args.out.suffix.lower().lstrip(".")
    fmt = args.format or (suffix if suffix in generate.FORMATS else "json")
    if _missing(path):
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    refused = _refused_reader(path, args, Permission.PRINT_REPORTS, Permission.EXPORT)  # as the report page
    if refused is not None:
        return refused
    try:
        engine = _open_for_printing(path)
        try:
            with read_connection(engine) as conn:
                unknown = _unknown_scope(conn, args.scope)
                if unknown is not None:
                    _err(f"error: {unknown}")
                    return EXIT_FAILED
                problems = _printing_problems(conn, path, args.unverified)
                # a closed month or year is reported as it was closed (the PDF byte for byte)
                result: generate.GeneratedReport | generate.GeneratedAnnualReport
                if args.year is not None:
                    result = generate.annual_report(
                        conn, args.year, args.scope, fmt, today=dt.date.today(), unverified=problems
                    )
                else:
                    result = generate.monthly_report(
                        conn, args.month, args.scope, fmt, today=dt.date.today(), unverified=problems
                    )
        finally:
            engine.dispose()
    except ValidationError as exc:
        _err("error: " + "; ".join(e.message for e in exc.errors))
        return EXIT_FAILED
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    for warning in result.warnings:
        _err(f"warning: {warning}")
    data = result.data
    out = args.out
    if not _write_out(out, data):
        return EXIT_FAILED
    print(f"{fmt} report for {args.month or args.year} written to {out}")
    return EXIT_OK


def _unknown_scope(conn: Connection, code: str | None) -> str | None:
    """What is wrong with ``--scope CODE`` (a code no organisation unit has), with the codes to choose from."""
    if not code:
        return None
    units = [(str(c), str(n)) for c, n in conn.exec_driver_sql("SELECT code, name FROM org_unit ORDER BY code")]
    if any(c == code for c, _name in units):
        return None
    listed = ", ".join(f"{c} ({n})" for c, n in units[:40]) + (f", … ({len(units)} in all)" if len(units) > 40 else "")
    return f"no organisation unit has the code {code!r}; --scope takes one of: {listed or 'none (no units yet)'}"


# --- log-in (docs/permissions.md, "The command line") --------------------------------------------------


def _password(login: str, password_stdin: bool) -> str:
    """The password of *login*: the first line of standard input, or asked for on the terminal (no echo)."""
    from safetywatch.domain.errors import SafetyWatchError

    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"password of {login}: ")
    raise SafetyWatchError("no terminal to ask for the password: pass it with --password-stdin")


def _has_accounts(conn: Connection) -> bool:
    """Whether the database has user accounts (a file from before accounts, or not a ledger, has none)."""
    from safetywatch.services.core import sql
    from safetywatch.services.kinds import accounts

    return sql.has_table(conn, "user_account") and accounts.has_users(conn)


def _needs_a_login(path: Path | str) -> UsageError:
    return UsageError(
        f"{path} has user accounts: log in with --operator LOGIN (the password is asked for, "
        "or read from standard input with --password-stdin)"
    )


def _ready(user: SignedIn) -> SignedIn:
    from safetywatch.domain.errors import SafetyWatchError

    if user.must_change_password:
        raise SafetyWatchError(f"{user.login} must choose a new password first: log in once in the program")
    return user


def _operator(ledger: Ledger, login: str | None, password_stdin: bool) -> Ledger:
    """The ledger a writing command works on, as *login*.

    A database without accounts records the name as given (``system`` if none). Otherwise *login* must log
    in; the writer then checks their role on every write.
    """
    from safetywatch.services.kinds import accounts

    with ledger.read() as conn:
        if not _has_accounts(conn):
            return ledger
    if login is None:
        raise _needs_a_login(_shown(ledger.target))
    user = _ready(accounts.authenticate(ledger, login, _password(login, password_stdin)))
    return accounts.session_ledger(ledger, user)


def _reader(path: Path | str, args: argparse.Namespace, *permissions: Permission) -> None:
    """Before a command reads the records of *path*: on a database with accounts, log the operator in and
    refuse (audited) a role that holds none of *permissions*. Nothing to do without accounts.

    The log-in is recorded like the GUI's. A file that cannot be written (read-only file, medium or
    folder) is still read: the password is checked without recording anything, and the user is told.
    """
    import dataclasses

    from safetywatch.services.core.ledger import Ledger
    from safetywatch.services.maintenance.opening import local_path, open_for_reading

    engine = open_for_reading(path)  # read-only media and folders too
    try:
        server = str(path) if _is_server(path) else None
        reader = Ledger(path=local_path(path), engine=engine, read_only=True, server=server)  # reads only
        with reader.read() as conn:
            if not _has_accounts(conn):
                return
        login = args.sub_operator
        if login is None:
            raise _needs_a_login(_shown(path))
        user = _ready(_log_in(reader, login, _password(login, args.password_stdin)))
        permission = next((p for p in permissions if user.may(p)), permissions[0])
        dataclasses.replace(reader, user=user, actor=user.login).require(permission)
    finally:
        engine.dispose()


def _refused_reader(path: Path | str, args: argparse.Namespace, *permissions: Permission) -> int | None:
    """:func:`_reader`, its refusal printed: the exit code to stop with, or ``None`` to go on."""
    from safetywatch.domain.errors import SafetyWatchError

    try:
        _reader(path, args, *permissions)
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    return None


def _log_in(reader: Ledger, login: str, password: str) -> SignedIn:
    """Log *login* in on the database of *reader*, recorded; unrecorded if the file cannot be written."""
    from safetywatch.db.engine import make_engine
    from safetywatch.domain.clock import utc_iso
    from safetywatch.domain.errors import StorageError
    from safetywatch.services.core.ledger import Ledger
    from safetywatch.services.kinds import accounts

    writer = Ledger(path=reader.path, engine=make_engine(reader.target), clock=reader.clock, server=reader.server)
    try:
        return accounts.authenticate(writer, login, password)
    except StorageError as exc:
        if exc.kind not in ("readonly", "cantopen"):
            raise
    finally:
        writer.engine.dispose()
    with reader.read() as conn:
        user = accounts.check_log_in(conn, login, password, utc_iso(reader.clock.now_utc()))
    _err(f"note: {_shown(reader.target)} is read-only: the log-in of {user.login} was checked but not recorded in it")
    return user


def cmd_close_month(path: Path | str, args: argparse.Namespace) -> int:
    """Print the month's report, close the month with it, and write the PDF."""
    from safetywatch.reports import closing

    return _close_period(
        path,
        args,
        lambda ledger: closing.close_month(ledger, args.month),
        again=f"the month is closed; print its report again with: safetywatch report --month {args.month} --format pdf",
        done=f"{args.month} closed by {{closed_by}}; report written to {args.out} (SHA-256 {{pdf_sha256}})",
    )


def cmd_close_year(path: Path | str, args: argparse.Namespace) -> int:
    """Print the year's annual summary, close the year with it, and write the PDF."""
    from safetywatch.reports import closing

    return _close_period(
        path,
        args,
        lambda ledger: closing.close_year(ledger, args.year),
        again=f"the year is closed; print its summary again with: safetywatch report --year {args.year} --format pdf",
        done=f"{args.year} closed by {{closed_by}}; summary written to {args.out} (SHA-256 {{pdf_sha256}})",
    )


def _close_period(path: Path | str, args: argparse.Namespace, close: Any, *, again: str, done: str) -> int:
    """Close a month or a year as the signed-in operator (*close* gets the ledger, returns the closing row and
    its PDF), then write the PDF; *again* says how to reprint it if writing fails, *done* is the success line
    (formatted with the closing row)."""
    from safetywatch.domain.errors import SafetyWatchError, ValidationError
    from safetywatch.services.maintenance.opening import open_ledger

    if _missing(path):
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    try:
        ledger = open_ledger(path, actor=args.sub_operator)
        try:
            row, pdf = close(_operator(ledger, args.sub_operator, args.password_stdin))
        finally:
            ledger.close()
    except ValidationError as exc:
        _err("error: " + "; ".join(e.message for e in exc.errors))
        return EXIT_FAILED
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    if not _write_out(args.out, pdf.data):
        _err(again)
        return EXIT_FAILED
    print(done.format(closed_by=row["closed_by"], pdf_sha256=row["pdf_sha256"]))
    return EXIT_OK


# --- backup and restore (reliability, issue 6); on a server (issue 18) -----------------------------------


def _file_or_server(text: str) -> Path | str:
    """A ``--db`` of the backup commands: a database file, or a ``postgresql://`` address kept as written."""
    from safetywatch.db.dialect import is_server_url

    return text if is_server_url(text) else Path(text)


def _add_backup_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup", help="make a verified backup (SQLite backup API, or pg_dump for a server) with its manifest"
    )
    backup.add_argument(
        "--db", type=_file_or_server, dest="sub_db", help="database file, or postgresql:// address, to back up"
    )
    backup.add_argument(
        "--out", type=Path, help="backup file to write (default: the backup folder in the user data folder)"
    )
    backup.add_argument("--list", action="store_true", help="list the backups of the database instead (no log-in)")
    _add_login_options(backup, "the administrator who backs it up")
    restore = commands.add_parser("restore", help="restore a backup into a NEW database file (never in place)")
    restore.add_argument("--from", type=Path, dest="source", required=True, help="backup file to restore")
    restore.add_argument(
        "--db",
        type=_file_or_server,
        dest="sub_db",
        required=True,
        help="new database file, or postgresql:// address of a new database on the server, to create",
    )
    restore.add_argument(
        "--operator",
        dest="sub_operator",
        help="login of an administrator in the backup's own accounts (without accounts: the name recorded)",
    )
    restore.add_argument(
        "--password-stdin", action="store_true", help="read the operator's password from standard input"
    )
    setup = commands.add_parser(
        "server-setup", help="create the office database on a PostgreSQL server and its roles (docs/postgresql.md)"
    )
    setup.add_argument(
        "--admin", required=True, help="address of the server's administrator, e.g. postgresql://postgres@HOST/postgres"
    )
    setup.add_argument("--database", required=True, help="name of the office database, e.g. safetywatch")
    setup.add_argument(
        "--passfile",
        type=Path,
        help="passwords of the roles to create, as in .pgpass (*:*:*:ROLE:PASSWORD); default: asked on the terminal",
    )


def _run_admin_command(args: argparse.Namespace) -> int:
    if args.command == "server-setup":
        return cmd_server_setup(args)
    target = args.sub_db if args.command == "restore" else _db_path(args)
    if isinstance(target, Path):
        _not_a_folder(target)
    return cmd_backup(args) if args.command == "backup" else cmd_restore(args)


def cmd_backup(args: argparse.Namespace) -> int:
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.domain.permissions import Permission
    from safetywatch.services.maintenance import backup

    path = _db_path(args)
    if isinstance(path, str):
        return _backup_server(path, args)
    if args.list:
        _list_backups(str(path), backup.folder_for(path))
        return EXIT_OK
    if _missing(path):
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    refused = _refused_reader(path, args, Permission.BACKUP)  # a backup holds every record
    if refused is not None:
        return refused
    try:
        info = backup.create(path, "manual", target=args.out)
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    return _backup_made(str(path), info)


def _list_backups(source: str, folder: Path) -> None:
    from safetywatch.services.maintenance import backup

    print(f"backups of {source} in {folder}:")
    for info in backup.list_backups(folder):
        state = "verified" if info.verified else "NOT verified: " + "; ".join(info.problems[:2])
        print(f"{info.created_utc}  {info.kind:16} seq {info.head_seq:<8} {info.sha256[:16]}  {state}  {info.path}")


def _backup_made(source: str, info: BackupInfo) -> int:
    from safetywatch.services.maintenance import backup

    print(f"backup of {source} written to {info.path}")
    print(f"manifest: {backup.manifest_path(info.path)}")
    print(f"SHA-256: {info.sha256}")
    print(f"chain head: seq {info.head_seq} hash {info.head_hash}")
    if not info.verified:
        for problem in info.problems:
            print(f"FAILED {problem}")
        return EXIT_FAILED
    print("verified: integrity check, audit chain and records OK")
    return EXIT_OK


def _backup_server(address: str, args: argparse.Namespace) -> int:
    """``backup --db postgresql://…``: pg_dump, verified in a scratch database (the address's user must be
    allowed to create one: the administrator's); on a database with accounts the operator logs in first."""
    from safetywatch.db.dialect import shown_url
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.domain.permissions import Permission
    from safetywatch.services.maintenance import server_backup

    try:
        shown = shown_url(address)
        if args.list:
            _list_backups(shown, server_backup.folder_of(address))
            return EXIT_OK
        _server_backup_operator(address, args, Permission.BACKUP)
        info = server_backup.create(address, "manual", target=args.out)
    except (SafetyWatchError, ValueError) as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    return _backup_made(shown, info)


def _server_backup_operator(address: str, args: argparse.Namespace, permission: Permission) -> None:
    """On a server database with accounts: log the operator in (recorded) and refuse a role without
    *permission*. The database is opened as it is: a backup never migrates it."""
    from safetywatch.db.dialect import shown_url
    from safetywatch.db.engine import make_engine
    from safetywatch.services.core.ledger import Ledger
    from safetywatch.services.maintenance.opening import server_notes_path

    ledger = Ledger(path=server_notes_path(address), engine=make_engine(address), server=address)
    try:
        if args.sub_operator is None:
            with ledger.read() as conn:
                if _has_accounts(conn):
                    raise UsageError(
                        f"{shown_url(address)} has user accounts: log in with --operator LOGIN (the password is "
                        "asked for, or read from standard input with --password-stdin)"
                    )
        user_ledger = _operator(ledger, args.sub_operator, args.password_stdin)
        try:
            user_ledger.require(permission)
        finally:
            if user_ledger.engine is not ledger.engine:  # an auditor's ledger has a read-only engine of its own
                user_ledger.engine.dispose()
    finally:
        ledger.engine.dispose()


def cmd_restore(args: argparse.Namespace) -> int:
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services.maintenance import restore, server_backup

    target: Path | str = args.sub_db

    def log_in(ledger: Ledger) -> Ledger:  # in the backup's own accounts
        return _operator(ledger, args.sub_operator, args.password_stdin)

    if isinstance(target, str):
        try:
            done = server_backup.restore(args.source, target, actor=args.sub_operator or "system", log_in=log_in)
        except (SafetyWatchError, ValueError) as exc:
            _err(f"error: {exc}")
            return EXIT_FAILED
        seq, digest = done.head
        print(f"{args.source} restored into {done.address}; verified; chain head: seq {seq} hash {digest}")
        return EXIT_OK
    if target.exists():
        _err(f"error: {target} exists; a backup is restored only into a new file (choose another --db)")
        return EXIT_USAGE
    try:
        result = restore.restore(args.source, target, actor=args.sub_operator or "system", log_in=log_in)
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    seq, digest = result.head
    print(f"{args.source} restored into {result.path}; verified; chain head: seq {seq} hash {digest}")
    return EXIT_OK


def cmd_server_setup(args: argparse.Namespace) -> int:
    """Create (or complete) the office database on a server and its roles; print what was done and the
    addresses the office PCs and the auditor use. Passwords come from --passfile or the terminal."""
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services.maintenance import server_setup

    passwords = server_setup.passwords_from_file(args.passfile) if args.passfile is not None else _ask_role_password
    try:
        done = server_setup.setup(args.admin, args.database, passwords)
    except (SafetyWatchError, ValueError) as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    roles = done.roles
    print(f"database {done.database}: schema {done.schema}")
    for item in done.created:
        print(f"created: {item}")
    for item in done.existing:
        print(f"already there: {item}")
    if done.migrated_from is not None:
        print(f"migrated as {roles.owner} from {done.migrated_from or 'an empty database'} to {done.schema}")
    print(f"office PCs connect with: {server_setup.role_address(args.admin, done.database, roles.app)}")
    print(f"the auditor connects with: {server_setup.role_address(args.admin, done.database, roles.audit)}")
    print("after installing a new SafetyWatch version, run server-setup again: it migrates the database")
    return EXIT_OK


def _ask_role_password(role: str) -> str:
    """The password of a role to create, typed twice on the terminal (no echo)."""
    from safetywatch.domain.errors import SafetyWatchError

    if not sys.stdin.isatty():
        raise SafetyWatchError(
            f"no terminal to ask the password of {role}: give the passwords in a file with --passfile "
            "(lines *:*:*:ROLE:PASSWORD, as in .pgpass)"
        )
    import getpass

    first = getpass.getpass(f"password for the new role {role}: ")
    if getpass.getpass(f"the same password again ({role}): ") != first:
        raise SafetyWatchError(f"the two passwords of {role} differ; nothing was created for it, run again")
    return first


# --- moving a ledger to a server database or back (issue 18) -------------------------------------------


def _add_copy_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    copy = commands.add_parser(
        "copy",
        help="copy a whole ledger with its audit trail into an empty database: an office file to its server "
        "database (postgresql://…), or back",
    )
    copy.add_argument(
        "--from",
        dest="source",
        type=cli_exchange.database_arg,
        required=True,
        metavar="DATABASE",
        help="the ledger to copy: a database file (FILE or sqlite:///FILE) or postgresql://user@host/dbname",
    )
    copy.add_argument(
        "--to",
        dest="copy_to",
        type=cli_exchange.database_arg,
        required=True,
        metavar="DATABASE",
        help="an empty server database, or a database file that does not exist yet",
    )


def cmd_copy(source: Path | str, target: Path | str) -> int:
    """Copy a ledger into an empty database, verify the copy, and print what was copied and the chain head."""
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.services.maintenance.anchors import printed_form
    from safetywatch.services.maintenance.copy_database import copy_database

    if _shown(source) == _shown(target):
        raise UsageError("--from and --to name the same database: --to names the new, empty one")
    started = time.perf_counter()
    try:
        result = copy_database(source, target, progress=lambda table, rows: _err(f"  {table}: {rows:,} rows"))
    except SafetyWatchError as exc:  # refused (nothing written) or the copy did not verify
        _err(f"error: {exc}")
        return EXIT_FAILED
    seq, digest = result.head
    print(
        f"{_shown(source)} copied to {_shown(target)} in {time.perf_counter() - started:.1f} s: "
        f"{sum(result.rows.values()):,} rows in {len(result.rows)} tables"
    )
    for table, rows in result.rows.items():
        if rows:
            print(f"  {table}: {rows:,}")
    print(f"verified: {result.events_checked:,} audit events; the copy's chain head is the original's")
    print(f"chain head: seq {seq} hash {digest} (as printed on reports: {printed_form(seq, digest)})")
    return EXIT_OK


# --- export and import (safetywatch.exchange) ---------------------------------------------------------


def cmd_export(path: Path | str, args: argparse.Namespace) -> int:
    """Export one kind of record; the database is opened read-only, the file replaced only when complete."""
    from safetywatch.db.engine import read_connection
    from safetywatch.domain.errors import SafetyWatchError, ValidationError
    from safetywatch.domain.permissions import Permission
    from safetywatch.exchange import export
    from safetywatch.services.maintenance.opening import local_path

    if _missing(path):
        _err(f"error: no database at {path}")
        return EXIT_USAGE
    refused = _refused_reader(path, args, Permission.EXPORT)
    if refused is not None:
        return refused
    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    filters = export.Filters(args.date_from, args.date_to, args.modified_since, args.modified_until)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if total >= 100_000 and (now - last[0] > 2 or done == total):
            last[0] = now
            _err(f"  {args.what}: {done:,}/{total:,}")

    started = time.perf_counter()
    try:
        engine = _open_for_printing(path)
        try:
            with read_connection(engine) as conn:
                problems = _printing_problems(conn, path, args.unverified)
                manifest = export.export(
                    conn,
                    args.what,
                    args.out,
                    fmt=fmt,
                    filters=filters,
                    progress=progress,
                    unverified=problems,
                    db_path=local_path(path),
                    headers="keys" if args.keys else None,
                )
        finally:
            engine.dispose()
    except ValidationError as exc:
        _err("error: " + "; ".join(e.message for e in exc.errors))
        return EXIT_USAGE
    except SafetyWatchError as exc:
        _discard_if_read_changed(exc, args.out)
        _err(f"error: {exc}")
        return EXIT_FAILED
    seq, digest = manifest.chain_head
    print(
        f"{manifest.rows:,} {args.what} rows written to {args.out} in {time.perf_counter() - started:.1f} s "
        f"(SHA-256 {manifest.sha256}); manifest {export.manifest_path(args.out)}; chain head seq {seq} hash {digest}"
    )
    return EXIT_OK


def cmd_verify_manifest(manifest: Path, db: Path | str | None) -> int:
    """Check an exported file against its manifest (and, with a database, the manifest's chain anchor)."""
    from safetywatch.db.engine import make_engine, read_connection
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.exchange import export
    from safetywatch.services.maintenance.opening import open_for_reading

    if not manifest.exists():
        _err(f"error: no manifest at {manifest}")
        return EXIT_USAGE
    if db is not None and _missing(db):
        _err(f"error: no database at {db}")
        return EXIT_USAGE
    try:
        if db is None:
            check = export.verify_manifest(manifest)
        else:
            engine = make_engine(db, read_only=True) if isinstance(db, Path) else open_for_reading(db)
            try:
                with read_connection(engine) as conn:
                    check = export.verify_manifest(manifest, conn)
            finally:
                engine.dispose()
    except SafetyWatchError as exc:
        _err(f"FAILED: {exc}")
        return EXIT_FAILED
    data = check.manifest
    print(f"file: {check.file} ({data.get('kind')}, {data.get('rows')} rows, SHA-256 {data.get('sha256')})")
    if check.ok:
        print("OK")
        return EXIT_OK
    for problem in check.problems:
        print(f"FAILED {problem}")
    return EXIT_FAILED


def cmd_import(path: Path | str, args: argparse.Namespace) -> int:
    """Import a CSV or XLSX file all or nothing; print every problem by line and column."""
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.exchange import importer
    from safetywatch.services.maintenance.opening import is_blank, open_ledger

    if _missing(path) and not args.new:
        _err(f"error: no database at {path} (pass --new to create an empty one for the import)")
        return EXIT_USAGE
    if not args.file.is_file():
        _err(f"error: no file at {args.file}")
        return EXIT_USAGE
    try:
        exists = not _missing(path)
        blank = exists and (_server_is_blank(str(path)) if _is_server(path) else is_blank(Path(path)))
        if blank and not args.new:
            raise UsageError(_blank_advice(path))
        with contextlib.ExitStack() as scratch:
            target = path
            if args.dry_run and (blank or not exists):
                # a dry run creates nothing: the new ledger it checks the rows against is a temporary one
                folder = scratch.enter_context(tempfile.TemporaryDirectory(prefix="safetywatch-dry-run-"))
                target = Path(folder) / ("dry-run.db" if _is_server(path) else Path(path).name)
            ledger = open_ledger(target, actor=args.sub_operator, seed=exists and not blank)
            try:
                user_ledger = _operator(ledger, args.sub_operator, args.password_stdin)  # logs in once accounts exist
                report = importer.import_file(
                    user_ledger, args.what, args.file, dry_run=args.dry_run, encoding=args.encoding
                )
            finally:
                ledger.close()
    except SafetyWatchError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    print(f"file: {args.file} ({report.encoding or '?'}; SHA-256 {report.sha256 or '?'}); {report.rows:,} rows")
    if not report.ok:
        for error in report.errors:
            print(f"ERROR {error}")
        if report.more_errors:
            print("... (more problems not listed)")
        print("nothing was imported")
        return EXIT_FAILED
    verb = "would create" if args.dry_run else "created"
    print(f"{verb} {report.created:,} {args.what} records; {report.present:,} already present")
    return EXIT_OK


def _server_is_blank(address: str) -> bool:
    """Whether the server database at *address* holds no ledger yet (no schema): a new, empty database."""
    from safetywatch.db.migrate import current_revision
    from safetywatch.services.maintenance.opening import open_for_reading

    engine = open_for_reading(address)
    try:
        return current_revision(engine) is None
    finally:
        engine.dispose()


def _blank_advice(path: Path | str) -> str:
    """What to do about an existing database that holds no ledger, when a command expected one."""
    if _is_server(path):
        return (
            f"{_shown(path)} is an empty server database, not a ledger: nothing was changed. "
            "Pass --new to make it a new, empty ledger for this import"
        )
    path = Path(path)
    if path.stat().st_size == 0:
        return (
            f"{path} is empty (0 bytes), not a ledger: nothing was changed. If it was a ledger that lost its "
            "content, restore a backup; to import into a new ledger, name a file that does not exist and pass --new"
        )
    return (
        f"{path} is an SQLite file without any table, not a ledger: nothing was changed. "
        "Pass --new to make it a new, empty ledger for this import"
    )
