"""An office and N stations with a history of weekly exchanges (``safetywatch demo --stations N``).

Nothing here has a write path of its own: the office's reference data is the demo's
(``maintenance.demo.simulation``), the stations are registered and enrolled as a person would
(``stations``), each station enters its share of one simulated mine through the ordinary services,
and every Sunday evening its bundle goes to the office and the office's reply comes back (``bundles``).
Two things a real network has are staged on purpose, so the exchange page shows them on first start:

* the **late** station (the last one) has not sent its last two weeks, so the office's data for it
  ends two weeks early;
* one **held** change: half-way through, the office writes off (销号) an accepted hazard of the first
  station itself; the station's own write-off arrives the week after and is held for a person to resolve.

Every ledger shares one :class:`demo.SimulatedClock`, so each chain's instants rise with the simulated
week and no event is stamped after the real present.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from safetywatch.domain.clock import SystemClock
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.domain.i18n import tr
from safetywatch.exchange import bundles, stations
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.registry import KINDS
from safetywatch.services.maintenance import demo
from safetywatch.services.maintenance.opening import open_ledger

ACTOR = "演示数据"
OFFICE_FILE = "office.db"
LATE_WEEKS = 2  # the late station's last weeks that never reached the office

#: China's time zone, as in the demo: the exchange happens late on Sunday evening, local time.
_LOCAL_OFFSET = dt.timedelta(hours=8)
_EXCHANGE_AT = dt.timedelta(hours=22, minutes=10)

#: ``progress(line)``: one line per simulated month.
Progress = Callable[[str], None]


def station_file(out_dir: Path, code: str) -> Path:
    return out_dir / f"station-{code}.db"


@dataclass
class StationResult:
    code: str
    path: Path
    workstations: list[str]
    late: bool
    records: int = 0
    hazards: int = 0
    bundles: int = 0
    acked_seq: int = 0  # the last of its events the office acknowledged
    acked_at: str | None = None  # that event's instant


@dataclass
class StationsDemoSummary:
    office: Path
    first_day: dt.date
    last_day: dt.date
    stations: list[StationResult] = field(default_factory=list)
    held: int = 0
    office_hazards: int = 0

    def __str__(self) -> str:
        lines = [
            f"{self.first_day}..{self.last_day}: office {self.office} holds {self.office_hazards:,} hazards; "
            f"{self.held} held change(s) to resolve"
        ]
        for s in self.stations:
            lines.append(
                f"  {s.code} ({','.join(s.workstations)}) {s.path.name}: {s.records:,} records "
                f"({s.hazards:,} hazards), {s.bundles} bundles sent, acknowledged up to event #{s.acked_seq:,}"
                f" of {s.acked_at or '-'}" + (f"; late: its last {LATE_WEEKS} weeks not sent" if s.late else "")
            )
        return "\n".join(lines)


def _weeks(first: dt.date, last: dt.date) -> list[dt.date]:
    """The days each week's exchange happens: every Sunday in the period, and the last day."""
    ends = []
    day = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    while day < last:
        ends.append(day)
        day += dt.timedelta(days=7)
    ends.append(last)
    return ends


def _shares(codes: list[str], count: int) -> list[list[str]]:
    return [codes[k::count] for k in range(count)]


