"""The monthly allowance (津贴) of an inspector: an ordered, effective-dated rule set (domain.md §1.5).

Rule kinds, applied to one inspector-month's *measures* (counts) and *required* values (pro-rated norms):

- ``base``: the starting amount (several valid base rules add up);
- ``gate``: ``measure op threshold`` cancels the whole month (every gate is still evaluated and listed);
- ``deduction``: ``amount × max(0, threshold − measure)`` — per missing item;
- ``bonus``: ``amount × max(0, measure − threshold)`` — per item over the threshold (0 = per item);
- ``cap``: the total may not exceed the amount (several caps: the lowest). The floor is always 0.

A threshold of ``None`` means "the month's required value" and is only allowed for the norm measures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr

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
KINDS = ("base", "gate", "deduction", "bonus", "cap")
_LABELS = dict(METRICS)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    metric: str | None = None
    op: str | None = None  # gate: lt | ge
    threshold: int | None = None
    amount_yuan: int = 0


@dataclass(frozen=True)
class Line:
    """What one rule did to one inspector-month."""

    rule_code: str
    rule_name: str
    kind: str
    metric: str | None
    measure: int | None
    threshold: int | None
    effect_yuan: int  # + for base and bonus, − for deductions, 0 for gates and caps
    fired: bool


@dataclass(frozen=True)
class AllowanceResult:
    amount_yuan: int
    lines: tuple[Line, ...]
    cancelled_by: tuple[str, ...]  # codes of the gates that fired
    capped_at: int | None = None


def check_rules(rules: Iterable[Rule]) -> None:
    """Refuse a rule set that cannot be applied (so a month is never computed from a broken rule)."""
    errors = []
    for rule in rules:
        where = f"{rule.code} {rule.name}"
        if rule.kind not in KINDS:
            errors.append(tr("Rule {rule}: unknown kind “{kind}”.").format(rule=where, kind=rule.kind))
        elif rule.kind in ("gate", "deduction", "bonus") and rule.metric not in _LABELS:
            errors.append(tr("Rule {rule}: choose what it measures.").format(rule=where))
        elif rule.kind == "gate" and rule.op not in ("lt", "ge"):
            errors.append(tr("Rule {rule}: a gate needs “less than” or “at least”.").format(rule=where))
        elif rule.threshold is None and rule.kind in ("gate", "deduction", "bonus") and rule.metric not in NORM_METRICS:
            message = tr(
                "Rule {rule}: only duty shifts, reports and suggestions have a monthly norm; give a threshold."
            )
            errors.append(message.format(rule=where))
    if errors:
        raise ValidationError.single("rules", " ".join(errors))


def compute(rules: Iterable[Rule], measures: Mapping[str, int], required: Mapping[str, int]) -> AllowanceResult:
    """Apply *rules* in the given order to one inspector-month."""
    ordered = list(rules)
    check_rules(ordered)
    lines: list[Line] = []
    total = 0
    cancelled: list[str] = []
    caps: list[int] = []
    for rule in ordered:
        measure = measures.get(rule.metric, 0) if rule.metric else None
        threshold = rule.threshold
        if threshold is None and rule.metric in NORM_METRICS:
            threshold = required.get(rule.metric, 0)
        effect, fired = 0, False
        if rule.kind == "base":
            effect, fired = rule.amount_yuan, True
        elif rule.kind == "gate":
            assert measure is not None and threshold is not None
            fired = measure < threshold if rule.op == "lt" else measure >= threshold
            if fired:
                cancelled.append(rule.code)
        elif rule.kind == "deduction":
            assert measure is not None and threshold is not None
            effect = -rule.amount_yuan * max(0, threshold - measure)
            fired = effect != 0
        elif rule.kind == "bonus":
            assert measure is not None and threshold is not None
            effect = rule.amount_yuan * max(0, measure - threshold)
            fired = effect != 0
        else:  # cap
            caps.append(rule.amount_yuan)
        total += effect
        lines.append(Line(rule.code, rule.name, rule.kind, rule.metric, measure, threshold, effect, fired))
    cap = min(caps) if caps else None
    amount = max(0, total)
    if cap is not None and amount > cap:
        amount = cap
    else:
        cap = None
    if cancelled:
        amount = 0
    return AllowanceResult(amount, tuple(lines), tuple(cancelled), cap)


def as_json(result: AllowanceResult) -> str:
    """The breakdown stored with an approved month (canonical: sorted keys, no spaces)."""
    payload = {
        "amount_yuan": result.amount_yuan,
        "cancelled_by": list(result.cancelled_by),
        "capped_at": result.capped_at,
        "lines": [asdict(line) for line in result.lines],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str) -> AllowanceResult:
    data = json.loads(text)
    lines = tuple(Line(**line) for line in data["lines"])
    return AllowanceResult(data["amount_yuan"], lines, tuple(data["cancelled_by"]), data["capped_at"])


def explain(result: AllowanceResult) -> str:
    """The computation in words, one sentence per rule that mattered, e.g. for the officer to read out."""
    parts: list[str] = []
    for line in result.lines:
        measure_name = tr(_LABELS[line.metric]) if line.metric in _LABELS else ""
        if line.kind == "base":
            parts.append(tr("{rule}: {amount} yuan.").format(rule=line.rule_name, amount=line.effect_yuan))
        elif line.kind == "gate" and line.fired:
            parts.append(
                tr("{rule}: {measure} {value} (norm {threshold}) — the month's allowance is cancelled.").format(
                    rule=line.rule_name, measure=measure_name, value=line.measure, threshold=line.threshold
                )
            )
        elif line.kind == "deduction" and line.fired:
            parts.append(
                tr("{rule}: {measure} {value} of {threshold}, minus {amount} yuan.").format(
                    rule=line.rule_name,
                    measure=measure_name,
                    value=line.measure,
                    threshold=line.threshold,
                    amount=-line.effect_yuan,
                )
            )
        elif line.kind == "bonus" and line.fired:
            parts.append(
                tr("{rule}: {measure} {value}, plus {amount} yuan.").format(
                    rule=line.rule_name, measure=measure_name, value=line.measure, amount=line.effect_yuan
                )
            )
    if result.capped_at is not None:
        parts.append(tr("Capped at {amount} yuan.").format(amount=result.capped_at))
    parts.append(tr("Paid: {amount} yuan.").format(amount=result.amount_yuan))
    return " ".join(parts)
