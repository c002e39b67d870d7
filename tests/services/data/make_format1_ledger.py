"""How ``format1_ledger.db.gz`` was made: by the program before issue 14 (commit 6cdcbb8), whose every audit
event is format 1. Kept to show what the fixture holds; it runs only against that version's source:

    git archive 6cdcbb8 | tar -x -C /tmp/old && PYTHONPATH=/tmp/old python make_format1_ledger.py out.db

Then ``gzip -9``. The ledger: the seeded defaults; three hazards found on 20 May 2026 (one open, one taken
to 整改中 by two steps, one fixed on site), a shift sheet, and May closed with its report.
"""

import datetime as dt
import sqlite3
import sys
from pathlib import Path

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.reports import closing
from safetywatch.services.kinds import duty, hazards
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.hazards import StepInput
from tests.helpers import card, refs, seeded_ledger

out = Path(sys.argv[1])
ledger = seeded_ledger(out, FixedClock(dt.datetime(2026, 6, 2, 1, 30, tzinfo=dt.UTC)))
r = refs(ledger)
day = dt.date(2026, 5, 20)
hazards.register(ledger, card(r, found_date=day))
steps = hazards.register(ledger, card(r, found_date=day, location="1202工作面回风巷"))
hazards.register(ledger, card(r, found_date=day, fixed_on_site=True))
hazards.act(ledger, int(steps["id"]), StepInput(A.ISSUE_NOTICE, day, person="王队长"))
hazards.act(ledger, int(steps["id"]), StepInput(A.START_RECTIFICATION, day, person="李工"))
duty.save_sheet(ledger, SheetInput(r.workstation, day, r.shifts["1"], (Mark(r.inspectors["Q001"]),)))
closing.close_month(ledger, "2026-05", organisation="东山煤矿", generated_at=dt.datetime(2026, 6, 2, 9, 30))
ledger.close()
with sqlite3.connect(out) as conn:
    conn.execute("VACUUM")
