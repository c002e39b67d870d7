"""Command line of the station ↔ office exchange (issue 15; docs/exchange.md):

    safetywatch office init --db DB
    safetywatch station add --db OFFICE --code CODE --name NAME --workstations C1,C2 --out FILE
    safetywatch station enrol --from FILE --db STATION_DB --enrol-code CODE [--office-key FINGERPRINT] [--check]
    safetywatch station enrolment --db OFFICE --code CODE --out FILE
    safetywatch station list --db OFFICE
    safetywatch station recover --db OFFICE --code CODE --out PATH
    safetywatch station take-over --db OFFICE --record NUMBER_OR_UUID --reason TEXT
    safetywatch station retire --db OFFICE --code CODE --reason TEXT
    safetywatch bundle write --db DB --out PATH [--station CODE]
    safetywatch bundle read --db DB FILE...
    safetywatch bundle check FILE [--db DB]

Writing commands take ``--operator``/``--password-stdin`` on a database with accounts, like the others.
Exit codes as everywhere: 0 ok, 1 refused or failed (nothing of a refused bundle written), 2 usage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safetywatch.services.core.ledger import Ledger

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("office", "station", "bundle")


def database_arg(text: str) -> Path | str:
    """A ``--db`` value (here and in :mod:`safetywatch.cli`): a database file (also written ``sqlite:///FILE``)
    or a PostgreSQL address, ``postgresql://user@host/dbname``, checked here so a typo is a usage error."""
    if "://" not in text:
        return Path(text)
    scheme, rest = text.split("://", 1)
    if scheme.lower() == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise argparse.ArgumentTypeError(f"{text!r}: write a database file as sqlite:///FILE or just FILE")
        return Path(rest[1:])
    from safetywatch.db.dialect import is_server_url, server_url

    if not is_server_url(text):
        raise argparse.ArgumentTypeError(
            f"{scheme}:// is not a database address: name a database file, or a PostgreSQL database as "
            "postgresql://user@host/dbname"
        )
    try:
        server_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def login(command: argparse.ArgumentParser) -> None:
        command.add_argument("--operator", dest="sub_operator", help="login (needed on a database with user accounts)")
        command.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    office = commands.add_parser("office", help="make this database the office that gathers the stations' records")
    office_do = office.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = office_do.add_parser("init", help="make a standalone database the office (keeps its records)")
    init.add_argument("--db", type=database_arg, dest="sub_db", help="the database to make the office")
    login(init)

    station = commands.add_parser("station", help="register, enrol and list pit-head stations")
    station_do = station.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = station_do.add_parser("add", help="at the office: register a station and write its enrolment bundle")
    add.add_argument("--db", type=database_arg, dest="sub_db", help="the office database")
    add.add_argument("--code", required=True, help="station code, e.g. ST01")
    add.add_argument("--name", required=True, help="station name, e.g. 一号井口群监站")
    add.add_argument("--workstations", required=True, help="codes of the workstations it serves: JK01,JK02")
    add.add_argument("--out", type=Path, required=True, help="where to write the enrolment bundle")
    login(add)
    enrol = station_do.add_parser(
        "enrol",
        help="on the station PC: create its database from an enrolment bundle (or, for a PC with records, join it)",
    )
    enrol.add_argument("--from", dest="source", type=Path, required=True, help="the enrolment bundle")
    enrol.add_argument(
        "--db", type=database_arg, dest="sub_db", help="the new station database file, or this PC's database"
    )
    enrol.add_argument("--enrol-code", help="the one-time code the office gave (XXXX-XXXX)")
    enrol.add_argument("--office-key", help="the office key's fingerprint as the office read it out (checked)")
    enrol.add_argument(
        "--check", action="store_true", help="a PC with records: list what joining would do and every mismatch"
    )
    login(enrol)  # a PC with records and accounts: its administrator joins it
    again = station_do.add_parser(
        "enrolment", help="at the office: write a registered station's enrolment bundle again (same enrolment code)"
    )
    again.add_argument("--db", type=database_arg, dest="sub_db", help="the office database")
    again.add_argument("--code", required=True, help="the station's code")
    again.add_argument("--out", type=Path, required=True, help="where to write the enrolment bundle")
    login(again)
    recover = station_do.add_parser(
        "recover", help="at the office: a station's own events, for a station restored from an older backup"
    )
    recover.add_argument("--db", type=database_arg, dest="sub_db", help="the office database")
    recover.add_argument("--code", required=True, help="the station's code")
    recover.add_argument("--out", type=Path, required=True, help="a folder or a file name for the bundle")
    login(recover)
    take = station_do.add_parser(
        "take-over", help="at the office: take a station's record over (read-only at the station from its next reply)"
    )
    take.add_argument("--db", type=database_arg, dest="sub_db", help="the office database")
    take.add_argument("--record", required=True, help="the record's number (JK01-2026-00017) or uuid")
    take.add_argument("--reason", required=True, help="why the office takes it over (e.g. 挂牌督办)")
    login(take)
    retire = station_do.add_parser(
        "retire", help="at the office: retire a station whose PC is gone, freeing its workstations for a new one"
    )
    retire.add_argument("--db", type=database_arg, dest="sub_db", help="the office database")
    retire.add_argument("--code", required=True, help="the station's code")
    retire.add_argument("--reason", required=True, help="why, e.g. 井口电脑硬盘损坏，无可用备份")
    login(retire)
    listing = station_do.add_parser("list", help="at the office: stations, their last bundle and what is held")
    listing.add_argument("--db", type=database_arg, dest="sub_db", help="the office database")
    login(listing)

    bundle = commands.add_parser("bundle", help="write, read and check exchange bundles")
    bundle_do = bundle.add_subparsers(dest="action", metavar="ACTION", required=True)
    write = bundle_do.add_parser("write", help="station: its bundle for the office; office: replies")
    write.add_argument("--db", type=database_arg, dest="sub_db", help="the database")
    write.add_argument("--out", type=Path, required=True, help="a folder (standard file names) or a file name")
    write.add_argument("--station", help="office: the reply for this station only (default: every station)")
    login(write)
    read = bundle_do.add_parser("read", help="office: take in station bundles; station: read the office's reply")
    read.add_argument("--db", type=database_arg, dest="sub_db", help="the database")
    read.add_argument("files", type=Path, nargs="+", metavar="FILE", help="bundles (*.swbundle), in any order")
    login(read)
    check = bundle_do.add_parser("check", help="check a bundle without taking it in")
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument(
        "--db", type=database_arg, dest="sub_db", help="the office database: also check signer and range"
    )


def run(args: argparse.Namespace, db: Path | str | None, err: Any, operator: Any) -> int:
    """Run an exchange command. *err*: prints one line to stderr; *operator*: the CLI's log-in of a writer."""
    from safetywatch.domain.errors import SafetyWatchError, ValidationError

    try:
        return _dispatch(args, db, err, operator)
    except ValidationError as exc:
        err("error: " + "; ".join(e.message for e in exc.errors))
        return EXIT_FAILED
    except SafetyWatchError as exc:
        err(f"error: {exc}")
        return EXIT_FAILED


def _dispatch(args: argparse.Namespace, db: Path | str | None, err: Any, operator: Any) -> int:
    from safetywatch.exchange import bundle_file, bundles, stations

    command, action = args.command, args.action
    if command == "station" and action == "enrol":
        if db is None:
            err("error: name the new station database: --db STATION_DB")
            return EXIT_USAGE
        if not isinstance(db, Path):  # a station works offline at the pit head: always on its own file
            err("error: a station's database is a file on its PC, not a server database: --db STATION_DB")
            return EXIT_USAGE
        if db.exists() and db.stat().st_size > 0:
            return _join(args, db, err, operator)
        if args.check:
            err(f"error: --check is for a PC with records; there is no database at {db} (enrol creates it)")
            return EXIT_USAGE
        if not args.enrol_code:
            err("error: give the one-time code the office gave: --enrol-code XXXX-XXXX")
            return EXIT_USAGE
        ledger = stations.enrol(args.source, db, args.enrol_code, office_fingerprint=args.office_key)
        with ledger.read() as conn:
            me = stations.identity(conn)
            key = stations.signing_key(conn)
        ledger.close()
        assert key is not None
        print(f"station {me.code} enrolled: {db}")
        print(f"this station's key: {bundle_file.key_fingerprint(key[1])}")
        return EXIT_OK
    if command == "bundle" and action == "check":
        return _check(args, db)
    if db is None or (isinstance(db, Path) and not db.exists()):  # a server database is checked when opened
        err(f"error: no database at {db}" if db else "error: name the database: --db DB")
        return EXIT_USAGE
    ledger = _open(db)
    try:
        ledger = operator(ledger, args.sub_operator, args.password_stdin)
        if command == "office":
            me = stations.make_office(ledger)
            with ledger.read() as conn:
                key = stations.signing_key(conn)
            assert key is not None
            print(f"{_shown(db)} is the office ({me.uuid}); its key: {bundle_file.key_fingerprint(key[1])}")
            return EXIT_OK
        if command == "station" and action == "add":
            codes = [c.strip() for c in args.workstations.split(",") if c.strip()]
            new = stations.add_station(ledger, args.code, args.name, codes)
            path = stations.write_enrolment(ledger, args.code, args.out)
            with ledger.read() as conn:
                key = stations.signing_key(conn)
            assert key is not None
            print(f"station {args.code} registered; enrolment bundle written to {path}")
            print(f"enrolment code (give it to the station, once): {new.enrol_code}")
            print(f"office key fingerprint (the station checks it): {bundle_file.key_fingerprint(key[1])}")
            return EXIT_OK
        if command == "station" and action == "enrolment":
            path = stations.write_enrolment(ledger, args.code, args.out)
            print(f"enrolment bundle for {args.code} written again: {path} (the enrolment code is unchanged)")
            return EXIT_OK
        if command == "station" and action == "recover":
            path = bundles.write_recovery(ledger, args.code, args.out)
            print(f"recovery bundle for {args.code} written: {path} (read it at the station with: bundle read)")
            return EXIT_OK
        if command == "station" and action == "take-over":
            from safetywatch.exchange import transfers

            transfer = transfers.take_over(ledger, None, args.record, args.reason)
            print(
                f"{transfer['entity']} {args.record.strip()} taken over by the office; read-only at the station "
                "once it reads its next reply (bundle write --station CODE)"
            )
            return EXIT_OK
        if command == "station" and action == "retire":
            retired = stations.retire_station(ledger, args.code, args.reason)
            print(
                f"station {args.code} retired; its workstations {retired['workstation_codes']} are free for the "
                f"station that replaces it (register it under a new code: station add); its events stay as evidence"
            )
            return EXIT_OK
        if command == "station":  # list
            with ledger.read() as conn:
                held = bundles.held_changes(conn)
                for row in bundles.stations(conn):
                    print(
                        f"{row['code']}\t{row['name']}\t{row['workstations']}\tlast event #{row['last_seq']} "
                        f"({row['last_event_at'] or '—'})\tlast bundle {row['last_bundle_at'] or 'none'}\t"
                        f"held {row['held']}"
                    )
                    for change in (c for c in held if c["station"] == row["code"]):
                        print(f"  held: {_held_line(change)}")
            return EXIT_OK
        if action == "write":
            return _write(ledger, args)
        return _read(ledger, args, err)
    finally:
        ledger.close()


def _held_line(change: dict[str, Any]) -> str:
    """One held change as ``station list`` shows it: event, record, cause and why (rendered now)."""
    from safetywatch.domain.record_labels import table_label
    from safetywatch.exchange import held_messages

    return (
        f"#{change['seq']} {table_label(str(change['entity']))} {change['action']} ({change['cause']}): "
        f"{held_messages.render(change['message'])}"
    )


def _join(args: argparse.Namespace, db: Path, err: Any, operator: Any) -> int:
    """A PC with records: its plan and mismatches (``--check``), or the join itself when nothing mismatches.
    On a database with accounts its administrator logs in (the carried records are audited in their name)."""
    from safetywatch.domain.permissions import Permission
    from safetywatch.exchange import join

    ledger = _open(db)
    try:
        signed = operator(ledger, args.sub_operator, args.password_stdin)
        signed.require(Permission.EDIT_SETTINGS)
        actor = str(signed.acting_as)
    finally:
        ledger.close()
    plan = join.plan_join(db, args.source, args.office_key)
    for line in plan.lines():
        print(line)
    if args.check or plan.mismatches:
        if plan.mismatches and not args.check:
            err(f"error: {len(plan.mismatches)} mismatches (listed above): nothing was changed")
        return EXIT_FAILED if plan.mismatches else EXIT_OK
    if not args.enrol_code:
        err("error: give the one-time code the office gave: --enrol-code XXXX-XXXX")
        return EXIT_USAGE
    joined = join.join(db, args.source, args.enrol_code, office_fingerprint=args.office_key, actor=actor)
    print(f"{db} is now station {plan.station_code}: {joined.carried} records carried")
    print(f"the database as it was is kept (verified backup): {joined.kept}")
    return EXIT_OK


def _shown(db: Path | str) -> str:
    from safetywatch.services.maintenance.opening import shown_name

    return shown_name(db)  # a server address without its password


def _open(db: Path | str) -> Ledger:
    from safetywatch.services.maintenance.opening import open_ledger

    return open_ledger(db, seed=False)


def _write(ledger: Ledger, args: argparse.Namespace) -> int:
    from safetywatch.domain.errors import ValidationError
    from safetywatch.exchange import bundle_file, bundles, stations

    with ledger.read() as conn:
        me = stations.identity(conn)
        codes = [row["code"] for row in bundles.stations(conn)] if me.role == stations.OFFICE else []
    if me.role == stations.STATION:
        path = bundles.write_station_bundle(ledger, args.out)
        print(f"bundle written: {path}")
        return EXIT_OK
    if me.role != stations.OFFICE:
        raise ValidationError.single(
            "",
            "This database is neither a station nor the office: a single PC doing everything exchanges nothing. "
            "Make it the office with: safetywatch office init --db DB",
        )
    if args.station:
        codes = [args.station]
    if not codes:
        print("no station is registered: nothing to reply to")
        return EXIT_OK
    if args.out.suffix != bundle_file.SUFFIX or len(codes) > 1:
        args.out.mkdir(parents=True, exist_ok=True)  # replies go into a folder, one file per station
    for code in codes:
        path = bundles.write_reply(ledger, code, args.out)
        print(f"reply for {code} written: {path}")
    return EXIT_OK


def _read(ledger: Ledger, args: argparse.Namespace, err: Any) -> int:
    from safetywatch.domain.errors import SafetyWatchError
    from safetywatch.exchange import bundles, stations

    with ledger.read() as conn:
        role = stations.identity(conn).role
    refused = 0
    for path in args.files:
        try:
            if role == stations.STATION and bundles.check_bundle(None, path)["kind"] == "recovery":
                taken = bundles.read_recovery(ledger, path)
                print(f"{path}: {taken} of this station's own events taken back from the office")
                continue
            if role == stations.STATION:
                result = bundles.read_reply(ledger, path)
                acked, changes = result["acked_seq"], result["reference_changes"]
                print(f"{path}: acknowledged up to #{acked}; {changes} reference changes")
                continue
            report = bundles.read_station_bundle(ledger, path)
        except SafetyWatchError as exc:
            refused += 1
            err(f"refused {path}: {exc}")
            continue
        if report.changed_nothing:
            print(
                f"{path}: station {report.station} #{report.first_seq}–#{report.last_seq} already held; nothing to do"
            )
            continue
        a = report.applied
        print(
            f"{path}: station {report.station} #{report.first_seq}–#{report.last_seq}: {report.new_events} new events, "
            f"{a.applied} applied, {len(a.held)} held, {a.skipped} kept only in the station's chain"
        )
        for line in a.held:
            print(f"  held: {line}")
        for late in a.closed_month:
            print(f"  dated in closed {late.month}, listed as a correction in the next open month's report: {late}")
    return EXIT_FAILED if refused else EXIT_OK


def _check(args: argparse.Namespace, db: Path | str | None) -> int:
    from safetywatch.db.engine import make_engine, read_connection
    from safetywatch.exchange import bundles
    from safetywatch.services.maintenance.opening import open_for_reading

    if db is None:
        summary = bundles.check_bundle(None, args.file)
    else:
        engine = make_engine(db, read_only=True) if isinstance(db, Path) else open_for_reading(db)
        try:
            with read_connection(engine) as conn:
                summary = bundles.check_bundle(conn, args.file)
        finally:
            engine.dispose()
    manifest = summary["manifest"]
    shown = {k: manifest.get(k) for k in ("kind", "station", "range", "ack", "counts", "created_at", "created_by")}
    print(f"{args.file}: a readable {summary['kind']} bundle, SHA-256 {summary['sha256']}")
    print(json.dumps({k: v for k, v in shown.items() if v is not None}, ensure_ascii=False, indent=1))
    return EXIT_OK