def generate(
    out_dir: Path,
    *,
    stations_count: int,
    scale: str = "tiny",
    years: int = 1,
    until: dt.date | None = None,
    seed: int = 1,
    progress: Progress | None = None,
) -> StationsDemoSummary:
    """Create ``office.db`` and ``station-ST01.db``… in *out_dir* with *years* of weekly exchanges ending
    on *until* (default today); the bundles are left in ``out_dir/bundles``."""
    if scale not in demo.SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(demo.SCALES)}")
    if stations_count < 1:
        raise ValueError("at least one station")
    office_path = out_dir / OFFICE_FILE
    taken = [office_path, *(station_file(out_dir, f"ST{k + 1:02d}") for k in range(stations_count))]
    existing = [p.name for p in taken if p.exists()]
    if existing:
        raise ValidationError.single(
            "out_dir",
            tr("{folder} already holds {files}: give an empty folder for the demo.").format(
                folder=out_dir, files=", ".join(existing)
            ),
        )
    base = demo.SCALES[scale]
    # every station serves at least one workstation
    world = replace(base, workstations_per_mine=max(base.workstations_per_mine, math.ceil(stations_count / base.mines)))
    real = SystemClock()
    first, last = demo.period(until or real.today(), years)
    clock = demo.SimulatedClock(dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC), real=real)
    bundle_dir = out_dir / "bundles"
    bundle_dir.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _line: None)
    with ExitStack() as stack:
        office = open_ledger(office_path, actor=ACTOR, clock=clock)
        stack.callback(office.close)
        with demo.simulation(office, scale=world, first=first, last=last, seed=seed):
            pass  # the office's reference data: mines, units, workstations, inspectors
        stations.make_office(office)
        with office.read() as conn:
            codes = [
                str(r[0]) for r in sql.execute(conn, "SELECT code FROM workstation WHERE voided = 0 ORDER BY code")
            ]
        results: list[StationResult] = []
        ledgers: dict[str, Ledger] = {}
        sims: dict[str, demo.Simulation] = {}
        for k, share in enumerate(_shares(codes, stations_count)):
            code = f"ST{k + 1:02d}"
            new = stations.add_station(office, code, f"{k + 1}号井口群监站", share)
            enrolment = stations.write_enrolment(office, code, bundle_dir / f"enrol_{code}")
            path = station_file(out_dir, code)
            ledger = stations.enrol(enrolment, path, new.enrol_code, clock=clock, actor=ACTOR)
            stack.callback(ledger.close)
            ledgers[code] = ledger
            mine_records = k == 0  # the first station keeps the records that name no workstation
            station_share = demo.StationShare(frozenset(share), mine_records=mine_records)
            sims[code] = stack.enter_context(
                demo.simulation(ledger, scale=world, first=first, last=last, seed=seed, share=station_share)
            )
            results.append(StationResult(code, path, share, late=k == stations_count - 1 and stations_count > 1))
        weeks = _weeks(first, last)
        conflict_from = len(weeks) // 2
        conflict: int | None = None  # the office's hazard it wrote off itself
        for index, week_end in enumerate(weeks):
            for result in results:
                sims[result.code].run_until(week_end)
            instants = _exchange_instants(week_end)

            for result in results:
                if result.late and index >= len(weeks) - LATE_WEEKS:
                    continue
                station = ledgers[result.code]
                clock.now = next(instants)
                sent = bundles.write_station_bundle(station, bundle_dir)
                result.bundles += 1
                clock.now = next(instants)
                bundles.read_station_bundle(office, sent)
                clock.now = next(instants)
                reply = bundles.write_reply(office, result.code, bundle_dir)
                clock.now = next(instants)
                bundles.read_reply(station, reply)
            if conflict is None and index >= conflict_from:
                clock.now = next(instants)
                conflict = _office_writes_off(office, results[0].workstations, week_end)
            if index + 1 == len(weeks) or weeks[index + 1].month != week_end.month:
                say(f"  {week_end:%Y-%m} simulated and exchanged")
        return _summary(office, ledgers, results, first, last)


def _exchange_instants(day: dt.date) -> Iterator[dt.datetime]:
    """Sunday evening's exchange, a minute a step, after the day's last entries (21:59 local)."""
    local = dt.datetime.combine(day, dt.time()) + _EXCHANGE_AT
    while True:
        yield (local - _LOCAL_OFFSET).replace(tzinfo=dt.UTC)
        local += dt.timedelta(minutes=1)


def _office_writes_off(office: Ledger, workstations: list[str], day: dt.date) -> int | None:
    """At the office, write off (销号) the station's most recently accepted hazard before the station does:
    the station's own write-off then arrives against a record the office has changed."""
    marks = ", ".join("?" * len(workstations))
    with office.read() as conn:
        found = sql.scalar(
            conn,
            f"SELECT h.id FROM hazard h JOIN workstation w ON w.id = h.workstation_id WHERE h.status = 'accepted' "
            f"AND h.voided = 0 AND w.code IN ({marks}) ORDER BY h.id DESC LIMIT 1",
            tuple(workstations),
        )
    if found is None:
        return None  # none accepted this week: try next week
    hazards.act(office, int(found), StepInput(HazardAction.CLOSE, day, person="安监处"))
    return int(found)


def _records(ledger: Ledger) -> tuple[int, int]:
    with ledger.read() as conn:
        counts = {
            name: int(sql.scalar(conn, f"SELECT count(*) FROM {kind.table.name}") or 0)
            for name, kind in KINDS.items()
            if kind.parent is None
        }
    return sum(counts.values()), counts.get("hazard", 0)


def _summary(
    office: Ledger, ledgers: dict[str, Ledger], results: list[StationResult], first: dt.date, last: dt.date
) -> StationsDemoSummary:
    summary = StationsDemoSummary(office=Path(str(office.engine.url.database)), first_day=first, last_day=last)
    for result in results:
        result.records, result.hazards = _records(ledgers[result.code])
        with office.read() as conn:
            row = sql.first(
                conn,
                "SELECT s.acked_seq, (SELECT e.at_utc FROM station_event e WHERE e.station_id = s.id "
                "AND e.seq = s.acked_seq) FROM exchange_station s WHERE s.code = ?",
                (result.code,),
            )
        if row is not None:
            result.acked_seq, result.acked_at = int(row[0]), row[1]
        summary.stations.append(result)
    with office.read() as conn:
        summary.held = len(bundles.held_changes(conn))
    summary.office_hazards = _records(office)[1]
    return summary
