"""The monthly allowance (津贴) of an inspector: measures the rules can test (engine: issue 3)."""

from __future__ import annotations

#: (measure key, English label). Threshold ``None`` on a rule means "the month's norm" and is only
#: meaningful for the first three (norms are pro-rated for days in office and exempt shifts).
METRICS: tuple[tuple[str, str], ...] = (
    ("duty_shifts", "Duty shifts"),
    ("reports", "Substantive reports"),
    ("suggestions", "Suggestions made"),
    ("hazards_found", "Hazards found"),
    ("major_hazards_found", "Major hazards found"),
    ("violations_stopped", "三违 stopped"),
    ("own_violations", "Own 三违"),
    ("team_serious_violations", "Serious 三违 in own team"),
)
NORM_METRICS = frozenset({"duty_shifts", "reports", "suggestions"})
